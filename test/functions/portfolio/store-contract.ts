/**
 * What every portfolio store must do, run against each implementation: two function instances
 * (each its own book and store client) see each other's writes, a redelivered event applies
 * once, a batch that failed half-way applies once when delivered again, and option definitions
 * are shared.
 */
import assert from "node:assert/strict";
import { blackScholes } from "../../../functions/portfolio/black-scholes";
import { Book } from "../../../functions/portfolio/book";
import type { PortfolioStore } from "../../../functions/portfolio/store";
import { portfolioValueFunction, type PortfolioResult } from "../../../functions/portfolio/value";

const T = Date.UTC(2026, 0, 15);
const EXPIRY = Date.UTC(2027, 0, 15);
const YEAR_MS = 365.25 * 86_400_000;

/** A position event of portfolio `pf-1`. */
export const event = (eventId: string, symbol: string, quantityDelta: number, price: number) => ({
  kind: "position",
  portfolio: "pf-1",
  eventId,
  symbol,
  quantityDelta,
  price,
  ts: T,
});

/** The event time of {@link event}. */
export const EVENT_TS = T;

/**
 * Defines the contract's specs; `newStore` builds a store with its own client, as a new
 * function instance would, over the state the current spec started.
 */
export function storeContract(newStore: () => PortfolioStore): void {
  const instance = (wrap: (s: PortfolioStore) => PortfolioStore = (s) => s) => {
    const store = newStore();
    const fn = portfolioValueFunction({ book: new Book(0.05), store: () => wrap(store) });
    return (message: unknown): Promise<PortfolioResult> => fn.handle(fn.parse(message));
  };

  it("shows one instance's writes to another, which loads the portfolio on first use", async () => {
    const a = instance();
    const b = instance();
    await a([event("e1", "MSFT", 10, 400), event("e2", "AAPL", 5, 190)]);
    const seen = await b({ kind: "revalue", portfolio: "pf-1" });
    assert.deepEqual(seen.valuations, [
      {
        portfolio: "pf-1",
        value: 4950,
        asOf: T,
        positions: [
          { symbol: "AAPL", quantity: 5, value: 950 },
          { symbol: "MSFT", quantity: 10, value: 4000 },
        ],
      },
    ]);
    await b(event("e3", "MSFT", 2, 405));
    const back = await a({ kind: "revalue", portfolio: "pf-1" });
    assert.deepEqual(back.valuations[0]?.positions, [
      { symbol: "AAPL", quantity: 5, value: 950 },
      { symbol: "MSFT", quantity: 12, value: 4860 },
    ]);
  });

  it("applies a redelivered event once, whichever instance receives it", async () => {
    const a = instance();
    const b = instance();
    assert.deepEqual(await a(event("e1", "MSFT", 10, 400)), {
      prices: 0,
      events: 1,
      duplicates: 0,
      options: 0,
      valuations: [],
    });
    const again = await b([event("e1", "MSFT", 10, 400), { kind: "revalue", portfolio: "pf-1" }]);
    assert.equal(again.events, 0);
    assert.equal(again.duplicates, 1);
    assert.deepEqual(again.valuations[0]?.positions, [
      { symbol: "MSFT", quantity: 10, value: 4000 },
    ]);
  });

  it("applies a batch that failed half-way once when it is delivered again", async () => {
    let writes = 0;
    const flaky = instance((store) => ({
      ...store,
      positions: (p) => store.positions(p),
      options: () => store.options(),
      defineOption: (o) => store.defineOption(o),
      applyEvent: (e) => {
        writes += 1;
        if (writes === 2) return Promise.reject(new Error("connection reset"));
        return store.applyEvent(e);
      },
    }));
    const batch = [event("e1", "MSFT", 10, 400), event("e2", "MSFT", 5, 400)];
    await assert.rejects(flaky(batch), { message: "connection reset" });
    const retried = await instance()(batch);
    assert.deepEqual([retried.events, retried.duplicates], [1, 1]);
    const seen = await instance()({ kind: "revalue", portfolio: "pf-1" });
    assert.deepEqual(seen.valuations[0]?.positions, [
      { symbol: "MSFT", quantity: 15, value: 6000 },
    ]);
  });

  it("stores option definitions, so another instance marks option positions with them", async () => {
    const a = instance();
    await a([
      {
        kind: "option",
        symbol: "AAPL C200",
        underlying: "AAPL",
        right: "call",
        strike: 200,
        expiry: EXPIRY,
        volatility: 0.25,
        multiplier: 100,
      },
      event("e1", "AAPL C200", 2, 12.5),
    ]);
    const b = instance();
    const seen = await b([
      { kind: "price", symbol: "AAPL", price: 190, ts: T },
      { kind: "revalue", portfolio: "pf-1" },
    ]);
    const unit = blackScholes({
      right: "call",
      spot: 190,
      strike: 200,
      years: (EXPIRY - T) / YEAR_MS,
      rate: 0.05,
      volatility: 0.25,
    });
    assert.deepEqual(seen.valuations[0]?.positions, [
      { symbol: "AAPL C200", quantity: 2, value: 2 * 100 * unit },
    ]);
  });

  it("refuses an option that closes a cycle with another instance's stored definition", async () => {
    const option = (symbol: string, underlying: string) => ({
      kind: "option",
      symbol,
      underlying,
      right: "call",
      strike: 200,
      expiry: EXPIRY,
      volatility: 0.25,
      multiplier: 100,
    });
    await instance()(option("AAPL C200", "AAPL C210"));
    const b = instance();
    await assert.rejects(
      b(option("AAPL C210", "AAPL C200")),
      /AAPL C210 -> AAPL C200 -> AAPL C210/,
    );
    const stored = await newStore().options();
    assert.deepEqual(
      stored.map((o) => [o.symbol, o.underlying]),
      [["AAPL C200", "AAPL C210"]],
    );
  });

  it("answers a portfolio nobody stored with an empty valuation", async () => {
    const seen = await instance()({ kind: "revalue", portfolio: "pf-none" });
    assert.deepEqual(seen.valuations, [{ portfolio: "pf-none", value: 0, asOf: 0, positions: [] }]);
  });
}
