import assert from "node:assert/strict";
import { deadLetterQueueRequired } from "../../../policies/baseline/dead-letter-queue-required";
import { validateStack, withProp, type FixtureResource } from "../harness";

const dlq: FixtureResource = { type: "aws:sqs/queue:Queue", name: "orders-dlq", props: {} };
const queue: FixtureResource = {
  type: "aws:sqs/queue:Queue",
  name: "orders",
  props: {
    redrivePolicy: JSON.stringify({
      deadLetterTargetArn: "arn:aws:sqs:us-east-1:1:orders-dlq",
      maxReceiveCount: 3,
    }),
  },
  propertyDependencies: { redrivePolicy: [dlq] },
};
const fn: FixtureResource = {
  type: "aws:lambda/function:Function",
  name: "score",
  props: { name: "score", deadLetterConfig: { targetArn: "arn:aws:sqs:us-east-1:1:orders-dlq" } },
};
const stream: FixtureResource = { type: "aws:kinesis/stream:Stream", name: "ticks", props: {} };
const mapping: FixtureResource = {
  type: "aws:lambda/eventSourceMapping:EventSourceMapping",
  name: "ticks-mapping",
  props: {
    functionName: "score",
    eventSourceArn: "arn:aws:kinesis:us-east-1:1:stream/ticks",
    destinationConfig: { onFailure: { destinationArn: "arn:aws:sqs:us-east-1:1:orders-dlq" } },
  },
  propertyDependencies: { eventSourceArn: [stream], functionName: [fn] },
};
const snsPermission: FixtureResource = {
  type: "aws:lambda/permission:Permission",
  name: "from-sns",
  props: { function: "score", principal: "sns.amazonaws.com", action: "lambda:InvokeFunction" },
  propertyDependencies: { function: [fn] },
};
const pubsub: FixtureResource = {
  type: "gcp:pubsub/subscription:Subscription",
  name: "ticks-sub",
  props: {
    deadLetterPolicy: { deadLetterTopic: "projects/p/topics/ticks-dlq", maxDeliveryAttempts: 5 },
  },
};
const sbQueue: FixtureResource = {
  type: "azure-native:servicebus:Queue",
  name: "orders-sb",
  props: { deadLetteringOnMessageExpiration: true },
};

const compliant = [dlq, queue, fn, stream, mapping, snsPermission, pubsub, sbQueue];
const replace = (old: FixtureResource, next: FixtureResource) =>
  compliant.map((r) => (r === old ? next : r));

describe("dead-letter-queue-required", () => {
  it("accepts queues, mappings, async functions and subscriptions that park failures", async () => {
    assert.deepEqual(await validateStack(deadLetterQueueRequired, compliant), []);
  });

  it("reports an SQS queue without a redrive policy", async () => {
    assert.deepEqual(
      await validateStack(
        deadLetterQueueRequired,
        replace(queue, withProp(queue, "redrivePolicy", undefined)),
      ),
      ["orders: SQS queue must have a redrivePolicy to a dead-letter queue; found none."],
    );
  });

  it("accepts a queue redriven by a separate RedrivePolicy resource", async () => {
    const bare = withProp(queue, "redrivePolicy", undefined);
    const policy: FixtureResource = {
      type: "aws:sqs/redrivePolicy:RedrivePolicy",
      props: { queueUrl: "https://sqs/orders", redrivePolicy: "{}" },
      propertyDependencies: { queueUrl: [bare], redrivePolicy: [dlq] },
    };
    assert.deepEqual(await validateStack(deadLetterQueueRequired, [dlq, bare, policy]), []);
  });

  it("reports a stream mapping without an on-failure destination", async () => {
    const r = withProp(mapping, "destinationConfig", undefined);
    assert.deepEqual(await validateStack(deadLetterQueueRequired, replace(mapping, r)), [
      "ticks-mapping: Event source mapping must set destinationConfig.onFailure.destinationArn; found none.",
    ]);
  });

  it("leaves SQS-sourced mappings to the queue's redrive policy", async () => {
    const r = {
      ...withProp(mapping, "destinationConfig", undefined),
      propertyDependencies: { eventSourceArn: [queue] },
    };
    assert.deepEqual(await validateStack(deadLetterQueueRequired, replace(mapping, r)), []);
  });

  it("reports an SNS-invoked function without a dead-letter target", async () => {
    const bare = withProp(fn, "deadLetterConfig", undefined);
    const stack = replace(fn, bare).map((r) =>
      r === snsPermission ? { ...snsPermission, propertyDependencies: { function: [bare] } } : r,
    );
    assert.deepEqual(
      await validateStack(
        deadLetterQueueRequired,
        stack.filter((r) => r !== mapping),
      ),
      [
        "score: Asynchronously invoked Lambda function must have a deadLetterConfig or an on-failure destination; found neither.",
      ],
    );
  });

  it("accepts an on-failure destination in a FunctionEventInvokeConfig", async () => {
    const bare = withProp(fn, "deadLetterConfig", undefined);
    const permission = { ...snsPermission, propertyDependencies: { function: [bare] } };
    const invokeConfig: FixtureResource = {
      type: "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
      props: {
        functionName: "score",
        destinationConfig: { onFailure: { destination: "arn:aws:sqs:us-east-1:1:orders-dlq" } },
      },
    };
    assert.deepEqual(
      await validateStack(deadLetterQueueRequired, [bare, permission, invokeConfig]),
      [],
    );
  });

  it("reports a Pub/Sub subscription without a dead-letter policy", async () => {
    assert.deepEqual(
      await validateStack(
        deadLetterQueueRequired,
        replace(pubsub, withProp(pubsub, "deadLetterPolicy", undefined)),
      ),
      ["ticks-sub: Pub/Sub subscription must set deadLetterPolicy.deadLetterTopic; found none."],
    );
  });

  it("exempts the subscription that drains a dead-letter topic", async () => {
    const dlt: FixtureResource = { type: "gcp:pubsub/topic:Topic", name: "ticks-dlt", props: {} };
    const drained = { ...pubsub, propertyDependencies: { deadLetterPolicy: [dlt] } };
    const reader: FixtureResource = {
      type: "gcp:pubsub/subscription:Subscription",
      name: "ticks-dlt-sub",
      props: { topic: "projects/p/topics/ticks-dlt" },
      propertyDependencies: { topic: [dlt] },
    };
    assert.deepEqual(await validateStack(deadLetterQueueRequired, [dlt, drained, reader]), []);
    const byName = {
      ...reader,
      props: { topic: "projects/p/topics/ticks-dlq" },
      propertyDependencies: {},
    };
    assert.deepEqual(await validateStack(deadLetterQueueRequired, [pubsub, byName]), []);
  });

  it("reports a subscription of an ordinary topic without a dead-letter policy", async () => {
    const other: FixtureResource = {
      type: "gcp:pubsub/subscription:Subscription",
      name: "quotes-sub",
      props: { topic: "projects/p/topics/quotes" },
    };
    assert.deepEqual(await validateStack(deadLetterQueueRequired, [pubsub, other]), [
      "quotes-sub: Pub/Sub subscription must set deadLetterPolicy.deadLetterTopic; found none.",
    ]);
  });

  it("reports a Service Bus queue that drops expired messages", async () => {
    const r = withProp(sbQueue, "deadLetteringOnMessageExpiration", false);
    assert.deepEqual(await validateStack(deadLetterQueueRequired, replace(sbQueue, r)), [
      "orders-sb: Service Bus queue must set deadLetteringOnMessageExpiration to true; found it off.",
    ]);
  });
});
