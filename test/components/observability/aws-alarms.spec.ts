import assert from "node:assert/strict";
import { AwsAlarmTopic, AwsFunctionAlarms } from "../../../components/observability/aws-alarms";
import { useAwsMocks, valueOf, type Recorder } from "../aws-mocks";

describe("AwsFunctionAlarms", () => {
  let mocks: Recorder;
  beforeEach(async () => {
    mocks = await useAwsMocks();
  });

  it("alarms on p99 duration, errors, throttles and spillover of the live alias", async () => {
    const alarms = new AwsFunctionAlarms("order", {
      region: "us-east-1",
      functionName: "fn",
      p99Ms: 15,
      topicArn: "arn:topic",
      provisioned: true,
    });
    assert.equal(await valueOf(alarms.errorsAlarmName), "fn-errors");
    await mocks.settle();
    const all = mocks.ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
    assert.deepEqual(all.map((a) => a.inputs.metricName as string).sort(), [
      "Duration",
      "Errors",
      "ProvisionedConcurrencySpilloverInvocations",
      "Throttles",
    ]);
    const p99 = mocks.one("aws:cloudwatch/metricAlarm:MetricAlarm", "order-p99-duration").inputs;
    assert.deepEqual(
      [p99.extendedStatistic, p99.statistic, p99.threshold, p99.comparisonOperator, p99.dimensions],
      ["p99", undefined, 15, "GreaterThanThreshold", { FunctionName: "fn", Resource: "fn:live" }],
    );
    assert.deepEqual(p99.alarmActions, ["arn:topic"]);
  });

  it("alarms on iterator age and dead-letter depth only when given", async () => {
    new AwsFunctionAlarms("normalize", {
      region: "us-east-1",
      functionName: "fn",
      p99Ms: 5,
      topicArn: "arn:topic",
      provisioned: false,
      iteratorAgeMs: 1000,
      deadLetterQueueNames: ["ticks-failures"],
    });
    await mocks.settle();
    const names = mocks
      .ofType("aws:cloudwatch/metricAlarm:MetricAlarm")
      .map((a) => a.name)
      .sort();
    assert.deepEqual(names, [
      "normalize-dlq-0",
      "normalize-errors",
      "normalize-iterator-age",
      "normalize-p99-duration",
      "normalize-throttles",
    ]);
    const dlq = mocks.one("aws:cloudwatch/metricAlarm:MetricAlarm", "normalize-dlq-0").inputs;
    assert.deepEqual(
      [dlq.namespace, dlq.metricName, dlq.dimensions, dlq.threshold],
      ["AWS/SQS", "ApproximateNumberOfMessagesVisible", { QueueName: "ticks-failures" }, 0],
    );
    assert.equal(
      mocks.one("aws:cloudwatch/metricAlarm:MetricAlarm", "normalize-iterator-age").inputs
        .threshold,
      1000,
    );
  });
});

describe("AwsAlarmTopic", () => {
  let mocks: Recorder;
  beforeEach(async () => {
    mocks = await useAwsMocks();
  });

  it("encrypts the topic with a key CloudWatch may use, granting explicit actions only", async () => {
    const topic = new AwsAlarmTopic("alarms", {
      region: "us-east-1",
      topicName: "tachyon-prod-us-east-1-alarms",
    });
    await valueOf(topic.topicArn);
    await mocks.settle();
    const key = mocks.one("aws:kms/key:Key", "alarms-key").inputs;
    const policy = JSON.parse(key.policy as string);
    assert.deepEqual(policy.Statement[0].Principal, { AWS: "arn:aws:iam::123456789012:root" });
    assert.deepEqual(policy.Statement[1], {
      Sid: "CloudWatchPublishes",
      Effect: "Allow",
      Principal: { Service: "cloudwatch.amazonaws.com" },
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: "*",
    });
    for (const s of policy.Statement) for (const a of s.Action) assert.doesNotMatch(a, /\*/);
    assert.equal(
      mocks.one("aws:sns/topic:Topic", "alarms-topic").inputs.kmsMasterKeyId,
      "arn:aws:kms:us-east-1:123456789012:key/alarms-key",
    );
  });

  it("subscribes each alert address to the topic by e-mail", async () => {
    const topic = new AwsAlarmTopic("alarms", {
      region: "eu-west-2",
      topicName: "tachyon-prod-eu-west-2-alarms",
      emails: ["fx-oncall@trade.example.com"],
    });
    const arn = await valueOf(topic.topicArn);
    await mocks.settle();
    const subs = mocks.ofType("aws:sns/topicSubscription:TopicSubscription");
    assert.deepEqual(
      subs.map((s) => [
        s.name,
        s.inputs.region,
        s.inputs.topic,
        s.inputs.protocol,
        s.inputs.endpoint,
      ]),
      [["alarms-email-0", "eu-west-2", arn, "email", "fx-oncall@trade.example.com"]],
    );
  });

  it("subscribes nobody without alert addresses", async () => {
    new AwsAlarmTopic("alarms", { region: "us-east-1", topicName: "t" });
    await mocks.settle();
    assert.deepEqual(mocks.ofType("aws:sns/topicSubscription:TopicSubscription"), []);
  });
});
