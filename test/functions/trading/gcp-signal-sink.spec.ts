import assert from "node:assert/strict";
import { toGcp, type GcpRequest, type GcpResponse } from "../../../functions/adapters/gcp";
import { encode } from "../../../functions/lib/codec";
import type { FunctionHandler } from "../../../functions/lib/handler";
import { InMemoryIdempotencyStore } from "../../../functions/lib/idempotency";
import { withSignalRedelivery } from "../../../functions/trading/aws-signal-sink";
import type { ExecutionResult } from "../../../functions/trading/execute";
import { writeFrame, type FrameMessage } from "../../../functions/trading/frame-writer";
import { GcpSignalSink } from "../../../functions/trading/gcp-signal-sink";
import { normalizeFunction } from "../../../functions/trading/normalize";
import type { Order } from "../../../functions/trading/order";
import { orderFunction } from "../../../functions/trading/order-function";
import { SimulatedVenue } from "../../../functions/trading/venue";
import { captureLogs } from "../adapters/fixtures";
import { startServer, type LocalServer } from "../lib/rest-server";

const TOPIC = "projects/tachyon-staging/topics/tachyon-staging-europe-west4-signals";
const PUBLISH = `/v1/${TOPIC}:publish`;
const NOW = 1_794_127_500_000;

/** A published message as the publish request carries it. */
interface Published {
  data: string;
  attributes: Record<string, string>;
}

function order(id: string) {
  return {
    orderId: id,
    account: "signals",
    symbol: "AAPL",
    side: "buy",
    type: "limit",
    quantity: 100,
    limitPrice: 102,
    venue: null,
  };
}

/** Tokens that count how often the sink drops one. */
function tokens() {
  const state = { invalidated: 0 };
  return {
    state,
    source: {
      get: () => Promise.resolve("ya29.signals"),
      invalidate: () => void state.invalidated++,
    },
  };
}

/** Runs a Functions Framework request through an adapter; the status it answered. */
async function push(
  handler: (request: GcpRequest, response: GcpResponse) => Promise<void>,
  data: Uint8Array | string,
  id: string,
) {
  let status = 0;
  const response: GcpResponse = {
    status(code) {
      status = code;
      return response;
    },
    set: () => response,
    send: () => undefined,
  };
  const attributes =
    typeof data === "string" ? { contentType: "application/json" } : ({} as Record<string, string>);
  await handler(
    {
      method: "POST",
      path: "/",
      headers: { "content-type": "application/json" },
      body: {
        message: {
          data: typeof data === "string" ? data : Buffer.from(data).toString("base64"),
          attributes,
          messageId: id,
        },
        subscription: "projects/tachyon-staging/subscriptions/push",
      },
    },
    response,
  );
  return status;
}

describe("functions/trading/gcp-signal-sink", () => {
  let pubsub: LocalServer;
  beforeEach(async () => {
    pubsub = await startServer((request) =>
      request.url === PUBLISH
        ? { status: 200, body: { messageIds: ["1"] } }
        : { status: 404, body: { error: { message: "Resource not found" } } },
    );
  });
  afterEach(() => pubsub.close());

  it("publishes each order as a JSON message in one publish request with the service account's token", async () => {
    const sink = new GcpSignalSink({
      topic: TOPIC,
      tokens: () => tokens().source,
      endpoint: pubsub.url,
    });
    const orders = [order("sig:NASDAQ:AAPL:3"), order("s-3")];
    await sink.publishSignals(encode(orders));
    assert.deepEqual(
      pubsub.requests.map((r) => [r.method, r.url, r.headers.authorization]),
      [["POST", PUBLISH, "Bearer ya29.signals"]],
    );
    assert.deepEqual(pubsub.requests[0].body, {
      messages: orders.map((o) => ({
        data: Buffer.from(JSON.stringify(o)).toString("base64"),
        attributes: { contentType: "application/json" },
      })),
    });
    assert.equal(sink.pendingOrders, 0);
  });

  it("keeps the orders of a refused publish and drops the token on 401", async () => {
    const t = tokens();
    const sink = new GcpSignalSink({ topic: TOPIC, tokens: () => t.source, endpoint: pubsub.url });
    pubsub.script.push({
      status: 401,
      body: { error: { message: "Request had invalid authentication credentials." } },
    });
    await assert.rejects(sink.publishSignals(encode([order("o-1")])), {
      name: "SignalDeliveryError",
      message:
        "signals: 1 of 1 orders were not delivered to the order function, first because o-1: Pub/Sub answered 401 (Request had invalid authentication credentials.). The stream record is retried and the orders are sent again.",
    });
    assert.equal(t.state.invalidated, 1);
    assert.equal(sink.pendingOrders, 1);
    await sink.redeliver();
    assert.equal(sink.pendingOrders, 0);
    assert.equal(pubsub.requests.length, 2);
  });

  it("refuses a topic that is not a topic id", () => {
    assert.throws(() => new GcpSignalSink({ topic: "signals", tokens: () => tokens().source }), {
      message:
        'TACHYON_SIGNAL_TOPIC: must be projects/<project>/topics/<topic>, got "signals". Set the topic\'s id.',
    });
  });

  it("executes normalize's signals once each through the order adapter, across a failed publish and redeliveries", async () => {
    const sink = new GcpSignalSink({
      topic: TOPIC,
      tokens: () => tokens().source,
      endpoint: pubsub.url,
    });
    const normalize = toGcp(
      withSignalRedelivery(
        normalizeFunction({
          venue: "NASDAQ",
          sink,
          signals: { warmup: 2, emaHalfLife: 1, threshold: 0.3 },
        }),
        sink,
      ),
    );
    const venue = new SimulatedVenue("SIM").quote("AAPL", { bid: 101, ask: 102, size: 100_000 });
    const store = new InMemoryIdempotencyStore(() => NOW);
    const inner = orderFunction({
      venues: () => new Map([["SIM", venue]]),
      store: () => store,
      now: () => NOW,
    });
    const results: ExecutionResult[] = [];
    const counted: FunctionHandler<Order, ExecutionResult> = {
      ...inner,
      parse: (payload) => inner.parse(payload),
      handle: async (input) => {
        const result = await inner.handle(input);
        results.push(result);
        return result;
      },
    };
    const orderService = toGcp(counted);
    const quotes: [number, number, number, number][] = [
      [100, 100, 101, 100],
      [101, 100, 102, 100],
      [101, 400, 102, 100],
      [101, 400, 102, 100],
      [101, 100, 102, 100],
      [101, 400, 102, 100],
      [100, 100, 101, 400],
    ];
    const messages: FrameMessage[] = quotes.map(([bid, bidSize, ask, askSize], i) => ({
      type: "Q",
      locate: 13,
      ts: (i + 1) * 1_000,
      symbol: "AAPL",
      bid,
      bidSize,
      ask,
      askSize,
    }));
    const frame = writeFrame("S1", 1, messages);
    pubsub.script.push({
      status: 503,
      body: { error: { message: "The service was unable to fulfill your request." } },
    });
    await captureLogs(async () => {
      // The publish fails: normalize answers 500, so Pub/Sub pushes the frame again.
      assert.equal(await push(normalize, frame, "m-1"), 500);
      assert.equal(sink.pendingOrders, 3);
      assert.equal(await push(normalize, frame, "m-1"), 204);
    });
    assert.equal(sink.pendingOrders, 0);
    const published = (pubsub.requests[1].body as { messages: Published[] }).messages;
    assert.deepEqual(
      published
        .map((m) => (JSON.parse(Buffer.from(m.data, "base64").toString()) as Order).orderId)
        .sort(),
      ["sig:NASDAQ:AAPL:3:3000", "sig:NASDAQ:AAPL:6:6000", "sig:NASDAQ:AAPL:7:7000"],
    );
    // Pub/Sub delivers at least once: every signal is pushed to order twice.
    await captureLogs(async () => {
      for (const round of [1, 2]) {
        for (const [i, m] of published.entries()) {
          assert.equal(await push(orderService, m.data, `s-${round}-${i}`), 204);
        }
      }
    });
    assert.deepEqual(
      results.map((r) => [r.orderId, r.status, r.replayed]),
      [
        ...published.map((m) => [
          (JSON.parse(Buffer.from(m.data, "base64").toString()) as Order).orderId,
          "filled",
          false,
        ]),
        ...published.map((m) => [
          (JSON.parse(Buffer.from(m.data, "base64").toString()) as Order).orderId,
          "filled",
          true,
        ]),
      ],
    );
    assert.equal(new Set(results.map((r) => r.venueOrderId)).size, 3);
  });
});
