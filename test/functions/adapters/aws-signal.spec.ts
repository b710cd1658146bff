import assert from "node:assert/strict";
import { SIGNAL_SOURCE, toLambda } from "../../../functions/adapters/aws";
import { InMemoryIdempotencyStore } from "../../../functions/lib/idempotency";
import { orderFunction } from "../../../functions/trading/order-function";
import { SimulatedVenue } from "../../../functions/trading/venue";
import { captureLogs } from "./fixtures";

const ORDER = {
  orderId: "sig-NASDAQ-AAPL-42",
  account: "signals",
  symbol: "AAPL",
  side: "buy",
  type: "limit",
  quantity: 100,
  limitPrice: 189.52,
  venue: null,
};

function orderLambda() {
  const venue = new SimulatedVenue("SIM").quote("AAPL", { bid: 189.5, ask: 189.52, size: 1000 });
  const store = new InMemoryIdempotencyStore(() => 1_794_127_500_000);
  return toLambda(
    orderFunction({
      venues: () => new Map([["SIM", venue]]),
      store: () => store,
      now: () => 1_794_127_500_000,
    }),
  );
}

async function quietly<T>(
  run: () => Promise<T>,
): Promise<{ result: T; logs: Record<string, unknown>[] }> {
  let result: T | undefined;
  const logs = await captureLogs(async () => {
    result = await run();
  });
  return { result: result as T, logs };
}

describe("functions/adapters/aws: signal events", () => {
  it("executes the order of a signal event and answers the execution result", async () => {
    const handler = orderLambda();
    const { result, logs } = await quietly(() => handler({ source: SIGNAL_SOURCE, order: ORDER }));
    assert.deepEqual(
      { ...(result as object), latencyMs: 0 },
      {
        ok: true,
        value: {
          orderId: "sig-NASDAQ-AAPL-42",
          status: "filled",
          venue: "SIM",
          venueOrderId: "SIM-1",
          filledQuantity: 100,
          avgPrice: 189.52,
          ts: 1_794_127_500_000,
          reason: null,
          replayed: false,
        },
        latencyMs: 0,
      },
    );
    assert.equal(logs[0]?.source, "signal");
  });

  it("replays a repeated signal order instead of executing it twice", async () => {
    const handler = orderLambda();
    await quietly(() => handler({ source: SIGNAL_SOURCE, order: ORDER }));
    const { result } = await quietly(() => handler({ source: SIGNAL_SOURCE, order: ORDER }));
    assert.deepEqual((result as { value: { replayed: boolean; venueOrderId: string } }).value, {
      orderId: "sig-NASDAQ-AAPL-42",
      status: "filled",
      venue: "SIM",
      venueOrderId: "SIM-1",
      filledQuantity: 100,
      avgPrice: 189.52,
      ts: 1_794_127_500_000,
      reason: null,
      replayed: true,
    });
  });

  const rejected: [string, unknown, string][] = [
    [
      "an order that is not an object",
      { source: SIGNAL_SOURCE, order: "buy AAPL" },
      'event.order: must be an object, got "buy AAPL". Send a JSON or msgpack map.',
    ],
    [
      "a missing order",
      { source: SIGNAL_SOURCE },
      "event.order: must be an object, got undefined. Send a JSON or msgpack map.",
    ],
    [
      "a key beside source and order",
      { source: SIGNAL_SOURCE, order: ORDER, replay: true },
      'event.replay: is not a key of a signal event, got true. Send only "source" and "order".',
    ],
    [
      "an invalid order",
      { source: SIGNAL_SOURCE, order: { ...ORDER, quantity: -5 } },
      'order.quantity: must be greater than 0, got -5. Send a positive "quantity".',
    ],
  ];
  for (const [name, event, message] of rejected) {
    it(`rejects ${name} as bad input, never retried`, async () => {
      const { result } = await quietly(() => orderLambda()(event));
      assert.deepEqual(
        { ...(result as object), latencyMs: 0 },
        { ok: false, retry: false, code: "bad_input", message, latencyMs: 0 },
      );
    });
  }
});
