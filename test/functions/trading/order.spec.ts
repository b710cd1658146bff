import assert from "node:assert/strict";
import { parseOrder } from "../../../functions/trading/order";

const valid = {
  orderId: "ord-1",
  account: "acct-7",
  symbol: "AAPL",
  side: "buy",
  type: "limit",
  quantity: 100,
  limitPrice: 189.52,
};

describe("functions/trading/order", () => {
  it("accepts a limit order and fills in absent optional fields", () => {
    assert.deepEqual(parseOrder(valid), { ...valid, venue: null });
  });

  const cases: [string, Record<string, unknown>, string][] = [
    [
      "a negative quantity",
      { quantity: -5 },
      'order.quantity: must be greater than 0, got -5. Send a positive "quantity".',
    ],
    [
      "a fractional quantity",
      { quantity: 1.5 },
      "order.quantity: must be an integer, got 1.5. Send a whole number.",
    ],
    [
      "a NaN price",
      { limitPrice: Number.NaN },
      'order.limitPrice: must be a finite number, got NaN. Set "limitPrice" to a number.',
    ],
    [
      "an infinite price",
      { limitPrice: Infinity },
      'order.limitPrice: must be a finite number, got Infinity. Set "limitPrice" to a number.',
    ],
    [
      "a string quantity",
      { quantity: "100" },
      'order.quantity: must be a finite number, got "100". Set "quantity" to a number.',
    ],
    [
      "a missing order id",
      { orderId: undefined },
      'order.orderId: must be a non-empty string, got undefined. Set "orderId" to a string.',
    ],
    [
      "an unknown side",
      { side: "short" },
      'order.side: must be one of buy, sell, got "short". Set "side" to one of those.',
    ],
    [
      "a lower-case symbol",
      { symbol: "aapl" },
      'order.symbol: has the wrong format, got "aapl". Use an upper-case ticker such as AAPL.',
    ],
    [
      "a limit order without a price",
      { limitPrice: undefined },
      'order.limitPrice: is required for a limit order, got undefined. Set "limitPrice" or send a market order.',
    ],
    [
      "a market order with a price",
      { type: "market" },
      'order.limitPrice: must be absent for a market order, got 189.52. Drop "limitPrice" or send a limit order.',
    ],
  ];
  for (const [what, change, message] of cases) {
    it(`rejects ${what}`, () => {
      assert.throws(() => parseOrder({ ...valid, ...change }), { name: "BadInputError", message });
    });
  }
});
