import assert from "node:assert/strict";
import fc from "fast-check";
import { imbalanceOf, OrderBooks } from "../../../functions/trading/book";
import type { Tick } from "../../../functions/trading/tick";

function tick(fields: Partial<Tick>): Tick {
  return {
    venue: "NASDAQ",
    symbol: "AAPL",
    seq: 1,
    ts: 1_000,
    bid: null,
    bidSize: null,
    ask: null,
    askSize: null,
    last: null,
    lastSize: null,
    ...fields,
  };
}

describe("functions/trading/book", () => {
  const cases: [string, Partial<Tick>, Record<string, number | boolean>][] = [
    [
      "keeps spread, mid and imbalance of a quote",
      { bid: 100.25, bidSize: 300, ask: 100.75, askSize: 100 },
      { spread: 0.5, mid: 100.5, imbalance: 0.5, traded: false },
    ],
    [
      "reads a bid-only queue as imbalance 1",
      { bid: 10, bidSize: 500, ask: 10.5, askSize: 0 },
      { spread: 0.5, mid: 10.25, imbalance: 1, traded: false },
    ],
    [
      "reads an offer-only queue as imbalance -1",
      { bid: 10, bidSize: 0, ask: 11, askSize: 200 },
      { spread: 1, mid: 10.5, imbalance: -1, traded: false },
    ],
    [
      "reads two empty queues as imbalance 0",
      { bid: 10, bidSize: 0, ask: 11, askSize: 0 },
      { spread: 1, mid: 10.5, imbalance: 0, traded: false },
    ],
    [
      "has no mid or spread for a trade before any quote",
      { last: 50, lastSize: 10 },
      { spread: NaN, mid: NaN, imbalance: 0, last: 50, lastSize: 10, traded: true },
    ],
  ];
  for (const [name, fields, expected] of cases) {
    it(name, () => {
      const book = new OrderBooks().apply(tick(fields));
      for (const [key, value] of Object.entries(expected)) {
        assert.equal(book[key as keyof typeof book], value, key);
      }
    });
  }

  it("keeps the quote through a trade and updates the same record in place", () => {
    const books = new OrderBooks();
    const first = books.apply(tick({ bid: 100.25, bidSize: 300, ask: 100.75, askSize: 100 }));
    const second = books.apply(
      tick({
        seq: 2,
        ts: 2_000,
        bid: 100.25,
        bidSize: 300,
        ask: 100.75,
        askSize: 100,
        last: 100.75,
        lastSize: 40,
      }),
    );
    assert.equal(first, second);
    assert.deepEqual(
      { ...second },
      {
        venue: "NASDAQ",
        symbol: "AAPL",
        seq: 2,
        ts: 2_000,
        bid: 100.25,
        bidSize: 300,
        ask: 100.75,
        askSize: 100,
        spread: 0.5,
        mid: 100.5,
        imbalance: 0.5,
        last: 100.75,
        lastSize: 40,
        traded: true,
      },
    );
  });

  it("keeps one book per venue and symbol", () => {
    const books = new OrderBooks();
    books.apply(tick({ bid: 1, bidSize: 1, ask: 2, askSize: 1 }));
    books.apply(tick({ venue: "IEX", bid: 3, bidSize: 1, ask: 4, askSize: 1 }));
    books.apply(tick({ symbol: "MSFT", bid: 5, bidSize: 1, ask: 6, askSize: 1 }));
    assert.equal(books.size, 3);
    assert.equal(books.get("IEX", "AAPL")?.mid, 3.5);
    assert.equal(books.get("NASDAQ", "AAPL")?.mid, 1.5);
    assert.equal(books.get("IEX", "MSFT"), undefined);
  });

  it("keeps imbalance within [-1, 1] and never throws on valid ticks", () => {
    const price = fc.double({ min: 0.0001, max: 429_496.7295, noNaN: true });
    const size = fc.integer({ min: 0, max: 0xffffffff });
    const quote = fc.record({ bid: price, bidSize: size, ask: price, askSize: size });
    const trade = fc.record({ last: price, lastSize: size });
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom("AAPL", "MSFT"), fc.oneof(quote, trade)), {
          maxLength: 50,
        }),
        (events) => {
          const books = new OrderBooks();
          events.forEach(([symbol, fields], i) => {
            const book = books.apply(tick({ symbol, seq: i + 1, ...fields }));
            assert.ok(book.imbalance >= -1 && book.imbalance <= 1, String(book.imbalance));
            assert.equal(book.imbalance, imbalanceOf(book.bidSize, book.askSize));
          });
        },
      ),
    );
  });
});
