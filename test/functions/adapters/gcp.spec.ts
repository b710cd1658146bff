import assert from "node:assert/strict";
import { toGcp, type GcpRequest, type GcpResponse } from "../../../functions/adapters/gcp";
import { Book } from "../../../functions/portfolio/book";
import { portfolioValueFunction } from "../../../functions/portfolio/value";
import { orderFunction } from "../../../functions/trading/order-function";
import { SimulatedVenue } from "../../../functions/trading/venue";
import { captureLogs, fixture } from "./fixtures";
import { probedHandlers } from "./probed";

/** An Express-like response recording what the function sent. */
class Recorder implements GcpResponse {
  code = 0;
  headers: Record<string, string> = {};
  body: Uint8Array | string = "";
  status(code: number): this {
    this.code = code;
    return this;
  }
  set(name: string, value: string): this {
    this.headers[name] = value;
    return this;
  }
  send(body: Uint8Array | string): void {
    this.body = body;
  }
  json(): unknown {
    return JSON.parse(Buffer.from(this.body).toString("utf8"));
  }
}

/** The request the Functions Framework builds: parsed JSON body plus rawBody. */
function request(sample: {
  method: string;
  headers: Record<string, string>;
  body: string;
}): GcpRequest {
  return {
    method: sample.method,
    headers: sample.headers,
    rawBody: Buffer.from(sample.body),
    body: JSON.parse(sample.body) as unknown,
  };
}

describe("functions/adapters/gcp", () => {
  it("answers a recorded HTTP request with the confirmation", async () => {
    const venue = new SimulatedVenue("SIM").quote("AAPL", { bid: 189.5, ask: 189.52, size: 1000 });
    const fn = toGcp(orderFunction({ venues: () => new Map([["SIM", venue]]), now: () => 7 }));
    const res = new Recorder();
    await captureLogs(() => fn(request(fixture("gcp-http-order")), res));
    assert.equal(res.code, 200);
    assert.deepEqual(res.headers, { "content-type": "application/json" });
    assert.deepEqual(res.json(), {
      orderId: "ord-1001",
      status: "filled",
      venue: "SIM",
      venueOrderId: "SIM-1",
      filledQuantity: 100,
      avgPrice: 189.52,
      ts: 7,
      reason: null,
      replayed: false,
    });
  });

  it("acknowledges a recorded Pub/Sub push with 204 after applying the message", async () => {
    const book = new Book();
    book.applyEvent({
      kind: "position",
      portfolio: "pf",
      eventId: "e1",
      symbol: "AAPL",
      quantityDelta: 10,
      price: 189,
      ts: 1,
    });
    const fn = toGcp(portfolioValueFunction(book));
    const sample = fixture("gcp-pubsub-price");
    const res = new Recorder();
    await captureLogs(() =>
      fn({ method: "POST", headers: { "content-type": "application/json" }, body: sample }, res),
    );
    assert.equal(res.code, 204);
    assert.equal(book.valuation("pf")?.value, 1901);
  });

  it("acknowledges a poison Pub/Sub message with 202 and the reason instead of a redelivery loop", async () => {
    const book = new Book();
    const fn = toGcp(portfolioValueFunction(book));
    const sample = fixture("gcp-pubsub-price");
    sample.message.data = Buffer.from(
      JSON.stringify({ kind: "price", symbol: "AAPL", price: -1, ts: 1 }),
    ).toString("base64");
    sample.message.attributes = {};
    const res = new Recorder();
    await captureLogs(() =>
      fn({ method: "POST", headers: { "content-type": "application/json" }, body: sample }, res),
    );
    assert.equal(res.code, 202);
    assert.deepEqual(res.json(), {
      error: {
        code: "bad_input",
        message: 'message.price: must be greater than 0, got -1. Send a positive "price".',
      },
    });
    assert.deepEqual(book.portfolioIds, []);
  });

  it("acknowledges an executed order whose push has a pathological messageId, on every delivery", async () => {
    const venue = new SimulatedVenue("SIM").quote("AAPL", { bid: 189.5, ask: 189.52, size: 1000 });
    const fn = toGcp(orderFunction({ venues: () => new Map([["SIM", venue]]) }));
    let messageId: unknown = "m";
    for (let depth = 0; depth < 100_000; depth += 1) messageId = { messageId };
    const order = JSON.parse(fixture<{ body: string }>("gcp-http-order").body) as object;
    const push = {
      message: { data: Buffer.from(JSON.stringify(order)).toString("base64"), messageId },
      subscription: "projects/tachyon-prod/subscriptions/orders-push",
    };
    const codes: number[] = [];
    const logs = await captureLogs(async () => {
      for (const delivery of [1, 2]) {
        const res = new Recorder();
        await fn(
          { method: "POST", headers: { "content-type": "application/json" }, body: push },
          res,
        );
        codes.push(res.code, delivery);
      }
    });
    assert.deepEqual(codes, [204, 1, 204, 2]);
    assert.equal(venue.submissions.get("ord-1001"), 1);
    assert.deepEqual(
      logs.map((l) => [l.message, l.messageId, l.subscription]),
      [
        ["handled", "object", "projects/tachyon-prod/subscriptions/orders-push"],
        ["handled", "object", "projects/tachyon-prod/subscriptions/orders-push"],
      ],
    );
  });

  it("answers 500 for a transient failure so that Pub/Sub redelivers", async () => {
    const fn = toGcp({
      ...portfolioValueFunction(new Book()),
      handle: () => Promise.reject(new Error("backend unavailable")),
    });
    const res = new Recorder();
    await captureLogs(() =>
      fn({ method: "POST", headers: {}, body: fixture("gcp-pubsub-price") }, res),
    );
    assert.equal(res.code, 500);
  });
  describe("the health path", () => {
    /** The request the Functions Framework builds for a recorded bodiless request. */
    const probe = (method = "GET"): GcpRequest => {
      const sample = fixture<{ method: string; path: string; headers: Record<string, string> }>(
        "gcp-http-health",
      );
      return { method, path: sample.path, headers: sample.headers, rawBody: Buffer.alloc(0) };
    };

    // Every function is an HTTP function on Google Cloud: Pub/Sub push arrives over HTTP too.
    for (const { handler, touched } of probedHandlers()) {
      it(`${handler.name}: answers the recorded GET /health with 200 and its name, untouched and unlogged`, async () => {
        const res = new Recorder();
        const logs = await captureLogs(() => toGcp(handler)(probe(), res));
        assert.equal(res.code, 200);
        assert.deepEqual(res.headers, {
          "content-type": "application/json",
          "cache-control": "no-store",
        });
        assert.deepEqual(res.json(), { status: "ok", function: handler.name });
        assert.equal(touched(), 0);
        assert.deepEqual(logs, []);
      });
    }

    it("answers HEAD /health with 200 and no body", async () => {
      const [{ handler, touched }] = probedHandlers();
      const res = new Recorder();
      await toGcp(handler)(probe("HEAD"), res);
      assert.equal(res.code, 200);
      assert.equal(Buffer.from(res.body).byteLength, 0);
      assert.equal(touched(), 0);
    });

    it("refuses an order POSTed to /health with 405 and executes nothing, while its own path does", async () => {
      const [{ handler, touched }] = probedHandlers();
      const fn = toGcp(handler);
      const order = request(fixture("gcp-http-order"));
      const refused = new Recorder();
      await fn({ ...order, path: "/health" }, refused);
      assert.equal(refused.code, 405);
      assert.deepEqual(refused.headers, { "content-type": "application/json", allow: "GET, HEAD" });
      assert.equal(touched(), 0);
      await captureLogs(() => fn({ ...order, path: "/order" }, new Recorder()));
      assert.ok(touched() > 0);
    });

    it("takes a Pub/Sub push to the service root for a delivery, not a health probe", async () => {
      const book = new Book();
      const res = new Recorder();
      await captureLogs(() =>
        toGcp(portfolioValueFunction(book))(
          { method: "POST", path: "/", headers: {}, body: fixture("gcp-pubsub-price") },
          res,
        ),
      );
      assert.equal(res.code, 204);
      assert.deepEqual(book.stats, { portfolios: 0, prices: 1, options: 0, events: 0 });
    });
  });
});
