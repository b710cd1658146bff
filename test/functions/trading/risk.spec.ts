import assert from "node:assert/strict";
import { checkRisk } from "../../../functions/trading/risk";
import type { Order } from "../../../functions/trading/order";

const order: Order = {
  orderId: "o",
  account: "a",
  symbol: "AAPL",
  side: "buy",
  type: "limit",
  quantity: 100,
  limitPrice: 100,
  venue: null,
};
const limits = { maxNotional: 50_000, maxPosition: 1_000, priceBand: 0.05 };

describe("functions/trading/risk", () => {
  const cases: [
    string,
    Partial<Order>,
    { referencePrice: number | undefined; position: number },
    string[],
  ][] = [
    ["accepts an order inside every limit", {}, { referencePrice: 100, position: 0 }, []],
    [
      "rejects a notional above the limit",
      { quantity: 600 },
      { referencePrice: 100, position: 0 },
      ["notional 60000 exceeds the limit of 50000."],
    ],
    [
      "rejects a limit price above the band",
      { limitPrice: 105.01 },
      { referencePrice: 100, position: 0 },
      ["limit price 105.01 is outside the ±5% band [95, 105] around 100."],
    ],
    [
      "rejects a limit price below the band",
      { limitPrice: 94.99 },
      { referencePrice: 100, position: 0 },
      ["limit price 94.99 is outside the ±5% band [95, 105] around 100."],
    ],
    [
      "rejects a position beyond the limit",
      {},
      { referencePrice: 100, position: 950 },
      ["position would be 1050, beyond the limit of ±1000."],
    ],
    [
      "counts sells against a short position",
      { side: "sell" },
      { referencePrice: 100, position: -950 },
      ["position would be -1050, beyond the limit of ±1000."],
    ],
    [
      "rejects a market order without a reference price",
      { type: "market", limitPrice: null },
      { referencePrice: undefined, position: 0 },
      ["AAPL has no reference price; a market order needs one, send a limit order."],
    ],
    [
      "reports every failed check at once",
      { quantity: 1_200, limitPrice: 120 },
      { referencePrice: 100, position: 0 },
      [
        "notional 144000 exceeds the limit of 50000.",
        "limit price 120 is outside the ±5% band [95, 105] around 100.",
        "position would be 1200, beyond the limit of ±1000.",
      ],
    ],
  ];
  for (const [name, change, context, reasons] of cases) {
    it(name, () => {
      const decision = checkRisk({ ...order, ...change }, context, limits);
      assert.deepEqual(decision.reasons, reasons);
      assert.equal(decision.accepted, reasons.length === 0);
    });
  }
});
