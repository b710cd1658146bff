import assert from "node:assert/strict";
import { InMemoryIdempotencyStore } from "../../../functions/lib/idempotency";
import { MemoryPositionBook } from "../../../functions/trading/execute";
import { orderFunction } from "../../../functions/trading/order-function";
import { SimulatedVenue } from "../../../functions/trading/venue";

function setup() {
  const venue = new SimulatedVenue("SIM").quote("AAPL", { bid: 189.5, ask: 189.52, size: 150 });
  const store = new InMemoryIdempotencyStore(() => 0);
  const positions = new MemoryPositionBook();
  const fn = orderFunction({
    store: () => store,
    venues: () => new Map([["SIM", venue]]),
    positions,
    now: () => 1_794_127_500_000,
  });
  return { venue, store, positions, fn };
}

const order = {
  orderId: "ord-1",
  account: "acct-7",
  symbol: "AAPL",
  side: "buy",
  type: "limit",
  quantity: 100,
  limitPrice: 189.52,
};

describe("functions/trading/execute", () => {
  it("fills a marketable order, books the position and confirms", async () => {
    const { fn, positions } = setup();
    assert.deepEqual(await fn.handle(fn.parse(order)), {
      orderId: "ord-1",
      status: "filled",
      venue: "SIM",
      venueOrderId: "SIM-1",
      filledQuantity: 100,
      avgPrice: 189.52,
      ts: 1_794_127_500_000,
      reason: null,
      replayed: false,
    });
    assert.equal(positions.get("acct-7", "AAPL"), 100);
  });

  it("executes a repeated order id once and replays the first confirmation", async () => {
    const { fn, venue, positions } = setup();
    const first = await fn.handle(fn.parse(order));
    const again = await fn.handle(fn.parse({ ...order }));
    assert.deepEqual(again, { ...first, replayed: true });
    assert.equal(venue.submissions.get("ord-1"), 1);
    assert.equal(positions.get("acct-7", "AAPL"), 100);
  });

  it("refuses a different order under a used order id with a conflict naming the id and what differs", async () => {
    const { fn, venue, positions } = setup();
    await fn.handle(fn.parse(order));
    const fix =
      "Send a new order under a new order id; a retry must repeat the original order exactly.";
    for (const [change, differs] of [
      [{ quantity: 5 }, "quantity"],
      [{ account: "acct-8" }, "account"],
      [{ side: "sell", quantity: 50 }, "side and quantity"],
      [{ type: "market", limitPrice: null, venue: "SIM" }, "type, limitPrice and venue"],
    ] as const) {
      await assert.rejects(fn.handle(fn.parse({ ...order, ...change })), {
        name: "ConflictError",
        code: "conflict",
        message: `order.orderId: was used by an order with a different ${differs}, got "ord-1". ${fix}`,
      });
    }
    assert.equal(venue.submissions.get("ord-1"), 1);
    assert.equal(positions.get("acct-7", "AAPL"), 100);
    assert.equal(positions.get("acct-8", "AAPL"), 0);
  });

  it("refuses a different order under an id whose first order is still executing", async () => {
    const { fn, store } = setup();
    await store.claim("ord-1", "acct-9|AAPL|buy|market|1||", 60);
    await assert.rejects(fn.handle(fn.parse(order)), {
      message:
        'order.orderId: was used by an order with a different account, type, quantity and limitPrice, got "ord-1". Send a new order under a new order id; a retry must repeat the original order exactly.',
    });
  });

  it("replays a claim stored before claims carried digests, as it did before", async () => {
    const { fn, venue } = setup();
    const legacy = {
      claim: () =>
        Promise.resolve({
          status: "done" as const,
          result: '{"orderId":"ord-1","status":"filled"}',
          digest: undefined,
        }),
      complete: () => Promise.resolve(),
      release: () => Promise.resolve(),
    };
    const old = orderFunction({ store: () => legacy, venues: () => new Map([["SIM", venue]]) });
    assert.deepEqual(
      [(await old.handle(fn.parse(order))).status, venue.submissions.size],
      ["filled", 0],
    );
  });

  it("sends concurrent duplicates to the venue once", async () => {
    const { fn, venue } = setup();
    const results = await Promise.all([1, 2, 3].map(() => fn.handle(fn.parse(order))));
    assert.equal(venue.submissions.get("ord-1"), 1);
    assert.deepEqual(
      results.map((r) => r.status),
      ["filled", "pending", "pending"],
    );
  });

  it("records a risk rejection so that a retry gets the same answer without reaching the venue", async () => {
    const { fn, venue } = setup();
    const far = { ...order, orderId: "ord-2", limitPrice: 250 };
    const first = await fn.handle(fn.parse(far));
    assert.equal(first.status, "rejected");
    assert.equal(
      first.reason,
      "limit price 250 is outside the ±5% band [180.03, 198.99] around 189.51.",
    );
    assert.deepEqual(await fn.handle(fn.parse(far)), { ...first, replayed: true });
    assert.equal(venue.submissions.size, 0);
  });

  it("releases the claim after a venue transport failure so that the retry executes", async () => {
    const { fn, venue, store } = setup();
    venue.failNext = new Error("gateway timeout");
    await assert.rejects(fn.handle(fn.parse(order)), { message: "gateway timeout" });
    assert.equal(store.size, 0);
    assert.equal((await fn.handle(fn.parse(order))).status, "filled");
    assert.equal(venue.submissions.get("ord-1"), 1);
  });

  it("reports a partial fill at the quoted size", async () => {
    const { fn } = setup();
    const result = await fn.handle(fn.parse({ ...order, quantity: 400, limitPrice: 190 }));
    assert.deepEqual([result.status, result.filledQuantity], ["partial", 150]);
  });

  it("rejects an order for a venue that is not connected", async () => {
    const { fn } = setup();
    const result = await fn.handle(fn.parse({ ...order, venue: "LSE" }));
    assert.deepEqual([result.status, result.reason], ["rejected", "venue LSE is not connected"]);
  });
});
