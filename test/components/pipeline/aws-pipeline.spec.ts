import assert from "node:assert/strict";
import { AwsQueue } from "../../../components/pipeline/aws-queue";
import { AwsStream } from "../../../components/pipeline/aws-stream";
import { useAwsMocks, valueOf, type Recorder } from "../aws-mocks";

describe("AwsQueue", () => {
  let mocks: Recorder;
  beforeEach(async () => {
    mocks = await useAwsMocks();
  });

  it("redrives to an encrypted dead-letter queue after three receives", async () => {
    const q = new AwsQueue("orders", {
      region: "us-east-1",
      queueName: "tachyon-prod-us-east-1-orders",
      dataClass: "pii",
    });
    assert.equal(
      await valueOf(q.deadLetterArn),
      "arn:aws:sqs:us-east-1:123456789012:tachyon-prod-us-east-1-orders-dlq",
    );
    await mocks.settle();
    const queue = mocks.one("aws:sqs/queue:Queue", "orders-queue").inputs;
    assert.deepEqual(JSON.parse(queue.redrivePolicy as string), {
      deadLetterTargetArn: "arn:aws:sqs:us-east-1:123456789012:tachyon-prod-us-east-1-orders-dlq",
      maxReceiveCount: 3,
    });
    assert.equal(queue.sqsManagedSseEnabled, true);
    assert.deepEqual(queue.tags, { "data-class": "pii" });
    const dlq = mocks.one("aws:sqs/queue:Queue", "orders-dlq").inputs;
    assert.deepEqual(
      [dlq.messageRetentionSeconds, dlq.sqsManagedSseEnabled, dlq.tags],
      [1209600, true, { "data-class": "pii" }],
    );
  });

  it("encrypts with the given KMS key instead of SQS-managed keys", async () => {
    new AwsQueue("orders", {
      region: "us-east-1",
      queueName: "q",
      dataClass: "pii",
      kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/k",
    });
    await mocks.settle();
    const queue = mocks.one("aws:sqs/queue:Queue", "orders-queue").inputs;
    assert.deepEqual(
      [queue.kmsMasterKeyId, queue.sqsManagedSseEnabled],
      ["arn:aws:kms:us-east-1:123456789012:key/k", undefined],
    );
  });
});

describe("AwsStream", () => {
  let mocks: Recorder;
  beforeEach(async () => {
    mocks = await useAwsMocks();
  });

  it("creates an on-demand KMS-encrypted stream with a failure queue", async () => {
    const s = new AwsStream("ticks", {
      region: "eu-west-2",
      streamName: "tachyon-prod-eu-west-2-ticks",
      dataClass: "internal",
    });
    assert.equal(
      await valueOf(s.streamArn),
      "arn:aws:kinesis:eu-west-2:123456789012:stream/tachyon-prod-eu-west-2-ticks",
    );
    await mocks.settle();
    const stream = mocks.one("aws:kinesis/stream:Stream", "ticks-stream").inputs;
    assert.deepEqual(stream.streamModeDetails, { streamMode: "ON_DEMAND" });
    assert.equal(stream.shardCount, undefined);
    assert.deepEqual(
      [stream.encryptionType, stream.kmsKeyId, stream.retentionPeriod],
      ["KMS", "alias/aws/kinesis", 24],
    );
    assert.deepEqual(stream.tags, { "data-class": "internal" });
    assert.equal(
      mocks.one("aws:sqs/queue:Queue", "ticks-failures-queue").inputs.name,
      "tachyon-prod-eu-west-2-ticks-failures",
    );
  });

  it("provisions a fixed shard count when asked", async () => {
    new AwsStream("ticks", {
      region: "eu-west-2",
      streamName: "t",
      dataClass: "internal",
      capacity: { mode: "PROVISIONED", shards: 8 },
    });
    await mocks.settle();
    const stream = mocks.one("aws:kinesis/stream:Stream", "ticks-stream").inputs;
    assert.deepEqual(
      [stream.streamModeDetails, stream.shardCount],
      [{ streamMode: "PROVISIONED" }, 8],
    );
  });

  it("rejects a provisioned stream without shards", () => {
    assert.throws(
      () =>
        new AwsStream("ticks", {
          region: "eu-west-2",
          streamName: "t",
          dataClass: "internal",
          capacity: { mode: "PROVISIONED", shards: 0 },
        }),
      /"capacity\.shards" must be a whole number of shards, got 0\./,
    );
  });
});
