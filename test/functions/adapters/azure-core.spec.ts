import assert from "node:assert/strict";
import { registerAzure } from "../../../functions/adapters/azure";
import {
  coreApp,
  fromTyped,
  PROGRAMMING_MODEL,
  type AzureCallback,
  type AzureCore,
  type AzureFunctionMetadata,
  type AzureProgrammingModel,
  type AzureRpcTypedData,
} from "../../../functions/adapters/azure-core";
import { createCodec } from "../../../functions/lib/codec";
import { MemoryTickSink, normalizeFunction } from "../../../functions/trading/normalize";
import { orderFunction } from "../../../functions/trading/order-function";
import { SimulatedVenue } from "../../../functions/trading/venue";
import { captureLogs, fixture } from "./fixtures";

/** A worker's core API that records what the app sets and registers. */
function recordingCore() {
  const models: AzureProgrammingModel[] = [];
  const functions = new Map<string, { metadata: AzureFunctionMetadata; callback: AzureCallback }>();
  const core: AzureCore = {
    setProgrammingModel: (model) => void models.push(model),
    registerFunction: (metadata, callback) =>
      void functions.set(metadata.name, { metadata, callback }),
  };
  return { core, models, functions };
}

/** Drives one invocation the way the worker does: arguments, invoke, response. */
async function invoke(
  recorded: ReturnType<typeof recordingCore>,
  name: string,
  data: AzureRpcTypedData,
) {
  const fn = recorded.functions.get(name);
  assert.ok(fn, `${name} is registered`);
  const model = recorded.models[0].getInvocationModel({
    invocationId: `inv-${name}`,
    metadata: fn.metadata,
    request: { inputData: [{ name: "trigger", data }] },
  });
  const { context, inputs } = await model.getArguments();
  const result = await model.invokeFunction(context, inputs, fn.callback);
  return model.getResponse(context, result);
}

/** A recorded HTTP request. */
interface HttpSample {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Runs `body` with logs captured, returning its result. */
async function quietly<T>(body: () => Promise<T>): Promise<T> {
  let result: T | undefined;
  await captureLogs(async () => {
    result = await body();
  });
  return result as T;
}

describe("functions/adapters/azure-core", () => {
  it("sets its programming model once and registers each function with its bindings", () => {
    const recorded = recordingCore();
    const app = coreApp(recorded.core);
    registerAzure(app, orderFunction(), "http");
    registerAzure(app, normalizeFunction(), "stream");
    assert.equal(recorded.models.length, 1);
    assert.deepEqual(
      { name: recorded.models[0].name, version: recorded.models[0].version },
      PROGRAMMING_MODEL,
    );
    assert.deepEqual(
      [...recorded.functions.values()].map((f) => f.metadata),
      [
        {
          name: "order",
          bindings: {
            trigger: {
              methods: ["POST"],
              authLevel: "function",
              route: "order",
              type: "httpTrigger",
              direction: "in",
              properties: { supportsDeferredBinding: "false" },
            },
            $return: { type: "http", direction: "out" },
          },
        },
        {
          name: "health",
          bindings: {
            trigger: {
              methods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
              authLevel: "anonymous",
              route: "health",
              type: "httpTrigger",
              direction: "in",
              properties: { supportsDeferredBinding: "false" },
            },
            $return: { type: "http", direction: "out" },
          },
        },
        {
          name: "normalize",
          bindings: {
            trigger: {
              connection: "EventHubConnection",
              eventHubName: "%MARKET_DATA_HUB%",
              cardinality: "many",
              consumerGroup: "normalize",
              type: "eventHubTrigger",
              direction: "in",
              properties: { supportsDeferredBinding: "false" },
            },
          },
          retryOptions: {
            strategy: "exponentialBackoff",
            retryStrategy: "exponentialBackoff",
            maxRetryCount: 5,
            minimumInterval: { seconds: 1 },
            maximumInterval: { seconds: 30 },
          },
        },
      ],
    );
  });

  it("answers an RPC HTTP request with an RPC HTTP response carrying the confirmation", async () => {
    const recorded = recordingCore();
    const venue = new SimulatedVenue("SIM").quote("AAPL", { bid: 189.5, ask: 189.52, size: 1000 });
    registerAzure(
      coreApp(recorded.core),
      orderFunction({ venues: () => new Map([["SIM", venue]]), now: () => 7 }),
      "http",
    );
    const sample = fixture<HttpSample>("azure-http-order");
    const response = await quietly(() =>
      invoke(recorded, "order", {
        http: {
          method: sample.method,
          url: sample.url,
          headers: sample.headers,
          body: { bytes: new TextEncoder().encode(sample.body) },
        },
      }),
    );
    const http = response.returnValue?.http;
    assert.deepEqual(
      [response.invocationId, response.outputData, http?.statusCode, http?.headers, http?.cookies],
      ["inv-order", [], "200", { "content-type": "application/json" }, []],
    );
    assert.deepEqual(JSON.parse(Buffer.from(http?.body?.bytes ?? []).toString("utf8")), {
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

  it("answers the health route from an RPC request whose body arrived as a string", async () => {
    const recorded = recordingCore();
    registerAzure(coreApp(recorded.core), orderFunction(), "http");
    const response = await invoke(recorded, "health", {
      http: { method: "get", url: "https://x/api/health", headers: {}, body: { string: "" } },
    });
    const http = response.returnValue?.http;
    assert.equal(http?.statusCode, "200");
    assert.deepEqual(JSON.parse(Buffer.from(http?.body?.bytes ?? []).toString("utf8")), {
      status: "ok",
      function: "order",
    });
  });

  it("hands an Event Hubs batch of JSON strings to the stream adapter and returns its tally", async () => {
    const recorded = recordingCore();
    const sink = new MemoryTickSink();
    registerAzure(coreApp(recorded.core), normalizeFunction({ venue: "NASDAQ", sink }), "stream");
    const sample = fixture<{ messages: string[] }>("azure-eventhub-frame");
    // With cardinality "many", the host sends each event's JSON text in a string collection.
    const response = await quietly(() =>
      invoke(recorded, "normalize", {
        collectionString: { string: [...sample.messages.map((m) => JSON.stringify(m)), "42"] },
      }),
    );
    assert.deepEqual(response.returnValue, { json: '{"handled":1,"rejected":1}' });
    assert.equal((createCodec().decode(sink.batches[0]) as unknown[]).length, 2);
  });

  it("registers the signals queue trigger and executes a message the host hands over as JSON text", async () => {
    const recorded = recordingCore();
    const venue = new SimulatedVenue("SIM").quote("AAPL", { bid: 189.5, ask: 189.52, size: 1000 });
    registerAzure(
      coreApp(recorded.core),
      orderFunction({ venues: () => new Map([["SIM", venue]]), now: () => 7 }),
      "http",
      { signalsQueue: true },
    );
    assert.deepEqual(recorded.functions.get("order-signals")?.metadata, {
      name: "order-signals",
      bindings: {
        trigger: {
          connection: "ServiceBusConnection",
          queueName: "%SIGNALS_QUEUE%",
          type: "serviceBusTrigger",
          direction: "in",
          properties: { supportsDeferredBinding: "false" },
        },
      },
    });
    const order = {
      orderId: "sig:NASDAQ:AAPL:3",
      account: "signals",
      symbol: "AAPL",
      side: "buy",
      type: "market",
      quantity: 10,
    };
    const response = await quietly(() =>
      invoke(recorded, "order-signals", { string: JSON.stringify(order) }),
    );
    const outcome = JSON.parse(response.returnValue?.json ?? "null") as {
      ok: boolean;
      value: { orderId: string; status: string };
    };
    assert.deepEqual(
      [outcome.ok, outcome.value.orderId, outcome.value.status],
      [true, "sig:NASDAQ:AAPL:3", "filled"],
    );
  });

  it("converts RPC values as @azure/functions does", () => {
    assert.deepEqual(fromTyped({ string: '{"a":1}' }), { a: 1 });
    assert.equal(fromTyped({ string: "plain" }), "plain");
    assert.deepEqual(fromTyped({ json: "[1,2]" }), [1, 2]);
    assert.deepEqual(fromTyped({ bytes: Uint8Array.from([1, 2]) }), Buffer.from([1, 2]));
    assert.deepEqual(fromTyped({ collectionBytes: { bytes: [Uint8Array.from([3])] } }), [
      Buffer.from([3]),
    ]);
    assert.deepEqual(fromTyped({ collectionString: { string: ["1", "x"] } }), [1, "x"]);
    assert.equal(fromTyped(undefined), undefined);
  });
});
