import assert from "node:assert/strict";
import { eventSourceBatchingWindow } from "../../../policies/latency/event-source-batching-window";
import { validateStack, withProp, type FixtureResource } from "../harness";

const critical = { "latency-class": "critical" };
const fn: FixtureResource = {
  type: "aws:lambda/function:Function",
  name: "normalize",
  props: { name: "normalize", tags: critical },
};
const stream: FixtureResource = { type: "aws:kinesis/stream:Stream", name: "ticks", props: {} };
const mapping: FixtureResource = {
  type: "aws:lambda/eventSourceMapping:EventSourceMapping",
  name: "ticks-mapping",
  props: {
    functionName: "normalize",
    eventSourceArn: "arn:aws:kinesis:us-east-1:1:stream/ticks",
    batchSize: 10,
    maximumBatchingWindowInSeconds: 0,
  },
  propertyDependencies: { functionName: [fn], eventSourceArn: [stream] },
};
const app: FixtureResource = {
  type: "azure-native:web:WebApp",
  name: "fraud-app",
  props: {
    kind: "functionapp,linux",
    tags: critical,
    siteConfig: {
      appSettings: [
        { name: "AzureFunctionsJobHost__extensions__eventHubs__maxEventBatchSize", value: "10" },
      ],
    },
  },
};
const check = (stack: FixtureResource[], config = {}) =>
  validateStack(eventSourceBatchingWindow, stack, config);

describe("event-source-batching-window", () => {
  it("accepts immediate, small batches for critical functions", async () => {
    assert.deepEqual(await check([fn, stream, mapping, app]), []);
  });

  it("reports a batching window", async () => {
    assert.deepEqual(
      await check([fn, stream, withProp(mapping, "maximumBatchingWindowInSeconds", 5)]),
      [
        "ticks-mapping: Event source mapping of a latency-critical function must set maximumBatchingWindowInSeconds to at most 0; found 5.",
      ],
    );
  });

  it("reports a stream's default batch size of 100", async () => {
    assert.deepEqual(await check([fn, stream, withProp(mapping, "batchSize", undefined)]), [
      "ticks-mapping: Event source mapping of a latency-critical function must set batchSize to at most 10; found the default 100.",
    ]);
  });

  it("takes SQS's default batch size of 10", async () => {
    const queue: FixtureResource = { type: "aws:sqs/queue:Queue", props: {} };
    const r = {
      ...withProp(mapping, "batchSize", undefined),
      propertyDependencies: { functionName: [fn], eventSourceArn: [queue] },
    };
    assert.deepEqual(await check([fn, queue, r]), []);
  });

  it("uses the configured limits", async () => {
    assert.deepEqual(
      await check([fn, stream, withProp(mapping, "maximumBatchingWindowInSeconds", 1)], {
        maxBatchingWindowSeconds: 1,
        maxBatchSize: 5,
      }),
      [
        "ticks-mapping: Event source mapping of a latency-critical function must set batchSize to at most 5; found 10.",
      ],
    );
  });

  it("ignores mappings of functions that are not latency-critical", async () => {
    const plain = withProp(fn, "tags", {});
    const r = {
      ...withProp(mapping, "maximumBatchingWindowInSeconds", 30),
      propertyDependencies: { functionName: [plain] },
    };
    assert.deepEqual(await check([plain, r]), []);
  });

  it("reports a large Event Hubs batch set in app settings", async () => {
    const r = withProp(app, "siteConfig.appSettings", [
      { name: "AzureFunctionsJobHost__extensions__eventHubs__maxEventBatchSize", value: "100" },
    ]);
    assert.deepEqual(await check([r]), [
      "fraud-app: Latency-critical function app must set AzureFunctionsJobHost__extensions__eventHubs__maxEventBatchSize to at most 10 (Event Hubs batch); found 100.",
    ]);
  });
});
