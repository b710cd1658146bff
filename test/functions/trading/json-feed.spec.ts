import assert from "node:assert/strict";
import fc from "fast-check";
import { BadInputError } from "../../../functions/lib/errors";
import { createCodec } from "../../../functions/lib/codec";
import { setSink } from "../../../functions/lib/log";
import { nanosSinceMidnight, parseJsonBatch } from "../../../functions/trading/json-feed";
import { MemoryTickSink, normalizeFunction } from "../../../functions/trading/normalize";

const QUOTE = {
  ev: "Q",
  sym: "AAPL",
  bp: 189.5,
  bs: 300,
  ap: 189.52,
  as: 200,
  t: 1732780800123,
  q: 41,
};
const TRADE = { ev: "T", sym: "AAPL", p: 189.51, s: 100, t: 1732780800124, q: 42 };
const json = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

describe("functions/trading/json-feed", () => {
  it("normalises Unix milliseconds to nanoseconds since midnight UTC", () => {
    // 2024-11-28T08:00:00.123Z
    assert.equal(nanosSinceMidnight(1732780800123), 28_800_123_000_000);
    assert.equal(nanosSinceMidnight(0), 0);
  });

  it("publishes the same tick shape as frames, trades carrying the current quote", async () => {
    const sink = new MemoryTickSink();
    const fn = normalizeFunction({ venue: "NASDAQ", sink });
    const result = await fn.handle(fn.parse(json({ venue: "IEX", ticks: [QUOTE, TRADE] })));
    assert.deepEqual(result, {
      session: "json:IEX",
      seq: 41,
      messages: 2,
      ticks: 2,
      duplicates: 0,
      gap: 0,
    });
    const quote = { bid: 189.5, bidSize: 300, ask: 189.52, askSize: 200 };
    assert.deepEqual(createCodec().decode(sink.batches[0]), [
      {
        venue: "IEX",
        symbol: "AAPL",
        seq: 41,
        ts: 28_800_123_000_000,
        ...quote,
        last: null,
        lastSize: null,
      },
      {
        venue: "IEX",
        symbol: "AAPL",
        seq: 42,
        ts: 28_800_124_000_000,
        ...quote,
        last: 189.51,
        lastSize: 100,
      },
    ]);
    assert.equal(fn.engine?.books.get("IEX", "AAPL")?.imbalance, 0.2);
  });

  it("gives a trade before any quote null quote fields", async () => {
    const sink = new MemoryTickSink();
    const fn = normalizeFunction({ venue: "NASDAQ", sink });
    await fn.handle(fn.parse(json({ venue: "IEX", ticks: [TRADE] })));
    assert.deepEqual(createCodec().decode(sink.batches[0]), [
      {
        venue: "IEX",
        symbol: "AAPL",
        seq: 42,
        ts: 28_800_124_000_000,
        bid: null,
        bidSize: null,
        ask: null,
        askSize: null,
        last: 189.51,
        lastSize: 100,
      },
    ]);
  });

  it("emits nothing for a redelivered batch and counts the sequence numbers skipped", async () => {
    const sink = new MemoryTickSink();
    const fn = normalizeFunction({ venue: "NASDAQ", sink });
    const batch = json({ venue: "IEX", ticks: [QUOTE, TRADE] });
    await fn.handle(fn.parse(batch));
    assert.deepEqual(await fn.handle(fn.parse(batch)), {
      session: "json:IEX",
      seq: 41,
      messages: 2,
      ticks: 0,
      duplicates: 2,
      gap: 0,
    });
    const later = {
      venue: "IEX",
      ticks: [
        { ...TRADE, q: 45 },
        { ...TRADE, q: 47 },
      ],
    };
    const lines: string[] = [];
    const previous = setSink((line) => lines.push(line));
    const result = await fn.handle(fn.parse(json(later))).finally(() => setSink(previous));
    assert.deepEqual(lines, [
      '{"severity":"WARNING","message":"sequence gap","session":"json:IEX","seq":45,"gap":3}',
    ]);
    assert.deepEqual(result, {
      session: "json:IEX",
      seq: 45,
      messages: 2,
      ticks: 2,
      duplicates: 0,
      gap: 3,
    });
    // Sequences are per venue: another venue's 1 is new.
    const other = await fn.handle(fn.parse(json({ venue: "BATS", ticks: [{ ...TRADE, q: 1 }] })));
    assert.equal(other.ticks, 1);
    assert.equal(sink.batches.length, 3);
  });

  const bad: [string, unknown, string][] = [
    [
      "a batch that is not an object",
      [QUOTE],
      "feed: must be an object, got an array of 1. Send a JSON or msgpack map.",
    ],
    [
      "a lower-case venue",
      { venue: "iex", ticks: [] },
      'feed.venue: has the wrong format, got "iex". Use a venue code such as IEX.',
    ],
    [
      "ticks that are not a list",
      { venue: "IEX", ticks: {} },
      'feed.ticks: must be an array, got an object. Set "ticks" to a list.',
    ],
    [
      "too many ticks",
      { venue: "IEX", ticks: new Array(501).fill(QUOTE) },
      "feed.ticks: must hold at most 500 items, got an array of 501. Send fewer items.",
    ],
    [
      "an unknown event type",
      { ...QUOTE, ev: "X" },
      'feed.ticks[0].ev: must be one of Q, T, got "X". Set "ev" to one of those.',
    ],
    [
      "a missing symbol",
      { ...QUOTE, sym: undefined },
      'feed.ticks[0].sym: must be a non-empty string, got undefined. Set "sym" to a string.',
    ],
    [
      "a NaN bid",
      { ...QUOTE, bp: NaN },
      'feed.ticks[0].bp: must be a finite number, got NaN. Set "bp" to a number.',
    ],
    [
      "an infinite ask",
      { ...QUOTE, ap: Infinity },
      'feed.ticks[0].ap: must be a finite number, got Infinity. Set "ap" to a number.',
    ],
    [
      "a zero bid price",
      { ...QUOTE, bp: 0 },
      'feed.ticks[0].bp: must be greater than 0, got 0. Send a positive "bp".',
    ],
    [
      "a negative bid size",
      { ...QUOTE, bs: -1 },
      'feed.ticks[0].bs: must be at least 0, got -1. Raise "bs".',
    ],
    [
      "a fractional ask size",
      { ...QUOTE, as: 1.5 },
      "feed.ticks[0].as: must be an integer, got 1.5. Send a whole number.",
    ],
    [
      "a zero-size trade",
      { ...TRADE, s: 0 },
      'feed.ticks[0].s: must be at least 1, got 0. Raise "s".',
    ],
    [
      "a negative trade price",
      { ...TRADE, p: -189.5 },
      'feed.ticks[0].p: must be greater than 0, got -189.5. Send a positive "p".',
    ],
    [
      "a time as a string",
      { ...TRADE, t: "1732780800124" },
      'feed.ticks[0].t: must be a finite number, got "1732780800124". Set "t" to a number.',
    ],
    [
      "a sequence of 0",
      { ...TRADE, q: 0 },
      'feed.ticks[0].q: must be at least 1, got 0. Raise "q".',
    ],
  ];
  for (const [name, input, message] of bad) {
    it(`rejects ${name}`, () => {
      const batch =
        typeof input === "object" && input !== null && "ev" in input
          ? { venue: "IEX", ticks: [input] }
          : input;
      assert.throws(() => parseJsonBatch(batch), { name: "BadInputError", message });
    });
  }

  it("rejects ticks out of sequence order", () => {
    assert.throws(() => parseJsonBatch({ venue: "IEX", ticks: [TRADE, QUOTE] }), {
      message:
        "feed.ticks[1].q: must be greater than the previous tick's 42, got 41. Send each batch's ticks in sequence order.",
    });
  });

  it("rejects a bad tick anywhere in the batch with no side effect", () => {
    const sink = new MemoryTickSink();
    const fn = normalizeFunction({ venue: "NASDAQ", sink });
    const state = () => [
      fn.json.symbols,
      fn.engine?.books.size,
      sink.batches.length,
      sink.signals.length,
    ];
    const before = state();
    const batch = json({ venue: "IEX", ticks: [QUOTE, { ...TRADE, s: -5 }] });
    assert.throws(() => fn.parse(batch), {
      message: 'feed.ticks[1].s: must be at least 1, got -5. Raise "s".',
    });
    assert.throws(() => fn.parse(new TextEncoder().encode('{"venue": "IEX", "ticks": [')), {
      message: "feed: is not valid JSON, got 27 bytes. Send one JSON document.",
    });
    assert.deepEqual(state(), before);
    assert.deepEqual(before, [0, 0, 0, 0]);
  });

  it("answers any JSON value with a batch or a BadInputError, never another throw", () => {
    const tickLike = fc.record(
      {
        ev: fc.constantFrom("Q", "T", "X"),
        sym: fc.constantFrom("AAPL", "msft", ""),
        bp: fc.double(),
        bs: fc.oneof(fc.integer(), fc.double()),
        ap: fc.double(),
        as: fc.integer(),
        p: fc.double(),
        s: fc.integer(),
        t: fc.oneof(fc.nat(), fc.double()),
        q: fc.integer(),
      },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.jsonValue(),
          fc.record({ venue: fc.constantFrom("IEX", "x"), ticks: fc.array(tickLike) }),
        ),
        (value) => {
          try {
            const batch = parseJsonBatch(value);
            assert.ok(batch.ticks.every((t) => t.q >= 1 && Number.isSafeInteger(t.t)));
          } catch (error) {
            assert.ok(error instanceof BadInputError, String(error));
          }
        },
      ),
    );
  });
});
