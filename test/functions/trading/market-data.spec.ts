import assert from "node:assert/strict";
import { setSink } from "../../../functions/lib/log";
import { parseFrame, parseFrameDataView } from "../../../functions/trading/frame";
import { writeFrame } from "../../../functions/trading/frame-writer";
import { parseJsonBatch, REPLAY_WINDOW } from "../../../functions/trading/json-feed";
import { MemoryTickSink, normalizeFunction } from "../../../functions/trading/normalize";

/** Hostile market data on both feeds: symbols, sequence range and resets. */
const quote = (symbol: string) => ({
  type: "Q" as const,
  locate: 4242,
  ts: 1_000,
  symbol,
  bid: 10,
  bidSize: 1,
  ask: 10.01,
  askSize: 1,
});
const jsonQuote = (sym: string, q: number) => ({
  ev: "Q",
  sym,
  bp: 10,
  bs: 1,
  ap: 10.01,
  as: 1,
  t: 1_732_780_800_123,
  q,
});
const json = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

/** Runs `body` with log lines captured. */
async function logged(body: () => Promise<unknown>): Promise<string[]> {
  const lines: string[] = [];
  const previous = setSink((line) => lines.push(line));
  await body().finally(() => setSink(previous));
  return lines;
}

describe("market data under hostile input", () => {
  const SYMBOLS: readonly [string, boolean][] = [
    ["AAPL", true],
    ["BRK.B", true],
    ["ABCDEFGH", true],
    ["", false],
    ["        ", false],
    [" AAPL", false],
    ["\u0001\u0002\u0003", false],
    ["AA\u0000PL", false],
    ["AAPL\t", false],
    ["aapl", false],
    ["1ABC", false],
  ];

  it("takes a symbol in a frame exactly when the JSON feed takes it, in both frame parsers", () => {
    const frameTakes = (symbol: string): boolean[] =>
      [parseFrame, parseFrameDataView].map((parse) => {
        try {
          return parse(writeFrame("S1", 1, [quote(symbol)])).events[0]?.symbol === symbol;
        } catch {
          return false;
        }
      });
    const jsonTakes = (symbol: string): boolean => {
      try {
        parseJsonBatch({ venue: "IEX", ticks: [jsonQuote(symbol, 1)] });
        return true;
      } catch {
        return false;
      }
    };
    assert.deepEqual(
      SYMBOLS.map(([symbol]) => [symbol, ...frameTakes(symbol), jsonTakes(symbol)]),
      SYMBOLS.map(([symbol, valid]) => [symbol, valid, valid, valid]),
    );
  });

  it("rejects a frame whose symbol is control bytes or blanks, naming the message, and publishes nothing", () => {
    const sink = new MemoryTickSink();
    const fn = normalizeFunction({ venue: "NASDAQ", sink });
    const fix = "Send the symbol left-justified in its 8 bytes, padded with spaces.";
    assert.throws(() => fn.parse(writeFrame("S1", 1, [quote("AAPL"), quote("\u0001\u0002")])), {
      message: `frame.messages[1].stock: must be an upper-case ticker padded with spaces, got "\\u0001\\u0002      ". ${fix}`,
    });
    assert.throws(() => fn.parse(writeFrame("S1", 1, [quote("")])), {
      message: `frame.messages[0].stock: must be an upper-case ticker padded with spaces, got "        ". ${fix}`,
    });
    assert.deepEqual([sink.batches.length, fn.normalizer.symbols], [0, 0]);
  });

  it("rejects sequence numbers whose last message would not be exact below 2^53", () => {
    const fix = "Start sessions at sequence 1 as MoldUDP64 does.";
    for (const parse of [parseFrame, parseFrameDataView]) {
      assert.throws(() => parse(writeFrame("S1", 2 ** 53 - 1, [quote("A"), quote("B")])), {
        message: `frame.header.seq: must be at most 9007199254740990 for a frame of 2 messages, got 9007199254740991. ${fix}`,
      });
    }
    assert.throws(() => parseJsonBatch({ venue: "IEX", ticks: [jsonQuote("A", 2 ** 53)] }), {
      name: "BadInputError",
      message: /^feed\.ticks\[0\]\.q: /,
    });
  });

  it("takes a frame far behind a jump near 2^53 as a sequence reset, so the session keeps publishing", async () => {
    const sink = new MemoryTickSink();
    const fn = normalizeFunction({ venue: "NASDAQ", sink, signals: false });
    const run = async (seq: number) =>
      (await fn.handle(fn.parse(writeFrame("S1", seq, [quote("AAPL")])))).ticks;
    const ticks: number[] = [];
    const lines = await logged(async () => {
      for (const seq of [100, 2 ** 53 - 10, 101, 102, 101]) ticks.push(await run(seq));
    });
    assert.deepEqual(ticks, [1, 1, 1, 1, 0]);
    assert.deepEqual(
      lines
        .map((l) => JSON.parse(l) as unknown)
        .filter((l) => (l as { severity: string }).severity === "WARNING"),
      [
        {
          severity: "WARNING",
          message: "sequence gap",
          session: "S1",
          seq: 2 ** 53 - 10,
          gap: 2 ** 53 - 111,
        },
        {
          severity: "WARNING",
          message: "sequence reset",
          session: "S1",
          seq: 101,
          expected: 2 ** 53 - 9,
        },
      ],
    );
    // A redelivery within the window is still a duplicate, not a reset.
    assert.equal(await run(3), 0);
  });

  it("counts a frame up to REPLAY_WINDOW behind as a redelivery and one further behind as a reset", async () => {
    const fn = normalizeFunction({ venue: "NASDAQ", signals: false });
    const run = async (seq: number) =>
      (await fn.handle(fn.parse(writeFrame("S1", seq, [quote("AAPL")])))).ticks;
    const ticks: number[] = [];
    await logged(async () => {
      for (const seq of [REPLAY_WINDOW + 10, 11, 10]) ticks.push(await run(seq));
    });
    assert.deepEqual(ticks, [1, 0, 1]);
  });

  it("takes a JSON batch far behind the expected sequence as a reset, so the venue keeps publishing", async () => {
    const sink = new MemoryTickSink();
    const fn = normalizeFunction({ venue: "NASDAQ", sink, signals: false });
    const run = async (q: number) =>
      (await fn.handle(fn.parse(json({ venue: "IEX", ticks: [jsonQuote("AAPL", q)] })))).ticks;
    const ticks: number[] = [];
    const lines = await logged(async () => {
      for (const q of [5, Number.MAX_SAFE_INTEGER, 6, 7, 6]) ticks.push(await run(q));
    });
    assert.deepEqual(ticks, [1, 1, 1, 1, 0]);
    assert.deepEqual(
      lines.filter((l) => l.includes("sequence reset")),
      [
        `{"severity":"WARNING","message":"sequence reset","session":"json:IEX","seq":6,"expected":${2 ** 53}}`,
      ],
    );
  });
});
