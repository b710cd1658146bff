import assert from "node:assert/strict";
import { QUICK, benchCodec, bigBook } from "../../bench/workloads";

describe("bench/workloads", () => {
  it("books 10,000 positions with 2,000 options by default and 1,000 when every tenth is one", () => {
    const count = (optionEvery?: number): { positions: number; options: number } => {
      const book = bigBook(optionEvery);
      let positions = 0;
      let options = 0;
      for (const id of book.portfolioIds) {
        for (const p of book.valuation(id)?.positions ?? []) {
          positions++;
          if (p.symbol.includes(" ")) options++;
        }
      }
      return { positions, options };
    };
    assert.deepEqual(count(), { positions: 10_000, options: 2_000 });
    assert.deepEqual(count(10), { positions: 10_000, options: 1_000 });
  });

  it("measures msgpack against JSON sizes of ticks and orders", () => {
    const codec = benchCodec(QUICK);
    assert.equal(codec.tickJsonBytes, 146.78);
    assert.equal(codec.orderJsonBytes, 133.78);
    assert.ok(codec.tickBytes < codec.tickJsonBytes / 2, String(codec.tickBytes));
    assert.ok(codec.orderBytes < codec.orderJsonBytes / 2, String(codec.orderBytes));
    assert.ok(codec.ratio > 0 && codec.encodeRatio > 0);
  });
});
