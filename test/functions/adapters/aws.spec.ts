import assert from "node:assert/strict";
import { toLambda, type AlbResult, type BatchResult } from "../../../functions/adapters/aws";
import { createCodec } from "../../../functions/lib/codec";
import { Book } from "../../../functions/portfolio/book";
import { portfolioValueFunction } from "../../../functions/portfolio/value";
import { MemoryTickSink, normalizeFunction } from "../../../functions/trading/normalize";
import { orderFunction } from "../../../functions/trading/order-function";
import { SimulatedVenue } from "../../../functions/trading/venue";
import { captureLogs, fixture } from "./fixtures";
import { probedHandlers, servedOverHttp } from "./probed";

function orderLambda() {
  const venue = new SimulatedVenue("SIM").quote("AAPL", { bid: 189.5, ask: 189.52, size: 1000 });
  return {
    venue,
    handler: toLambda(
      orderFunction({ venues: () => new Map([["SIM", venue]]), now: () => 1_794_127_500_000 }),
    ),
  };
}

describe("functions/adapters/aws", () => {
  it("answers an ALB request with the confirmation and logs its latency", async () => {
    const { handler } = orderLambda();
    let result: AlbResult | undefined;
    const logs = await captureLogs(async () => {
      result = (await handler(fixture("aws-alb-order"))) as AlbResult;
    });
    assert.deepEqual(
      { ...result, body: JSON.parse(result?.body ?? "") as unknown },
      {
        statusCode: 200,
        statusDescription: "200 OK",
        headers: { "content-type": "application/json" },
        body: {
          orderId: "ord-1001",
          status: "filled",
          venue: "SIM",
          venueOrderId: "SIM-1",
          filledQuantity: 100,
          avgPrice: 189.52,
          ts: 1_794_127_500_000,
          reason: null,
          replayed: false,
        },
        isBase64Encoded: false,
      },
    );
    assert.deepEqual(Object.keys(logs[0] ?? {}), [
      "severity",
      "message",
      "function",
      "latencyMs",
      "source",
      "path",
    ]);
    assert.equal(typeof logs[0]?.latencyMs, "number");
  });

  it("answers msgpack with msgpack, base64-encoded for the ALB, and replays a repeated order", async () => {
    const { handler } = orderLambda();
    const event = fixture("aws-alb-order");
    const codec = createCodec();
    event.headers["content-type"] = "application/msgpack";
    event.body = Buffer.from(codec.encode(JSON.parse(event.body as string))).toString("base64");
    event.isBase64Encoded = true;
    let result: AlbResult | undefined;
    await captureLogs(async () => {
      await handler(event);
      result = (await handler(event)) as AlbResult;
    });
    if (!result) throw new Error("no result");
    assert.equal(result.headers["content-type"], "application/msgpack");
    assert.equal(
      (codec.decode(Buffer.from(result.body, "base64")) as { replayed: boolean }).replayed,
      true,
    );
  });

  it("answers a different order under a used order id with 409 Conflict and executes it nowhere", async () => {
    const { handler, venue } = orderLambda();
    const event = fixture("aws-alb-order");
    const other = fixture("aws-alb-order");
    other.body = JSON.stringify({ ...JSON.parse(other.body as string), account: "acct-8" });
    let conflict: AlbResult | undefined;
    await captureLogs(async () => {
      await handler(event);
      conflict = (await handler(other)) as AlbResult;
    });
    assert.deepEqual(
      [conflict?.statusCode, conflict?.statusDescription, JSON.parse(conflict?.body ?? "")],
      [
        409,
        "409 Conflict",
        {
          error: {
            code: "conflict",
            message:
              'order.orderId: was used by an order with a different account, got "ord-1001". Send a new order under a new order id; a retry must repeat the original order exactly.',
          },
        },
      ],
    );
    assert.equal(venue.submissions.get("ord-1001"), 1);
  });

  it("rejects a bad ALB body with 400 and the reason, and a GET with 405", async () => {
    const { handler, venue } = orderLambda();
    const event = fixture("aws-alb-order");
    event.body = JSON.stringify({ ...JSON.parse(event.body as string), quantity: -100 });
    let bad: AlbResult | undefined;
    let get: AlbResult | undefined;
    await captureLogs(async () => {
      bad = (await handler(event)) as AlbResult;
      get = (await handler({ ...event, httpMethod: "GET" })) as AlbResult;
    });
    assert.equal(bad?.statusCode, 400);
    assert.deepEqual(JSON.parse(bad?.body ?? ""), {
      error: {
        code: "bad_input",
        message: 'order.quantity: must be greater than 0, got -100. Send a positive "quantity".',
      },
    });
    assert.equal(get?.statusCode, 405);
    assert.deepEqual(get?.headers, { "content-type": "application/json", allow: "POST" });
    assert.equal(venue.submissions.size, 0);
  });

  it("normalises a Kinesis record of exchange frames", async () => {
    const sink = new MemoryTickSink();
    const handler = toLambda(normalizeFunction({ venue: "NASDAQ", sink }));
    let result: BatchResult | undefined;
    await captureLogs(async () => {
      result = (await handler(fixture("aws-kinesis-frame"))) as BatchResult;
    });
    assert.deepEqual(result, { batchItemFailures: [] });
    assert.equal((createCodec().decode(sink.batches[0]) as unknown[]).length, 2);
  });

  it("drops a poison Kinesis record without a retry, but retries a transient failure", async () => {
    const event = fixture("aws-kinesis-frame");
    const good = event.Records[0];
    const poison = { ...good, kinesis: { ...good.kinesis, sequenceNumber: "2", data: "AAEC" } };
    const flaky = { ...good, kinesis: { ...good.kinesis, sequenceNumber: "3" } };
    let calls = 0;
    const handler = toLambda(
      normalizeFunction({
        venue: "NASDAQ",
        sink: {
          publish: () =>
            ++calls === 1 ? Promise.reject(new Error("stream throttled")) : Promise.resolve(),
        },
      }),
    );
    let result: BatchResult | undefined;
    const logs = await captureLogs(async () => {
      result = (await handler({ Records: [flaky, poison] })) as BatchResult;
    });
    assert.deepEqual(result, { batchItemFailures: [{ itemIdentifier: "3" }] });
    assert.deepEqual(
      logs.map((l) => [l.message, l.code]),
      [
        ["failed", "internal"],
        ["rejected", "bad_input"],
      ],
    );
  });

  it("applies a msgpack price update from SQS and a revaluation request from EventBridge", async () => {
    const book = new Book(0.05);
    book.applyEvent({
      kind: "position",
      portfolio: "pf-growth",
      eventId: "e1",
      symbol: "AAPL",
      quantityDelta: 10,
      price: 189,
      ts: 1,
    });
    const handler = toLambda(portfolioValueFunction(book));
    let sqs: unknown;
    let revalue: unknown;
    await captureLogs(async () => {
      sqs = await handler(fixture("aws-sqs-price"));
      revalue = await handler(fixture("aws-eventbridge-revalue"));
    });
    assert.deepEqual(sqs, { batchItemFailures: [] });
    assert.equal((revalue as { ok: boolean }).ok, true);
    assert.deepEqual((revalue as { value: { valuations: unknown } }).value.valuations, [
      {
        portfolio: "pf-growth",
        value: 1901,
        asOf: 1794127500000,
        positions: [{ symbol: "AAPL", quantity: 10, value: 1901 }],
      },
    ]);
  });

  it("rejects an event it does not know without throwing", async () => {
    const handler = toLambda(portfolioValueFunction(new Book()));
    let result: unknown;
    await captureLogs(async () => {
      result = await handler({ hello: "world" });
    });
    assert.deepEqual(
      { ...(result as object), latencyMs: 0 },
      {
        ok: false,
        retry: false,
        code: "bad_input",
        message:
          "event: is not an ALB request, a WebSocket route event, a Kinesis or SQS batch, an EventBridge event or a signal event, got an object. Invoke the function from one of those sources.",
        latencyMs: 0,
      },
    );
  });
  describe("the health path", () => {
    // The functions served over HTTP on this cloud (the others take streams here).
    for (const { handler, touched } of probedHandlers().filter(servedOverHttp)) {
      it(`${handler.name}: answers the recorded GET /health with 200 and its name, untouched and unlogged`, async () => {
        let result: AlbResult | undefined;
        const logs = await captureLogs(async () => {
          result = (await toLambda(handler)(fixture("aws-alb-health"))) as AlbResult;
        });
        assert.deepEqual(result, {
          statusCode: 200,
          statusDescription: "200 OK",
          headers: { "content-type": "application/json", "cache-control": "no-store" },
          body: `{"status":"ok","function":"${handler.name}"}`,
          isBase64Encoded: false,
        });
        assert.equal(touched(), 0);
        assert.deepEqual(logs, []);
      });
    }

    it("answers HEAD /health with 200 and no body", async () => {
      const [{ handler, touched }] = probedHandlers();
      const result = (await toLambda(handler)({
        ...fixture<Record<string, unknown>>("aws-alb-health"),
        httpMethod: "HEAD",
      })) as AlbResult;
      assert.equal(result.statusCode, 200);
      assert.equal(result.body, "");
      assert.equal(touched(), 0);
    });

    it("refuses an order POSTed to /health with 405 and executes nothing, while its own path does", async () => {
      const [{ handler, touched }] = probedHandlers();
      const lambda = toLambda(handler);
      const order = fixture("aws-alb-order");
      let refused: AlbResult | undefined;
      await captureLogs(async () => {
        refused = (await lambda({ ...order, path: "/health" })) as AlbResult;
      });
      assert.equal(refused?.statusCode, 405);
      assert.equal(refused?.statusDescription, "405 Method Not Allowed");
      assert.deepEqual(refused?.headers, {
        "content-type": "application/json",
        allow: "GET, HEAD",
      });
      assert.equal(touched(), 0);
      await captureLogs(async () => {
        await lambda(order);
      });
      assert.ok(touched() > 0);
    });
  });
});
