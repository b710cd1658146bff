import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { deployAwsSite } from "../../../components/deployment/aws";
import { alarmEventPattern, AwsEdgeDrain } from "../../../components/edge/aws-edge-drain";
import { bundleFunction } from "../../../functions/build";
import type { Site } from "../../../model/types";
import { GLOBAL_OUTPUTS, siteContext } from "../deployment/aws-fixture";
import { useAwsMocks, valueOf, type Recorder } from "../aws-mocks";

const SITE: Site = {
  id: "aws:eu-west-2",
  cloud: "aws",
  region: "eu-west-2",
  cidr: "10.11.0.0/16",
  venues: [],
  index: 1,
};
const KVS = "arn:aws:cloudfront::123456789012:key-value-store/edge-health";
const TOPIC = "arn:aws:sns:eu-west-2:123456789012:tachyon-prod-eu-west-2-alarms";
const NAME = "tachyon-prod-eu-west-2-edge-drain";
const TAGS = { "tachyon-environment": "prod", "tachyon-site": "aws:eu-west-2" };

interface PolicyDocument {
  Statement: { Sid: string; Effect: string; Action: string[]; Resource: string[] }[];
}

describe("AwsEdgeDrain", () => {
  let mocks: Recorder;
  beforeEach(async () => {
    mocks = await useAwsMocks();
  });

  function create(withTopic = true): AwsEdgeDrain {
    return new AwsEdgeDrain("drain", {
      site: SITE,
      environment: "prod",
      healthAlarmName: "tachyon-prod-eu-west-2-order-errors",
      keyValueStoreArn: KVS,
      bundle: bundleFunction("edge-drain", "aws"),
      alarmTopicArn: withTopic ? TOPIC : undefined,
      tags: TAGS,
    });
  }

  it("creates the function, its role, logs, rule, target, permission, failure queue and alarm", async () => {
    const drain = create();
    assert.equal(await valueOf(drain.functionName), NAME);
    await mocks.settle();
    assert.deepEqual(mocks.resources.map((r) => `${r.type} ${r.name}`).sort(), [
      "aws:cloudwatch/eventRule:EventRule drain-rule",
      "aws:cloudwatch/eventTarget:EventTarget drain-target",
      "aws:cloudwatch/logGroup:LogGroup drain-logs",
      "aws:cloudwatch/metricAlarm:MetricAlarm drain-failed",
      "aws:iam/role:Role drain-role",
      "aws:iam/rolePolicy:RolePolicy drain-policy",
      "aws:iam/rolePolicyAttachment:RolePolicyAttachment drain-xray",
      "aws:lambda/function:Function drain-function",
      "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig drain-invoke-config",
      "aws:lambda/permission:Permission drain-invoke",
      "aws:sqs/queue:Queue drain-failures-dlq",
      "aws:sqs/queue:Queue drain-failures-queue",
      "aws:sqs/queuePolicy:QueuePolicy drain-failures-policy",
      "tachyon:edge:AwsEdgeDrain drain",
      "tachyon:pipeline:AwsQueue drain-failures",
    ]);
  });

  it("runs a small arm64 function outside the VPC, one invocation at a time, configured by environment", async () => {
    const bundle = bundleFunction("edge-drain", "aws");
    create();
    await mocks.settle();
    const fn = mocks.one("aws:lambda/function:Function", "drain-function").inputs;
    assert.deepEqual(
      [
        fn.region,
        fn.name,
        fn.runtime,
        fn.architectures,
        fn.handler,
        fn.memorySize,
        fn.timeout,
        fn.reservedConcurrentExecutions,
        fn.sourceCodeHash,
        fn.vpcConfig,
        fn.tracingConfig,
        fn.loggingConfig,
        fn.tags,
      ],
      [
        "eu-west-2",
        NAME,
        "nodejs22.x",
        ["arm64"],
        "index.handler",
        256,
        30,
        1,
        bundle.sha256,
        undefined,
        { mode: "Active" },
        { logFormat: "JSON", logGroup: `/aws/lambda/${NAME}` },
        TAGS,
      ],
    );
    assert.deepEqual(fn.environment, {
      variables: {
        TACHYON_EDGE_KVS_ARN: KVS,
        TACHYON_DRAIN_REGION: "eu-west-2",
        TACHYON_HEALTH_ALARM: "tachyon-prod-eu-west-2-order-errors",
        AWS_NODEJS_CONNECTION_REUSE_ENABLED: "1",
      },
    });
    assert.equal(fn.role, `arn:aws:iam::123456789012:role/${NAME}`);
    const logs = mocks.one("aws:cloudwatch/logGroup:LogGroup", "drain-logs").inputs;
    assert.deepEqual(
      [logs.region, logs.name, logs.retentionInDays],
      ["eu-west-2", `/aws/lambda/${NAME}`, 365],
    );
  });

  it("grants the KeyValueStore actions on exactly the store, DescribeAlarms on exactly the health alarm, its own logs and its failure queue", async () => {
    create();
    await mocks.settle();
    const policy = JSON.parse(
      mocks.one("aws:iam/rolePolicy:RolePolicy", "drain-policy").inputs.policy as string,
    ) as PolicyDocument;
    assert.deepEqual(policy.Statement, [
      {
        Sid: "WriteOwnLogGroup",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: [`arn:aws:logs:eu-west-2:123456789012:log-group:/aws/lambda/${NAME}:*`],
      },
      {
        Sid: "DrainAtTheEdge",
        Effect: "Allow",
        Action: [
          "cloudfront-keyvaluestore:DescribeKeyValueStore",
          "cloudfront-keyvaluestore:GetKey",
          "cloudfront-keyvaluestore:PutKey",
          "cloudfront-keyvaluestore:DeleteKey",
        ],
        Resource: [KVS],
      },
      {
        Sid: "ReadHealthAlarm",
        Effect: "Allow",
        Action: ["cloudwatch:DescribeAlarms"],
        Resource: [
          "arn:aws:cloudwatch:eu-west-2:123456789012:alarm:tachyon-prod-eu-west-2-order-errors",
        ],
      },
      {
        Sid: "SendFailures",
        Effect: "Allow",
        Action: ["sqs:SendMessage"],
        Resource: ["arn:aws:sqs:eu-west-2:123456789012:tachyon-prod-eu-west-2-edge-drain-failures"],
      },
    ]);
    const role = mocks.one("aws:iam/role:Role", "drain-role").inputs;
    assert.deepEqual(JSON.parse(role.assumeRolePolicy as string), {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "lambda.amazonaws.com" },
          Action: "sts:AssumeRole",
        },
      ],
    });
    assert.equal(
      mocks.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "drain-xray").inputs.policyArn,
      "arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess",
    );
  });

  it("is invoked by a rule on exactly the health alarm's state changes, allowed for that rule only", async () => {
    create();
    await mocks.settle();
    const rule = mocks.one("aws:cloudwatch/eventRule:EventRule", "drain-rule").inputs;
    assert.deepEqual([rule.region, rule.name, rule.tags], ["eu-west-2", NAME, TAGS]);
    assert.deepEqual(JSON.parse(rule.eventPattern as string), {
      source: ["aws.cloudwatch"],
      "detail-type": ["CloudWatch Alarm State Change"],
      detail: { alarmName: ["tachyon-prod-eu-west-2-order-errors"] },
    });
    const ruleArn = `arn:aws:cloudwatch:eu-west-2:123456789012:${NAME}`;
    const permission = mocks.one("aws:lambda/permission:Permission", "drain-invoke").inputs;
    assert.deepEqual(
      [
        permission.region,
        permission.action,
        permission.function,
        permission.principal,
        permission.sourceArn,
      ],
      ["eu-west-2", "lambda:InvokeFunction", NAME, "events.amazonaws.com", ruleArn],
    );
    const target = mocks.one("aws:cloudwatch/eventTarget:EventTarget", "drain-target").inputs;
    assert.deepEqual(
      [target.region, target.rule, target.arn, target.retryPolicy, target.deadLetterConfig],
      [
        "eu-west-2",
        NAME,
        `arn:aws:lambda:eu-west-2:123456789012:function:${NAME}`,
        { maximumEventAgeInSeconds: 300, maximumRetryAttempts: 10 },
        { arn: "arn:aws:sqs:eu-west-2:123456789012:tachyon-prod-eu-west-2-edge-drain-failures" },
      ],
    );
    const queuePolicy = mocks.one(
      "aws:sqs/queuePolicy:QueuePolicy",
      "drain-failures-policy",
    ).inputs;
    assert.equal(
      queuePolicy.queueUrl,
      "https://sqs.eu-west-2.amazonaws.com/123456789012/tachyon-prod-eu-west-2-edge-drain-failures",
    );
    assert.deepEqual(JSON.parse(queuePolicy.policy as string), {
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "EventBridgeParksUndelivered",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sqs:SendMessage",
          Resource: "arn:aws:sqs:eu-west-2:123456789012:tachyon-prod-eu-west-2-edge-drain-failures",
          Condition: { ArnEquals: { "aws:SourceArn": ruleArn } },
        },
      ],
    });
  });

  it("retries a failed invocation, then parks it in its failure queue and alarms on that queue", async () => {
    create();
    await mocks.settle();
    const config = mocks.one(
      "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
      "drain-invoke-config",
    ).inputs;
    const queueArn =
      "arn:aws:sqs:eu-west-2:123456789012:tachyon-prod-eu-west-2-edge-drain-failures";
    assert.deepEqual(
      [
        config.functionName,
        config.qualifier,
        config.maximumRetryAttempts,
        config.maximumEventAgeInSeconds,
        config.destinationConfig,
      ],
      [NAME, undefined, 2, 300, { onFailure: { destination: queueArn } }],
    );
    const queue = mocks.one("aws:sqs/queue:Queue", "drain-failures-queue").inputs;
    assert.deepEqual(
      [queue.sqsManagedSseEnabled, (queue.tags as Record<string, string>)["data-class"]],
      [true, "internal"],
    );
    const alarm = mocks.one("aws:cloudwatch/metricAlarm:MetricAlarm", "drain-failed").inputs;
    assert.deepEqual(
      [
        alarm.name,
        alarm.namespace,
        alarm.metricName,
        alarm.dimensions,
        alarm.statistic,
        alarm.comparisonOperator,
        alarm.threshold,
        alarm.alarmActions,
      ],
      [
        `${NAME}-failed`,
        "AWS/SQS",
        "ApproximateNumberOfMessagesVisible",
        { QueueName: "tachyon-prod-eu-west-2-edge-drain-failures" },
        "Maximum",
        "GreaterThanThreshold",
        0,
        [TOPIC],
      ],
    );
  });

  it("builds no failure alarm without a topic", async () => {
    create(false);
    await mocks.settle();
    assert.equal(mocks.ofType("aws:cloudwatch/metricAlarm:MetricAlarm").length, 0);
  });

  it("matches one alarm name in its event pattern", () => {
    assert.deepEqual(alarmEventPattern("a"), {
      source: ["aws.cloudwatch"],
      "detail-type": ["CloudWatch Alarm State Change"],
      detail: { alarmName: ["a"] },
    });
  });
});

describe("deployAwsSite: edge drain", () => {
  let mocks: Recorder;
  beforeEach(async () => {
    mocks = await useAwsMocks();
  });

  it("drains the site on the alarm its latency record follows, writing the global stack's store", async () => {
    deployAwsSite(siteContext("aws:eu-west-2", []));
    await mocks.settle();
    const record = mocks.one("aws:route53/healthCheck:HealthCheck", "aws-dns-health").inputs;
    const rule = mocks.one("aws:cloudwatch/eventRule:EventRule", "aws-edge-drain-rule").inputs;
    const pattern = JSON.parse(rule.eventPattern as string) as { detail: { alarmName: string[] } };
    assert.deepEqual(pattern.detail.alarmName, [record.cloudwatchAlarmName]);
    assert.equal(record.cloudwatchAlarmName, "tachyon-prod-eu-west-2-order-errors");
    const policy = JSON.parse(
      mocks.one("aws:iam/rolePolicy:RolePolicy", "aws-edge-drain-policy").inputs.policy as string,
    ) as PolicyDocument;
    assert.deepEqual(policy.Statement.find((st) => st.Sid === "ReadHealthAlarm")?.Resource, [
      `arn:aws:cloudwatch:eu-west-2:123456789012:alarm:${record.cloudwatchAlarmName as string}`,
    ]);
    const fn = mocks.one("aws:lambda/function:Function", "aws-edge-drain-function").inputs;
    const variables = (fn.environment as { variables: Record<string, string> }).variables;
    assert.equal(variables.TACHYON_EDGE_KVS_ARN, GLOBAL_OUTPUTS.edgeKeyValueStoreArn);
    const alarm = mocks.one("aws:cloudwatch/metricAlarm:MetricAlarm", "aws-edge-drain-failed");
    assert.deepEqual(alarm.inputs.alarmActions, [
      "arn:aws:sns:eu-west-2:123456789012:tachyon-prod-eu-west-2-alarms",
    ]);
  });

  it("builds no drain for a site without HTTP functions", async () => {
    deployAwsSite(siteContext("aws:ap-northeast-1", []));
    await mocks.settle();
    assert.equal(mocks.ofType("tachyon:edge:AwsEdgeDrain").length, 0);
  });

  it("fails with the fix when the global stack exports no store", async () => {
    const ctx = siteContext("aws:eu-west-2", []);
    const { edgeKeyValueStoreArn, ...older } = GLOBAL_OUTPUTS;
    assert.equal(typeof edgeKeyValueStoreArn, "string");
    deployAwsSite({ ...ctx, global: () => pulumi.output(older) });
    await assert.rejects(mocks.settle(), (error: Error) =>
      error.message.endsWith(
        "tachyon:globalStack: the global stack exports no aws.edgeKeyValueStoreArn, which this site needs. Run `pulumi up` on the global stack first, then on this stack.",
      ),
    );
  });
});
