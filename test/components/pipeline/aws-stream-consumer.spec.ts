import assert from "node:assert/strict";
import * as lambda from "@pulumi/aws/lambda";
import {
  createEventSources,
  eventSourceStatements,
} from "../../../components/compute/aws-function-triggers";
import { AwsStream } from "../../../components/pipeline/aws-stream";
import { useAwsMocks, valueOf, type Recorder } from "../aws-mocks";

const STREAM = "arn:aws:kinesis:us-east-1:123456789012:stream/tachyon-prod-us-east-1-market-data";

describe("AwsStream.addConsumer", () => {
  let mocks: Recorder;
  beforeEach(async () => {
    mocks = await useAwsMocks();
  });

  it("registers an enhanced fan-out consumer on the stream in the stream's region", async () => {
    const stream = new AwsStream("ticks", {
      region: "us-east-1",
      streamName: "tachyon-prod-us-east-1-market-data",
      dataClass: "confidential",
    });
    const consumer = stream.addConsumer("normalize");
    assert.equal(await valueOf(consumer.arn), `${STREAM}/consumer/normalize:1767225600`);
    await mocks.settle();
    const c = mocks.one(
      "aws:kinesis/streamConsumer:StreamConsumer",
      "ticks-consumer-normalize",
    ).inputs;
    assert.deepEqual([c.region, c.name, c.streamArn], ["us-east-1", "normalize", STREAM]);
  });
});

describe("Kinesis event sources with a consumer", () => {
  let mocks: Recorder;
  beforeEach(async () => {
    mocks = await useAwsMocks();
  });

  const consumerArn = `${STREAM}/consumer/normalize:1767225600`;
  const failures = "arn:aws:sqs:us-east-1:123456789012:failures";

  it("reads through the consumer ARN with no batching window, bisection, bounded retries and record age", async () => {
    const fn = new lambda.Function("fx", { role: "r", runtime: "nodejs22.x", handler: "index.h" });
    const alias = new lambda.Alias("fx-live", {
      name: "live",
      functionName: fn.name,
      functionVersion: "1",
    });
    createEventSources(
      "fx",
      {
        region: "us-east-1",
        alias,
        sources: [{ kind: "kinesis", arn: STREAM, consumerArn, onFailureArn: failures }],
      },
      fn,
    );
    await mocks.settle();
    const m = mocks.one("aws:lambda/eventSourceMapping:EventSourceMapping", "fx-source-0").inputs;
    assert.deepEqual(
      [
        m.eventSourceArn,
        m.functionName,
        m.maximumBatchingWindowInSeconds,
        m.bisectBatchOnFunctionError,
        m.maximumRetryAttempts,
        m.maximumRecordAgeInSeconds,
        m.destinationConfig,
      ],
      [
        consumerArn,
        "arn:aws:lambda:us-east-1:123456789012:function:fx:live",
        0,
        true,
        2,
        60,
        { onFailure: { destinationArn: failures } },
      ],
    );
  });

  it("grants the stream reads and the consumer subscription on their own ARNs", () => {
    const statements = eventSourceStatements([
      { kind: "kinesis", arn: STREAM, consumerArn, onFailureArn: failures },
    ]);
    assert.deepEqual(
      statements.map((s) => [s.sid, s.actions, s.resources]),
      [
        [
          "ReadStream0",
          [
            "kinesis:DescribeStream",
            "kinesis:DescribeStreamSummary",
            "kinesis:GetRecords",
            "kinesis:GetShardIterator",
            "kinesis:ListShards",
          ],
          [STREAM],
        ],
        [
          "SubscribeThroughConsumer0",
          ["kinesis:DescribeStreamConsumer", "kinesis:SubscribeToShard"],
          [consumerArn],
        ],
        ["SendStreamFailures0", ["sqs:SendMessage"], [failures]],
      ],
    );
  });
});
