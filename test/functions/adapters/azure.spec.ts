import assert from "node:assert/strict";
import {
  azureEventHub,
  azureHealth,
  azureHttp,
  registerAzure,
  RetryableBatchError,
  type AzureApp,
  type AzureHttpHandler,
  type AzureHttpRequest,
  type AzureHttpResponse,
} from "../../../functions/adapters/azure";
import { createCodec } from "../../../functions/lib/codec";
import type { FunctionHandler } from "../../../functions/lib/handler";
import { MemoryTickSink, normalizeFunction } from "../../../functions/trading/normalize";
import { orderFunction } from "../../../functions/trading/order-function";
import { SimulatedVenue } from "../../../functions/trading/venue";
import { captureLogs, fixture } from "./fixtures";
import { probedHandlers, servedOverHttp } from "./probed";

/** A recorded HTTP request. */
interface HttpSample {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** A v4 HttpRequest as the worker builds it from a recorded request. */
function request(sample: HttpSample): AzureHttpRequest {
  const headers = new Headers(sample.headers);
  return {
    method: sample.method,
    url: sample.url,
    headers,
    arrayBuffer: () => Promise.resolve(new TextEncoder().encode(sample.body).buffer),
  };
}

const context = { invocationId: "3f1d3b7c-2a1e-4c55-9a0b-9e2f0c2b7c11" };

describe("functions/adapters/azure", () => {
  it("registers HTTP functions and their health route with app.http, stream functions with app.eventHub, the signals queue with app.serviceBusQueue", () => {
    const calls: [string, string, Record<string, unknown>][] = [];
    const app: AzureApp = {
      http: (name, options) => void calls.push(["http", name, options]),
      eventHub: (name, options) => void calls.push(["eventHub", name, options]),
      serviceBusQueue: (name, options) => void calls.push(["serviceBusQueue", name, options]),
    };
    registerAzure(app, orderFunction(), "http");
    registerAzure(app, normalizeFunction(), "stream");
    registerAzure(app, orderFunction(), "http", { signalsQueue: true });
    assert.deepEqual(
      calls.map(([kind, name, { handler: _handler, ...options }]) => [kind, name, options]),
      [
        ["http", "order", { methods: ["POST"], authLevel: "function", route: "order" }],
        [
          "http",
          "health",
          {
            methods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
            authLevel: "anonymous",
            route: "health",
          },
        ],
        [
          "eventHub",
          "normalize",
          {
            connection: "EventHubConnection",
            eventHubName: "%MARKET_DATA_HUB%",
            cardinality: "many",
            consumerGroup: "normalize",
            retry: {
              strategy: "exponentialBackoff",
              maxRetryCount: 5,
              minimumInterval: 1000,
              maximumInterval: 30000,
            },
          },
        ],
        [
          "serviceBusQueue",
          "order-signals",
          { connection: "ServiceBusConnection", queueName: "%SIGNALS_QUEUE%" },
        ],
        ["http", "order", { methods: ["POST"], authLevel: "function", route: "order" }],
        [
          "http",
          "health",
          {
            methods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
            authLevel: "anonymous",
            route: "health",
          },
        ],
      ],
    );
  });

  it("answers a recorded HTTP request with the confirmation", async () => {
    const venue = new SimulatedVenue("SIM").quote("AAPL", { bid: 189.5, ask: 189.52, size: 1000 });
    const handler = azureHttp(
      orderFunction({ venues: () => new Map([["SIM", venue]]), now: () => 7 }),
    );
    let response: Awaited<ReturnType<typeof handler>> | undefined;
    await captureLogs(async () => {
      response = await handler(request(fixture<HttpSample>("azure-http-order")), context);
    });
    assert.equal(response?.status, 200);
    assert.deepEqual(response?.headers, { "content-type": "application/json" });
    assert.deepEqual(JSON.parse(Buffer.from(response?.body ?? []).toString("utf8")), {
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

  it("refuses an oversized body from its content-length with 413 before reading it", async () => {
    const sample = fixture<HttpSample>("azure-http-order");
    sample.headers["content-length"] = "1000000";
    let read = false;
    const req = {
      ...request(sample),
      arrayBuffer: () => ((read = true), Promise.resolve(new ArrayBuffer(0))),
    };
    let status: number | undefined;
    await captureLogs(async () => {
      status = (await azureHttp(orderFunction())(req, context)).status;
    });
    assert.equal(status, 413);
    assert.equal(read, false);
  });

  it("normalises a recorded Event Hubs batch of base64 frames", async () => {
    const sample = fixture("azure-eventhub-frame");
    const sink = new MemoryTickSink();
    let result: unknown;
    await captureLogs(async () => {
      result = await azureEventHub(normalizeFunction({ venue: "NASDAQ", sink }))(sample.messages, {
        ...context,
        triggerMetadata: sample.triggerMetadata,
      });
    });
    assert.deepEqual(result, { handled: 1, rejected: 0 });
    assert.equal((createCodec().decode(sink.batches[0]) as unknown[]).length, 2);
  });

  it("skips a bad event and throws only for a transient failure, so the retry policy redelivers", async () => {
    const sample = fixture("azure-eventhub-frame");
    const ok = await captureLogs(async () => {
      assert.deepEqual(
        await azureEventHub(normalizeFunction())(
          ["AAEC", 42, ...(sample.messages as string[])],
          context,
        ),
        { handled: 1, rejected: 2 },
      );
    });
    assert.deepEqual(
      ok.map((l) => l.message),
      ["rejected", "rejected", "handled"],
    );
    const failing = normalizeFunction({
      sink: { publish: () => Promise.reject(new Error("hub throttled")) },
    });
    await captureLogs(async () => {
      await assert.rejects(
        azureEventHub(failing)(sample.messages, context),
        (error: unknown) => error instanceof RetryableBatchError && error.failed.length === 1,
      );
    });
  });
  describe("the health path", () => {
    /** The handlers registerAzure gives the host, by function name. */
    function registered(handler: FunctionHandler): Map<string, AzureHttpHandler> {
      const handlers = new Map<string, AzureHttpHandler>();
      registerAzure(
        {
          http: (name, options) => void handlers.set(name, options.handler),
          eventHub: () => assert.fail("an HTTP function registers no Event Hubs trigger"),
          serviceBusQueue: () => assert.fail("an HTTP function registers no queue by default"),
        },
        handler,
        "http",
      );
      return handlers;
    }

    // The functions served over HTTP on this cloud (the others take streams here).
    for (const { handler, touched } of probedHandlers().filter(servedOverHttp)) {
      it(`${handler.name}: answers GET /api/health with 200 and its name, untouched and unlogged`, async () => {
        const health = registered(handler).get("health");
        const sample = { ...fixture<HttpSample>("azure-http-health"), method: "GET" };
        let response: AzureHttpResponse | undefined;
        const logs = await captureLogs(async () => {
          response = await health?.(request(sample), context);
        });
        assert.equal(response?.status, 200);
        assert.deepEqual(response?.headers, {
          "content-type": "application/json",
          "cache-control": "no-store",
        });
        assert.equal(
          Buffer.from(response?.body ?? []).toString("utf8"),
          `{"status":"ok","function":"${handler.name}"}`,
        );
        assert.equal(touched(), 0);
        assert.deepEqual(logs, []);
      });
    }

    it("answers the recorded Front Door HEAD probe with 200 and no body", async () => {
      const [{ handler, touched }] = probedHandlers();
      const response = await azureHealth(handler)(
        request(fixture<HttpSample>("azure-http-health")),
        context,
      );
      assert.equal(response.status, 200);
      assert.equal(response.body.byteLength, 0);
      assert.equal(touched(), 0);
    });

    it("refuses an order POSTed to /api/health with 405 and executes nothing, while its own route does", async () => {
      const [{ handler, touched }] = probedHandlers();
      const routes = registered(handler);
      const order = fixture<HttpSample>("azure-http-order");
      const refused = await routes.get("health")?.(
        request({ ...order, url: order.url.replace("/api/order", "/api/health") }),
        context,
      );
      assert.equal(refused?.status, 405);
      assert.deepEqual(refused?.headers, {
        "content-type": "application/json",
        allow: "GET, HEAD",
      });
      assert.equal(touched(), 0);
      await captureLogs(async () => {
        await routes.get("order")?.(request(order), context);
      });
      assert.ok(touched() > 0);
    });
  });
});
