import assert from "node:assert/strict";
import { azureEventHub, azureServiceBus } from "../../../functions/adapters/azure";
import { encode } from "../../../functions/lib/codec";
import type { FunctionHandler } from "../../../functions/lib/handler";
import { InMemoryIdempotencyStore } from "../../../functions/lib/idempotency";
import { withSignalRedelivery } from "../../../functions/trading/aws-signal-sink";
import { AzureSignalSink } from "../../../functions/trading/azure-signal-sink";
import type { ExecutionResult } from "../../../functions/trading/execute";
import { writeFrame, type FrameMessage } from "../../../functions/trading/frame-writer";
import { normalizeFunction } from "../../../functions/trading/normalize";
import type { Order } from "../../../functions/trading/order";
import { orderFunction } from "../../../functions/trading/order-function";
import { SimulatedVenue } from "../../../functions/trading/venue";
import { captureLogs } from "../adapters/fixtures";
import { startServer, type LocalServer } from "../lib/rest-server";

const NOW = 1_794_127_500_000;
const context = { invocationId: "inv-1" };

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
      get: () => Promise.resolve("eyJ.servicebus"),
      invalidate: () => void state.invalidated++,
    },
  };
}

describe("functions/trading/azure-signal-sink", () => {
  let bus: LocalServer;
  let queueUrl: string;
  beforeEach(async () => {
    bus = await startServer((request) =>
      request.url === "/signals/messages" ? { status: 201 } : { status: 404 },
    );
    queueUrl = `${bus.url}/signals`;
  });
  afterEach(() => bus.close());

  it("sends each order as a JSON message with the managed identity's token and the order id as MessageId", async () => {
    const sink = new AzureSignalSink({ queueUrl, tokens: () => tokens().source });
    await sink.publishSignals(encode([order("sig:NASDAQ:AAPL:3")]));
    assert.deepEqual(
      bus.requests.map((r) => [
        r.method,
        r.url,
        r.headers.authorization,
        r.headers.brokerproperties,
        r.headers["content-type"],
        r.body,
      ]),
      [
        [
          "POST",
          "/signals/messages",
          "Bearer eyJ.servicebus",
          '{"MessageId":"sig:NASDAQ:AAPL:3"}',
          "application/json",
          order("sig:NASDAQ:AAPL:3"),
        ],
      ],
    );
    assert.equal(sink.pendingOrders, 0);
  });

  it("keeps the orders of a refused send, drops the token on 401 and sends them again", async () => {
    const t = tokens();
    const sink = new AzureSignalSink({ queueUrl, tokens: () => t.source });
    bus.script.push({ status: 401, body: { error: { message: "ExpiredToken" } } });
    await assert.rejects(sink.publishSignals(encode([order("o-1")])), {
      name: "SignalDeliveryError",
      message:
        "signals: 1 of 1 orders were not delivered to the order function, first because o-1: Service Bus answered 401 (ExpiredToken). The stream record is retried and the orders are sent again.",
    });
    assert.equal(t.state.invalidated, 1);
    assert.equal(sink.pendingOrders, 1);
    await sink.redeliver();
    assert.equal(sink.pendingOrders, 0);
  });

  it("refuses a queue URL that is not a queue", () => {
    assert.throws(
      () => new AzureSignalSink({ queueUrl: "signals", tokens: () => tokens().source }),
      {
        message:
          'TACHYON_SIGNAL_QUEUE_URL: must be https://<namespace>.servicebus.windows.net/<queue>, got "signals". Set the queue\'s URL.',
      },
    );
  });

  it("executes normalize's signals once each through the Service Bus trigger, across a failed send and redeliveries", async () => {
    const sink = new AzureSignalSink({ queueUrl, tokens: () => tokens().source });
    const normalize = azureEventHub(
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
    const orderTrigger = azureServiceBus(counted);
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
    // Producers for Azure publish a binary frame as a JSON string of its base64.
    const batch = [Buffer.from(writeFrame("S1", 1, messages)).toString("base64")];
    bus.script.push(...Array.from({ length: 3 }, () => ({ status: 503 })));
    await captureLogs(async () => {
      // Every send fails: the batch throws, so the Event Hubs retry policy delivers it again.
      await assert.rejects(normalize(batch, context), { name: "RetryableBatchError" });
      assert.equal(sink.pendingOrders, 3);
      assert.deepEqual(await normalize(batch, context), { handled: 1, rejected: 0 });
    });
    assert.equal(sink.pendingOrders, 0);
    const sent = bus.requests.slice(3).map((r) => r.body as Order);
    assert.deepEqual(sent.map((o) => o.orderId).sort(), [
      "sig:NASDAQ:AAPL:3:3000",
      "sig:NASDAQ:AAPL:6:6000",
      "sig:NASDAQ:AAPL:7:7000",
    ]);
    // The host hands a JSON message over already parsed; each is delivered twice.
    await captureLogs(async () => {
      for (const _round of [1, 2]) {
        for (const message of sent) assert.equal((await orderTrigger(message, context)).ok, true);
      }
    });
    assert.deepEqual(
      results.map((r) => [r.orderId, r.status, r.replayed]),
      [
        ...sent.map((o) => [o.orderId, "filled", false]),
        ...sent.map((o) => [o.orderId, "filled", true]),
      ],
    );
    assert.equal(new Set(results.map((r) => r.venueOrderId)).size, 3);
  });
});
