import assert from "node:assert/strict";
import {
  alphaOf,
  Ema,
  EwmaVolatility,
  RunningStats,
  SymbolIndicators,
  Vwap,
} from "../../../functions/trading/indicators";
import { OrderBooks } from "../../../functions/trading/book";

describe("functions/trading/indicators", () => {
  it("derives the smoothing factor from the half-life", () => {
    assert.equal(alphaOf(1), 0.5);
    assert.equal(alphaOf(2), 0.2928932188134524);
  });

  it("rejects a half-life that is not a positive number", () => {
    for (const bad of [0, -1, NaN, Infinity]) {
      assert.throws(() => alphaOf(bad), {
        message: `indicators.halfLife: must be a finite number greater than 0, got ${bad}. Set the half-life in updates, e.g. 20.`,
      });
    }
  });

  it("seeds the EMA with the first value and halves the weight per half-life", () => {
    const ema = new Ema(1);
    assert.ok(Number.isNaN(ema.value));
    const seen = [10, 20, 30, 30].map((x) => ema.update(x));
    assert.deepEqual(seen, [10, 15, 22.5, 26.25]);
    assert.equal(ema.count, 4);
  });

  it("weights VWAP by size and has none before any volume", () => {
    const vwap = new Vwap();
    assert.ok(Number.isNaN(vwap.value));
    vwap.update(100, 10);
    vwap.update(101, 30);
    assert.equal(vwap.value, 100.75);
    vwap.update(500, 0);
    assert.equal(vwap.value, 100.75);
    vwap.reset();
    assert.ok(Number.isNaN(vwap.value));
  });

  it("tracks EWMA volatility of log returns and decays it on an unchanged price", () => {
    const vol = new EwmaVolatility(1);
    vol.update(100);
    assert.ok(Number.isNaN(vol.value));
    vol.update(200);
    assert.equal(vol.value, Math.LN2);
    vol.update(100);
    assert.equal(vol.variance, 0.4804530139182014);
    vol.update(100);
    assert.equal(vol.variance, 0.2402265069591007);
    assert.equal(vol.count, 3);
  });

  it("computes mean and sample variance by Welford's algorithm", () => {
    const stats = new RunningStats();
    for (const x of [2, 4, 4, 4, 5, 5, 7, 9]) stats.update(x);
    assert.equal(stats.mean, 5);
    assert.equal(stats.variance, 32 / 7);
  });

  it("moves the mid indicators on quotes and the VWAP on trades", () => {
    const books = new OrderBooks();
    const indicators = new SymbolIndicators({ emaHalfLife: 1, volHalfLife: 1 });
    const base = { venue: "NASDAQ", symbol: "AAPL", ts: 0, last: null, lastSize: null };
    const quote = { bidSize: 100, askSize: 100 };
    indicators.update(books.apply({ ...base, ...quote, seq: 1, bid: 99, ask: 101 }));
    indicators.update(books.apply({ ...base, ...quote, seq: 2, bid: 199, ask: 201 }));
    indicators.update(
      books.apply({ ...base, ...quote, seq: 3, bid: 199, ask: 201, last: 201, lastSize: 50 }),
    );
    assert.equal(indicators.ema.value, 150);
    assert.equal(indicators.ema.count, 2);
    assert.equal(indicators.volatility.value, Math.LN2);
    assert.equal(indicators.vwap.value, 201);
  });
});
