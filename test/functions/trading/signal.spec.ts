import assert from "node:assert/strict";
import { createCodec, decode, encode } from "../../../functions/lib/codec";
import { setSink } from "../../../functions/lib/log";
import { writeFrame, type FrameMessage } from "../../../functions/trading/frame-writer";
import { MemoryTickSink, normalizeFunction } from "../../../functions/trading/normalize";
import type { Tick } from "../../../functions/trading/tick";
import { InMemoryIdempotencyStore } from "../../../functions/lib/idempotency";
import { orderFunction } from "../../../functions/trading/order-function";
import { SimulatedVenue } from "../../../functions/trading/venue";
import { SignalEngine, type Signal } from "../../../functions/trading/signal";

type Quote = [bid: number, bidSize: number, ask: number, askSize: number];

function quoteTick(seq: number, [bid, bidSize, ask, askSize]: Quote, symbol = "AAPL"): Tick {
  return {
    venue: "NASDAQ",
    symbol,
    seq,
    ts: seq * 1_000,
    bid,
    bidSize,
    ask,
    askSize,
    last: null,
    lastSize: null,
  };
}

/** Quotes whose EMA(half-life 1) of mid is 100.5, 101, 101.25, 101.375, …, 101.46875, 100.984375. */
const SCRIPT: Tick[] = [
  quoteTick(1, [100, 100, 101, 100]),
  quoteTick(2, [101, 100, 102, 100]),
  quoteTick(3, [101, 400, 102, 100]),
  quoteTick(4, [101, 400, 102, 100]),
  { ...quoteTick(5, [101, 400, 102, 100]), last: 102, lastSize: 10 },
  quoteTick(6, [101, 100, 102, 100]),
  quoteTick(7, [101, 400, 102, 100]),
  quoteTick(8, [100, 100, 101, 400]),
];

const RULE = { warmup: 2, emaHalfLife: 1, threshold: 0.3 };

function run(engine: SignalEngine, ticks: readonly Tick[]): [number, Signal][] {
  const out: [number, Signal][] = [];
  for (const tick of ticks) {
    const signal = engine.onTick(tick);
    if (signal) out.push([tick.seq, signal]);
  }
  return out;
}

describe("functions/trading/signal", () => {
  it("signals on each turn to BUY or SELL, never again while the state persists", () => {
    assert.deepEqual(run(new SignalEngine(RULE), SCRIPT), [
      [
        3,
        {
          order: {
            orderId: "sig:NASDAQ:AAPL:3:3000",
            account: "signals",
            symbol: "AAPL",
            side: "buy",
            type: "limit",
            quantity: 100,
            limitPrice: 102,
            venue: null,
          },
          reason: "imbalance 0.6 >= 0.3 and mid 101.5 > EMA 101.25",
          imbalance: 0.6,
          mid: 101.5,
          ema: 101.25,
        },
      ],
      [
        7,
        {
          order: {
            orderId: "sig:NASDAQ:AAPL:7:7000",
            account: "signals",
            symbol: "AAPL",
            side: "buy",
            type: "limit",
            quantity: 100,
            limitPrice: 102,
            venue: null,
          },
          reason: "imbalance 0.6 >= 0.3 and mid 101.5 > EMA 101.46875",
          imbalance: 0.6,
          mid: 101.5,
          ema: 101.46875,
        },
      ],
      [
        8,
        {
          order: {
            orderId: "sig:NASDAQ:AAPL:8:8000",
            account: "signals",
            symbol: "AAPL",
            side: "sell",
            type: "limit",
            quantity: 100,
            limitPrice: 100,
            venue: null,
          },
          reason: "imbalance -0.6 <= -0.3 and mid 100.5 < EMA 100.984375",
          imbalance: -0.6,
          mid: 100.5,
          ema: 100.984375,
        },
      ],
    ]);
  });

  it("stays silent until the EMA has its warm-up updates", () => {
    assert.deepEqual(run(new SignalEngine({ ...RULE, warmup: 9 }), SCRIPT), []);
  });

  it("keeps the threshold: an imbalance below it never signals", () => {
    assert.deepEqual(run(new SignalEngine({ ...RULE, threshold: 0.61 }), SCRIPT), []);
  });

  it("derives the same order ids from the same ticks in another instance", () => {
    const ids = (engine: SignalEngine) => run(engine, SCRIPT).map(([, s]) => s.order.orderId);
    assert.deepEqual(ids(new SignalEngine(RULE)), ids(new SignalEngine(RULE)));
  });

  it("emits orders the order function accepts unchanged after a msgpack round trip", () => {
    const orders = run(
      new SignalEngine({ ...RULE, venue: "SIM", account: "desk-1", quantity: 5 }),
      SCRIPT,
    ).map(([, s]) => s.order);
    const fn = orderFunction();
    for (const order of orders) assert.deepEqual(fn.parse(decode(encode(order))), order);
    assert.deepEqual(
      orders.map((o) => [o.account, o.quantity, o.venue]),
      [
        ["desk-1", 5, "SIM"],
        ["desk-1", 5, "SIM"],
        ["desk-1", 5, "SIM"],
      ],
    );
  });

  it("gives the signals of a feed restarted at sequence 1 new ids, so the order function executes them", async () => {
    const before = run(new SignalEngine(RULE), SCRIPT).map(([, s]) => s.order);
    // The feed restarts an hour later: the same sequence numbers, later times of day.
    const restarted = SCRIPT.map((t) => ({ ...t, ts: t.ts + 3_600_000_000_000 }));
    const after = run(new SignalEngine(RULE), restarted).map(([, s]) => s.order);
    assert.deepEqual(
      after.map((o) => o.orderId),
      [
        "sig:NASDAQ:AAPL:3:3600000003000",
        "sig:NASDAQ:AAPL:7:3600000007000",
        "sig:NASDAQ:AAPL:8:3600000008000",
      ],
    );
    const venue = new SimulatedVenue("NASDAQ").quote("AAPL", { bid: 100, ask: 102, size: 1_000 });
    const store = new InMemoryIdempotencyStore(() => 0);
    const fn = orderFunction({ store: () => store, venues: () => new Map([["NASDAQ", venue]]) });
    const replayed = [];
    for (const order of [...before, ...after, ...before]) {
      replayed.push((await fn.handle(fn.parse({ ...order, venue: "NASDAQ" }))).replayed);
    }
    // Six orders executed; only the redelivered first three replay their confirmations.
    assert.deepEqual(replayed, [false, false, false, false, false, false, true, true, true]);
  });

  it("drops a signal on a symbol the order function would refuse, and logs why", () => {
    const lines: string[] = [];
    const previous = setSink((line) => lines.push(line));
    try {
      const engine = new SignalEngine(RULE);
      assert.deepEqual(
        run(
          engine,
          SCRIPT.slice(0, 3).map((t) => ({ ...t, symbol: "aapl" })),
        ),
        [],
      );
    } finally {
      setSink(previous);
    }
    assert.deepEqual(
      lines.map((l) => JSON.parse(l) as unknown),
      [
        {
          severity: "WARNING",
          message: "signal dropped",
          symbol: "aapl",
          seq: 3,
          reason:
            'order.symbol: has the wrong format, got "aapl". Use an upper-case ticker such as AAPL.',
        },
      ],
    );
  });

  it("rejects a half-life that is not positive when the engine is built", () => {
    assert.throws(() => new SignalEngine({ emaHalfLife: 0 }), {
      message:
        "indicators.halfLife: must be a finite number greater than 0, got 0. Set the half-life in updates, e.g. 20.",
    });
  });

  it("publishes signalled orders beside the ticks of a frame, once per redelivered frame", async () => {
    const sink = new MemoryTickSink();
    const fn = normalizeFunction({ venue: "NASDAQ", sink, signals: RULE });
    const messages: FrameMessage[] = SCRIPT.filter((t) => t.last === null).map((t) => ({
      type: "Q",
      locate: 13,
      ts: t.ts,
      symbol: t.symbol,
      bid: t.bid ?? 0,
      bidSize: t.bidSize ?? 0,
      ask: t.ask ?? 0,
      askSize: t.askSize ?? 0,
    }));
    const lines: string[] = [];
    const previous = setSink((line) => lines.push(line));
    try {
      const frame = writeFrame("S1", 1, messages);
      await fn.handle(fn.parse(frame));
      await fn.handle(fn.parse(frame));
    } finally {
      setSink(previous);
    }
    assert.equal(sink.signals.length, 1);
    const orders = createCodec().decode(sink.signals[0]) as { orderId: string; side: string }[];
    assert.deepEqual(
      orders.map((o) => [o.orderId, o.side]),
      [
        ["sig:NASDAQ:AAPL:3:3000", "buy"],
        ["sig:NASDAQ:AAPL:6:7000", "buy"],
        ["sig:NASDAQ:AAPL:7:8000", "sell"],
      ],
    );
    assert.deepEqual(
      lines.map((l) => (JSON.parse(l) as { reason: string }).reason),
      [
        "imbalance 0.6 >= 0.3 and mid 101.5 > EMA 101.25",
        "imbalance 0.6 >= 0.3 and mid 101.5 > EMA 101.46875",
        "imbalance -0.6 <= -0.3 and mid 100.5 < EMA 100.984375",
      ],
    );
  });

  it("publishes no signals when the rule is switched off", async () => {
    const sink = new MemoryTickSink();
    const fn = normalizeFunction({ venue: "NASDAQ", sink, signals: false });
    await fn.handle(
      fn.parse(
        writeFrame("S1", 1, [
          { type: "Q", locate: 1, ts: 1, symbol: "AAPL", bid: 1, bidSize: 9, ask: 2, askSize: 1 },
        ]),
      ),
    );
    assert.equal(fn.engine, undefined);
    assert.deepEqual([sink.batches.length, sink.signals.length], [1, 0]);
  });
});
