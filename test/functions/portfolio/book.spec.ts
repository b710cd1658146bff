import assert from "node:assert/strict";
import fc from "fast-check";
import { blackScholes } from "../../../functions/portfolio/black-scholes";
import { Book } from "../../../functions/portfolio/book";
import { portfolioValueFunction } from "../../../functions/portfolio/value";

const EXPIRY = Date.UTC(2027, 0, 15);
const T = Date.UTC(2026, 0, 15);

function book(): Book {
  const b = new Book(0.05);
  b.defineOption("AAPL C200", {
    underlying: "AAPL",
    right: "call",
    strike: 200,
    expiry: EXPIRY,
    volatility: 0.25,
    multiplier: 100,
  });
  return b;
}

describe("functions/portfolio/book", () => {
  it("marks positions at the fill price until a market price arrives, then at the market", () => {
    const b = book();
    b.applyEvent({
      kind: "position",
      portfolio: "pf",
      eventId: "e1",
      symbol: "MSFT",
      quantityDelta: 10,
      price: 400,
      ts: T,
    });
    assert.equal(b.valuation("pf")?.value, 4000);
    b.applyPrice({ kind: "price", symbol: "MSFT", price: 410, ts: T });
    assert.equal(b.valuation("pf")?.value, 4100);
  });

  it("applies a repeated event id once", () => {
    const b = book();
    const e = {
      kind: "position" as const,
      portfolio: "pf",
      eventId: "e1",
      symbol: "MSFT",
      quantityDelta: 10,
      price: 400,
      ts: T,
    };
    assert.equal(b.applyEvent(e), true);
    assert.equal(b.applyEvent(e), false);
    assert.equal(b.valuation("pf")?.positions[0]?.quantity, 10);
  });

  it("revalues options with Black-Scholes when their underlying moves", () => {
    const b = book();
    b.applyPrice({ kind: "price", symbol: "AAPL", price: 190, ts: T });
    b.applyEvent({
      kind: "position",
      portfolio: "pf",
      eventId: "e1",
      symbol: "AAPL C200",
      quantityDelta: 2,
      price: 12,
      ts: T,
    });
    b.applyPrice({ kind: "price", symbol: "AAPL", price: 210, ts: T });
    const unit = blackScholes({
      right: "call",
      spot: 210,
      strike: 200,
      years: (EXPIRY - T) / (365.25 * 86_400_000),
      rate: 0.05,
      volatility: 0.25,
    });
    assert.equal(b.valuation("pf")?.value, 2 * 100 * unit);
  });

  const unitAt = (spot: number, at: number, volatility = 0.25, strike = 200): number =>
    blackScholes({
      right: "call",
      spot,
      strike,
      years: (EXPIRY - at) / (365.25 * 86_400_000),
      rate: 0.05,
      volatility,
    });

  it("prices an option again when time moves, when its underlying moves and when its terms change", () => {
    const b = book();
    b.applyPrice({ kind: "price", symbol: "AAPL", price: 190, ts: T });
    b.applyEvent({
      kind: "position",
      portfolio: "pf",
      eventId: "e1",
      symbol: "AAPL C200",
      quantityDelta: 1,
      price: 12,
      ts: T,
    });
    assert.equal(b.revalue("pf", T)?.value, 100 * unitAt(190, T));
    assert.equal(b.revalue("pf", T)?.value, 100 * unitAt(190, T));
    assert.equal(b.revalue("pf", T + 86_400_000)?.value, 100 * unitAt(190, T + 86_400_000));
    b.applyPrice({ kind: "price", symbol: "AAPL", price: 195, ts: T });
    assert.equal(b.revalue("pf", T + 86_400_000)?.value, 100 * unitAt(195, T + 86_400_000));
    b.defineOption("AAPL C200", {
      underlying: "AAPL",
      right: "call",
      strike: 200,
      expiry: EXPIRY,
      volatility: 0.4,
      multiplier: 100,
    });
    assert.equal(b.revalue("pf", T + 86_400_000)?.value, 100 * unitAt(195, T + 86_400_000, 0.4));
  });

  it("moves an option's dependency when its terms name another underlying", () => {
    const b = book();
    b.applyPrice({ kind: "price", symbol: "AAPL", price: 190, ts: T });
    b.applyPrice({ kind: "price", symbol: "AAPX", price: 180, ts: T });
    b.applyEvent({
      kind: "position",
      portfolio: "pf",
      eventId: "e1",
      symbol: "AAPL C200",
      quantityDelta: 1,
      price: 12,
      ts: T,
    });
    b.defineOption("AAPL C200", {
      underlying: "AAPX",
      right: "call",
      strike: 200,
      expiry: EXPIRY,
      volatility: 0.25,
      multiplier: 100,
    });
    assert.equal(b.applyPrice({ kind: "price", symbol: "AAPL", price: 300, ts: T }), 0);
    assert.equal(b.applyPrice({ kind: "price", symbol: "AAPX", price: 185, ts: T }), 1);
    assert.equal(b.valuation("pf")?.value, 100 * unitAt(185, T));
    assert.deepEqual(b.stats, { portfolios: 1, prices: 2, options: 1, events: 1 });
  });

  it("keeps the incremental mark equal to a full revaluation", () => {
    const symbols = ["AAPL", "MSFT", "AAPL C200"];
    const step = fc.oneof(
      fc.record({
        kind: fc.constant("price" as const),
        symbol: fc.constantFrom("AAPL", "MSFT"),
        price: fc.double({ min: 1, max: 500, noNaN: true }),
      }),
      fc.record({
        kind: fc.constant("position" as const),
        portfolio: fc.constantFrom("p1", "p2"),
        symbol: fc.constantFrom(...symbols),
        quantityDelta: fc.integer({ min: -50, max: 50 }).filter((q) => q !== 0),
        price: fc.double({ min: 1, max: 500, noNaN: true }),
      }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const b = book();
        steps.forEach((s, i) => {
          if (s.kind === "price") b.applyPrice({ ...s, ts: T });
          else b.applyEvent({ ...s, eventId: `e${i}`, ts: T });
        });
        for (const id of b.portfolioIds) {
          const incremental = b.valuation(id)?.value as number;
          const full = b.revalue(id, T)?.value as number;
          assert.ok(
            Math.abs(incremental - full) <= 1e-9 * Math.max(1, Math.abs(full)),
            `${incremental} vs ${full}`,
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it("restores a portfolio from stored positions, keeping the time its prices reached", () => {
    const b = book();
    b.applyEvent({
      kind: "position",
      portfolio: "pf",
      eventId: "e1",
      symbol: "MSFT",
      quantityDelta: 10,
      price: 400,
      ts: T,
    });
    b.applyPrice({ kind: "price", symbol: "MSFT", price: 410, ts: T + 60_000 });
    b.restore("pf", [
      { symbol: "AAPL", quantity: 3, lastFill: 190, ts: T },
      { symbol: "MSFT", quantity: 4, lastFill: 401, ts: T },
    ]);
    assert.deepEqual(b.revalue("pf"), {
      portfolio: "pf",
      value: 3 * 190 + 4 * 410,
      asOf: T + 60_000,
      positions: [
        { symbol: "AAPL", quantity: 3, value: 570 },
        { symbol: "MSFT", quantity: 4, value: 1640 },
      ],
    });
    // The old position no longer follows MSFT's price: one portfolio, one MSFT position.
    assert.equal(b.applyPrice({ kind: "price", symbol: "MSFT", price: 420, ts: T + 120_000 }), 1);
    assert.equal(b.valuation("pf")?.value, 570 + 4 * 420);
  });

  it("answers a revaluation request and rejects a bad batch without applying any of it", async () => {
    const fn = portfolioValueFunction(book());
    await fn.handle(
      fn.parse([
        { kind: "price", symbol: "MSFT", price: 400, ts: T },
        {
          kind: "position",
          portfolio: "pf",
          eventId: "e1",
          symbol: "MSFT",
          quantityDelta: 5,
          price: 399,
          ts: T,
        },
      ]),
    );
    assert.throws(
      () =>
        fn.parse([
          { kind: "price", symbol: "MSFT", price: 1, ts: T },
          {
            kind: "position",
            portfolio: "pf",
            eventId: "e2",
            symbol: "MSFT",
            quantityDelta: 0,
            price: 1,
            ts: T,
          },
        ]),
      {
        message:
          "batch[1].quantityDelta: must not be 0, got 0. Send only events that change a position.",
      },
    );
    const result = await fn.handle(fn.parse({ kind: "revalue", portfolio: "pf" }));
    assert.deepEqual(result.valuations, [
      {
        portfolio: "pf",
        value: 2000,
        asOf: T,
        positions: [{ symbol: "MSFT", quantity: 5, value: 2000 }],
      },
    ]);
  });

  it("refuses an option on itself and any cycle of underlyings, changing nothing", () => {
    const b = book();
    const terms = { right: "call", strike: 200, expiry: EXPIRY, volatility: 0.25, multiplier: 100 };
    assert.throws(() => b.defineOption("LOOP", { ...terms, right: "put", underlying: "LOOP" }), {
      name: "BadInputError",
      message:
        'option.underlying: must not be the option itself or lead back to it, got "LOOP -> LOOP". Name the instrument the option is written on.',
    });
    b.defineOption("B", { ...terms, right: "call", underlying: "AAPL C200" });
    assert.throws(() => b.defineOption("AAPL", { ...terms, right: "call", underlying: "B" }), {
      message:
        'option.underlying: must not be the option itself or lead back to it, got "AAPL -> B -> AAPL C200 -> AAPL". Name the instrument the option is written on.',
    });
    assert.deepEqual(b.stats, { portfolios: 0, prices: 0, options: 2, events: 0 });
  });

  it("rejects a batch whose option definitions close a cycle before applying any of it", async () => {
    const fn = portfolioValueFunction(book());
    const option = { kind: "option", right: "call", strike: 1, expiry: EXPIRY, volatility: 0.2 };
    const batch = fn.parse([
      { kind: "price", symbol: "MSFT", price: 400, ts: T },
      { ...option, symbol: "X", underlying: "Y", multiplier: 1 },
      { ...option, symbol: "Y", underlying: "X", multiplier: 1 },
    ]);
    await assert.rejects(fn.handle(batch), {
      name: "BadInputError",
      message:
        'batch[2].underlying: must not be the option itself or lead back to it, got "Y -> X -> Y". Name the instrument the option is written on.',
    });
    assert.deepEqual(fn.book.stats, { portfolios: 0, prices: 0, options: 1, events: 0 });
  });
});
