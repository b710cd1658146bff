import assert from "node:assert/strict";
import { createCodec } from "../../../functions/lib/codec";
import { writeFrame } from "../../../functions/trading/frame-writer";
import { MemoryTickSink, normalizeFunction } from "../../../functions/trading/normalize";

const quote = {
  type: "Q" as const,
  locate: 13,
  ts: 1_000,
  symbol: "AAPL",
  bid: 189.5,
  bidSize: 300,
  ask: 189.52,
  askSize: 200,
};
const trade = {
  type: "P" as const,
  locate: 13,
  ts: 2_000,
  symbol: "AAPL",
  side: "S" as const,
  price: 189.5,
  size: 100,
  match: 1,
};

describe("functions/trading/normalize", () => {
  it("publishes msgpack ticks carrying the current quote and the last trade", async () => {
    const sink = new MemoryTickSink();
    const fn = normalizeFunction({ venue: "NASDAQ", sink });
    const result = await fn.handle(fn.parse(writeFrame("S1", 1, [quote, trade])));
    assert.deepEqual(result, {
      session: "S1",
      seq: 1,
      messages: 2,
      ticks: 2,
      duplicates: 0,
      gap: 0,
    });
    assert.deepEqual(createCodec().decode(sink.batches[0]), [
      {
        venue: "NASDAQ",
        symbol: "AAPL",
        seq: 1,
        ts: 1_000,
        bid: 189.5,
        bidSize: 300,
        ask: 189.52,
        askSize: 200,
        last: null,
        lastSize: null,
      },
      {
        venue: "NASDAQ",
        symbol: "AAPL",
        seq: 2,
        ts: 2_000,
        bid: 189.5,
        bidSize: 300,
        ask: 189.52,
        askSize: 200,
        last: 189.5,
        lastSize: 100,
      },
    ]);
  });

  it("emits nothing for a redelivered frame and reports a sequence gap", async () => {
    const sink = new MemoryTickSink();
    const fn = normalizeFunction({ venue: "NASDAQ", sink });
    const frame = writeFrame("S1", 1, [quote, trade]);
    await fn.handle(fn.parse(frame));
    assert.deepEqual(await fn.handle(fn.parse(frame)), {
      session: "S1",
      seq: 1,
      messages: 2,
      ticks: 0,
      duplicates: 2,
      gap: 0,
    });
    assert.deepEqual(await fn.handle(fn.parse(writeFrame("S1", 10, [trade]))), {
      session: "S1",
      seq: 10,
      messages: 1,
      ticks: 1,
      duplicates: 0,
      gap: 7,
    });
    assert.equal(sink.batches.length, 2);
  });

  it("leaves its state untouched when a frame is rejected", () => {
    const fn = normalizeFunction({ venue: "NASDAQ" });
    const frame = writeFrame("S1", 1, [quote, trade]);
    assert.throws(() => fn.parse(frame.slice(0, frame.length - 3)), { name: "BadInputError" });
    assert.equal(fn.normalizer.symbols, 0);
  });
});
