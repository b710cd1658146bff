import assert from "node:assert/strict";
import { toLambda } from "../../../functions/adapters/aws";
import { AwsClient } from "../../../functions/lib/aws-client";
import type { AwsCredentials } from "../../../functions/lib/aws-sigv4";
import { encode } from "../../../functions/lib/codec";
import { InMemoryIdempotencyStore } from "../../../functions/lib/idempotency";
import { AwsSignalSink, withSignalRedelivery } from "../../../functions/trading/aws-signal-sink";
import { SignalDeliveryError } from "../../../functions/trading/signal-sink";
import { writeFrame, type FrameMessage } from "../../../functions/trading/frame-writer";
import { MemoryTickSink, normalizeFunction } from "../../../functions/trading/normalize";
import { orderFunction } from "../../../functions/trading/order-function";
import { SimulatedVenue } from "../../../functions/trading/venue";
import { captureLogs } from "../adapters/fixtures";
import {
  startEmulator,
  type Answer,
  type Emulator,
  type SeenRequest,
  type Service,
} from "../lib/aws-emulator";

const CREDENTIALS: AwsCredentials = {
  accessKeyId: "ASIAQEXAMPLENORMALIZ",
  secretAccessKey: "normalize/role/EXAMPLEKEY+0123456789abcdefgh",
  sessionToken: "IQoJb3JpZ2luX2VjEXAMPLEnormalize==",
};
const ALIAS_ARN = "arn:aws:lambda:us-east-1:123456789012:function:tachyon-prod-use1-order:live";
const INVOKE_PATH =
  "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Atachyon-prod-use1-order%3Alive/invocations";
const NOW = 1_794_127_500_000;

function order(id: string, side: "buy" | "sell" = "buy") {
  return {
    orderId: id,
    account: "signals",
    symbol: "AAPL",
    side,
    type: "limit",
    quantity: 100,
    limitPrice: side === "buy" ? 102 : 101,
    venue: null,
  };
}

/**
 * Lambda's Invoke API in front of the real order function behind its adapter: the alias ARN
 * must arrive as one encoded path segment, the invocation type must be RequestResponse.
 */
function lambdaService(): { service: Service; executed: string[]; inFlight: () => number } {
  const venue = new SimulatedVenue("SIM").quote("AAPL", { bid: 101, ask: 102, size: 100_000 });
  const store = new InMemoryIdempotencyStore(() => NOW);
  const handler = toLambda(
    orderFunction({ venues: () => new Map([["SIM", venue]]), store: () => store, now: () => NOW }),
  );
  const executed: string[] = [];
  let running = 0;
  let most = 0;
  const service: Service = async (request: SeenRequest): Promise<Answer> => {
    if (request.path !== INVOKE_PATH) {
      return {
        status: 404,
        headers: { "x-amzn-errortype": "ResourceNotFoundException" },
        body: JSON.stringify({
          Type: "User",
          Message: `Function not found: ${decodeURIComponent(request.path)}`,
        }),
      };
    }
    if (request.headers["x-amz-invocation-type"] !== "RequestResponse") {
      return { status: 400, body: "wrong invocation type" };
    }
    running += 1;
    most = Math.max(most, running);
    // Hold each invoke briefly so that concurrent ones overlap.
    await new Promise((resolve) => setTimeout(resolve, 20));
    running -= 1;
    const result = await handler(JSON.parse(request.body.toString("utf8")));
    const value = (result as { value?: { orderId?: string; replayed?: boolean } }).value;
    if (value?.orderId && !value.replayed) executed.push(value.orderId);
    return {
      status: 200,
      headers: { "content-type": "application/json", "x-amz-executed-version": "3" },
      body: JSON.stringify(result),
    };
  };
  return { service, executed, inFlight: () => most };
}

describe("functions/trading/aws-signal-sink", () => {
  let emulator: Emulator;
  let lambda: ReturnType<typeof lambdaService>;
  let client: AwsClient;
  let sink: AwsSignalSink;

  beforeEach(async () => {
    lambda = lambdaService();
    emulator = await startEmulator({
      credentials: CREDENTIALS,
      region: "us-east-1",
      service: "lambda",
      handle: lambda.service,
    });
    client = new AwsClient({
      service: "lambda",
      region: "us-east-1",
      credentials: CREDENTIALS,
      endpoint: emulator.endpoint,
      maxAttempts: 1,
      timeoutMs: 500,
    });
    sink = new AwsSignalSink({ functionArn: ALIAS_ARN, client: () => client });
  });

  afterEach(async () => {
    client.close();
    await emulator.close();
  });

  it("invokes the live alias once per order, concurrently, with signed RequestResponse calls", async () => {
    const orders = [order("sig:NASDAQ:AAPL:3"), order("sig:NASDAQ:AAPL:7", "sell"), order("s-3")];
    await captureLogs(() => sink.publishSignals(encode(orders)));
    assert.deepEqual(emulator.refused, []);
    assert.equal(emulator.requests.length, 3);
    assert.equal(lambda.inFlight(), 3);
    assert.deepEqual(
      emulator.requests.map((r) => [r.method, r.path, r.headers["content-type"]]),
      Array.from({ length: 3 }, () => ["POST", INVOKE_PATH, "application/json"]),
    );
    assert.deepEqual(
      emulator.requests.map((r) => JSON.parse(r.body.toString("utf8")) as unknown),
      orders.map((o) => ({ source: "tachyon.signal", order: o })),
    );
    assert.deepEqual(lambda.executed.sort(), ["s-3", "sig:NASDAQ:AAPL:3", "sig:NASDAQ:AAPL:7"]);
    assert.equal(sink.pendingOrders, 0);
  });

  it("fails on a function error and sends the order again on redelivery", async () => {
    emulator.script.push({
      status: 200,
      headers: { "x-amz-function-error": "Unhandled" },
      body: '{"errorType":"Runtime.ExitError","errorMessage":"exited"}',
    });
    await assert.rejects(
      captureLogs(() => sink.publishSignals(encode([order("o-1")]))),
      (error: unknown) => {
        assert.ok(error instanceof SignalDeliveryError);
        assert.equal(
          error.message,
          'signals: 1 of 1 orders were not delivered to the order function, first because o-1: the order function failed (Unhandled): {"errorType":"Runtime.ExitError","errorMessage":"exited"}. The stream record is retried and the orders are sent again.',
        );
        return true;
      },
    );
    assert.equal(sink.pendingOrders, 1);
    assert.deepEqual(lambda.executed, []);
    await captureLogs(() => sink.redeliver());
    assert.equal(sink.pendingOrders, 0);
    assert.deepEqual(lambda.executed, ["o-1"]);
  });

  it("fails on a non-2xx answer with the Lambda error type", async () => {
    const wrong = new AwsSignalSink({
      functionArn: `${ALIAS_ARN.replace(":live", "")}`,
      client: () => client,
    });
    await assert.rejects(wrong.publishSignals(encode([order("o-2")])), {
      name: "SignalDeliveryError",
      reasons: [
        "o-2: ResourceNotFoundException: Function not found: /2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:tachyon-prod-use1-order/invocations",
      ],
    });
  });

  it("fails on an outcome the order function marks retryable, drops one it rejects", async () => {
    emulator.script.push({
      status: 200,
      body: JSON.stringify({
        ok: false,
        retry: true,
        code: "internal",
        message: "throttled",
        latencyMs: 1,
      }),
    });
    await assert.rejects(sink.publishSignals(encode([order("o-3")])), {
      name: "SignalDeliveryError",
      failed: 1,
      attempted: 1,
    });
    const invalid = { ...order("o-4"), quantity: 0 };
    const logs = await captureLogs(() => sink.publishSignals(encode([invalid])));
    // o-3 went again beside o-4 and executed; o-4 can never succeed and is not kept.
    assert.deepEqual(lambda.executed, ["o-3"]);
    assert.equal(sink.pendingOrders, 0);
    const rejected = logs.find((l) => l.message === "signal rejected");
    assert.deepEqual(rejected, {
      severity: "WARNING",
      message: "signal rejected",
      orderId: "o-4",
      code: "bad_input",
      reason: 'order.quantity: must be greater than 0, got 0. Send a positive "quantity".',
    });
  });

  it("keeps at most maxPending undelivered orders, dropping the oldest", async () => {
    const small = new AwsSignalSink({
      functionArn: ALIAS_ARN,
      client: () => client,
      maxPending: 2,
    });
    emulator.script.push(...Array.from({ length: 3 }, () => ({ status: 503, body: "" })));
    const logs = await captureLogs(() =>
      small.publishSignals(encode([order("a"), order("b"), order("c")])).catch(() => undefined),
    );
    assert.equal(small.pendingOrders, 2);
    assert.equal(emulator.requests.length, 2);
    assert.deepEqual(
      logs.filter((l) => l.message === "signal dropped").map((l) => l.orderId),
      ["a"],
    );
  });

  it("passes tick batches to the inner sink", async () => {
    const ticks = new MemoryTickSink();
    const withTicks = new AwsSignalSink({ functionArn: ALIAS_ARN, client: () => client, ticks });
    const batch = Uint8Array.from([0x90]);
    await withTicks.publish(batch, 0);
    assert.deepEqual(ticks.batches, [batch]);
    assert.equal(emulator.requests.length, 0);
  });

  it("executes normalize's signals once each, through a failed record and its redelivery", async () => {
    const fn = withSignalRedelivery(
      normalizeFunction({
        venue: "NASDAQ",
        sink,
        signals: { warmup: 2, emaHalfLife: 1, threshold: 0.3 },
      }),
      sink,
    );
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
    const handler = toLambda(fn);
    const record = (data: Uint8Array) => ({
      Records: [
        {
          eventSource: "aws:kinesis",
          kinesis: { sequenceNumber: "4961", data: Buffer.from(data).toString("base64") },
        },
      ],
    });
    // The first delivery: every invoke fails, so the record is reported for a retry.
    emulator.script.push(...Array.from({ length: 3 }, () => ({ status: 500, body: "" })));
    let first: unknown;
    await captureLogs(async () => {
      first = await handler(record(frame));
    });
    assert.deepEqual(first, { batchItemFailures: [{ itemIdentifier: "4961" }] });
    assert.deepEqual(lambda.executed, []);
    assert.equal(sink.pendingOrders, 3);
    // The redelivery: its ticks are duplicates, the pending orders go first and execute.
    let second: unknown;
    await captureLogs(async () => {
      second = await handler(record(frame));
    });
    assert.deepEqual(second, { batchItemFailures: [] });
    assert.deepEqual(lambda.executed.sort(), [
      "sig:NASDAQ:AAPL:3:3000",
      "sig:NASDAQ:AAPL:6:6000",
      "sig:NASDAQ:AAPL:7:7000",
    ]);
    const sent = emulator.requests
      .slice(3)
      .map((r) => (JSON.parse(r.body.toString("utf8")) as { order: { orderId: string } }).order);
    assert.deepEqual(sent.map((o) => o.orderId).sort(), [
      "sig:NASDAQ:AAPL:3:3000",
      "sig:NASDAQ:AAPL:6:6000",
      "sig:NASDAQ:AAPL:7:7000",
    ]);
  });
});
