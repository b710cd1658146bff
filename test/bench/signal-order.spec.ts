import assert from "node:assert/strict";
import {
  SIGNAL_CLOUDS,
  awsSignalBody,
  azureSignalBody,
  benchSignalOrder,
  gcpSignalMessage,
  signalOrders,
  signalPath,
} from "../../bench/signal-order";
import { quietLogs } from "../../bench/workloads";
import { encode } from "../../functions/lib/codec";
import { AwsSignalSink } from "../../functions/trading/aws-signal-sink";
import { AzureSignalSink } from "../../functions/trading/azure-signal-sink";
import { GcpSignalSink } from "../../functions/trading/gcp-signal-sink";
import { startServer, type LocalServer } from "../functions/lib/rest-server";

const TOKENS = { get: () => Promise.resolve("token"), invalidate: () => undefined };

describe("bench/signal-order", () => {
  let restore: () => void;
  let server: LocalServer;
  beforeEach(async () => {
    restore = quietLogs();
    server = await startServer((r) => ({
      status: r.url.endsWith(":publish") ? 200 : 201,
      body: { messageIds: ["1"] },
    }));
  });
  afterEach(async () => {
    restore();
    await server.close();
  });

  it("takes the orders normalize signals on its feed: buys and sells at the touch, one id each", async () => {
    const orders = await signalOrders(400);
    assert.equal(orders.length, 400);
    assert.equal(new Set(orders.map((o) => o.orderId)).size, 400);
    assert.deepEqual(orders[0], {
      orderId: "sig:NASDAQ:S000:4001:34200004000000",
      account: "signals",
      symbol: "S000",
      side: "buy",
      type: "limit",
      quantity: 100,
      limitPrice: 50.05,
      venue: null,
    });
    const sell = orders.find((o) => o.side === "sell");
    assert.deepEqual(sell, {
      ...orders[0],
      orderId: "sig:NASDAQ:S000:4401:34200004400000",
      side: "sell",
      limitPrice: 49.95,
    });
  });

  it("puts an order in the envelope each cloud's signal sink sends", async () => {
    const [order] = await signalOrders(1);
    const invoked: string[] = [];
    const aws = new AwsSignalSink({
      functionArn: "arn:aws:lambda:us-east-1:123456789012:function:order:live",
      client: () => ({
        request: (r) => {
          invoked.push(String(r.body));
          return Promise.resolve({ status: 200, headers: {}, body: Buffer.from('{"ok":true}') });
        },
      }),
    });
    await aws.publishSignals(encode([order]));
    assert.deepEqual(invoked, [awsSignalBody(order)]);

    const azure = new AzureSignalSink({ queueUrl: `${server.url}/signals`, tokens: () => TOKENS });
    await azure.publishSignals(encode([order]));
    const gcp = new GcpSignalSink({
      topic: "projects/p/topics/signals",
      endpoint: server.url,
      tokens: () => TOKENS,
    });
    await gcp.publishSignals(encode([order]));
    assert.deepEqual(
      server.requests.map((r) => [r.url, r.body]),
      [
        ["/signals/messages", JSON.parse(azureSignalBody(order))],
        ["/v1/projects/p/topics/signals:publish", { messages: [gcpSignalMessage(order)] }],
      ],
    );
  });

  for (const cloud of SIGNAL_CLOUDS) {
    it(`${cloud}: confirms a signalled order, executes it once and confirms its redelivery as a replay`, async () => {
      const [order] = await signalOrders(1);
      const path = signalPath(cloud);
      assert.equal(await path.deliver(order, 0), true);
      assert.equal(await path.deliver(order, 1), true);
      assert.deepEqual([...path.venue.submissions], [["sig:NASDAQ:S000:4001:34200004000000", 1]]);
    });

    it(`${cloud}: does not confirm an order the order function refuses`, async () => {
      const [order] = await signalOrders(1);
      const path = signalPath(cloud);
      assert.equal(await path.deliver({ ...order, quantity: -5 }, 0), false);
      assert.equal(path.venue.submissions.size, 0);
    });
  }

  it("times each cloud's path over the same orders, after unmeasured ones", async () => {
    const result = await benchSignalOrder(20, 5);
    assert.deepEqual(Object.keys(result), ["aws", "azure", "gcp"]);
    for (const cloud of SIGNAL_CLOUDS) {
      const { p50, p99, samples } = result[cloud];
      assert.equal(samples, 20);
      assert.ok(p50 > 0 && p50 < 1_000_000, `${cloud} p50 ${p50}`);
      assert.ok(p99 >= p50, `${cloud} p99 ${p99} < p50 ${p50}`);
    }
  });
});
