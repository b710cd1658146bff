/**
 * The automatic drain of one AWS site at the edge, in the site's regional stack (which owns the
 * site's health alarm): a small Lambda function (`functions/edge/drain.ts`) that, on each state
 * change of the alarm, reads the alarm's current state from CloudWatch and lists the site's region
 * under the key `drained` of the edge distribution's KeyValueStore while it is ALARM and removes
 * it while it is OK, so the viewer-request function skips the region within seconds.
 *
 * What it creates: an EventBridge rule matching "CloudWatch Alarm State Change" events of exactly
 * the health alarm, its target (the function) and the `lambda.Permission` for
 * `events.amazonaws.com` limited to that rule; the function with its own least-privilege role
 * (the KeyValueStore actions on exactly the store's ARN, `cloudwatch:DescribeAlarms` on exactly
 * the health alarm's ARN), a log group with retention, and a
 * failure queue (with its dead-letter queue) as the on-failure destination of the asynchronous
 * invoke and the rule target's dead-letter queue, whose depth is alarmed on the site's alarm
 * topic: a drain that did not happen pages someone, who can drain by hand
 * (`aws cloudfront-keyvaluestore put-key`).
 *
 * Network: the function is not attached to the site's VPC. The VPC has no NAT gateway, and the
 * KeyValueStore data plane (`<account>.cloudfront-kvs.global.api.aws`, SigV4A-signed) has no VPC
 * endpoint; outside a VPC a Lambda function reaches public AWS endpoints directly, CloudWatch's
 * `monitoring.<region>.amazonaws.com` included. It needs no private resource.
 *
 * Ordering: events may arrive out of order (Lambda's asynchronous queue is not strictly first in,
 * first out) and may be retried, so the function never acts on the state an event carries: it
 * reads the alarm's current state and converges the store to it. It runs one invocation at a
 * time (reserved concurrency 1), so that a read of the alarm and the write that follows it are
 * never overtaken by another invocation's newer read. That also makes Lambda's retries safe: a
 * failed invocation is retried ({@link DRAIN_RETRY_ATTEMPTS}) before it goes to the failure queue.
 */
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import * as iam from "@pulumi/aws/iam";
import * as lambda from "@pulumi/aws/lambda";
import * as sqs from "@pulumi/aws/sqs";
import * as pulumi from "@pulumi/pulumi";
import type { Bundle } from "../../functions/build";
import { ALARM_EVENT_DETAIL_TYPE, ALARM_EVENT_SOURCE, DRAIN_ENV } from "../../functions/edge/drain";
import type { Site } from "../../model/types";
import { policyDocument, XRAY_WRITE_POLICY_ARN } from "../access/aws-iam";
import { physicalName } from "../naming/physical-name";
import { AwsQueue } from "../pipeline/aws-queue";

/** The KeyValueStore actions the drain calls, and nothing else. */
export const DRAIN_ACTIONS = [
  "cloudfront-keyvaluestore:DescribeKeyValueStore",
  "cloudfront-keyvaluestore:GetKey",
  "cloudfront-keyvaluestore:PutKey",
  "cloudfront-keyvaluestore:DeleteKey",
];

/**
 * The CloudWatch action the drain calls to read its alarm's current state. It takes the alarm's
 * ARN as its resource (Service Authorization Reference, "Actions defined by Amazon CloudWatch":
 * resource type `alarm`), so the grant names exactly the health alarm; a role scoped that way
 * cannot describe composite alarms, which the drain never asks for.
 */
export const ALARM_READ_ACTIONS = ["cloudwatch:DescribeAlarms"];

/**
 * Retries Lambda makes of a failed asynchronous invocation (its maximum). Safe because the drain
 * is level-triggered: a retry reads the alarm's state again instead of replaying an old one.
 */
export const DRAIN_RETRY_ATTEMPTS = 2;

/** Lambda runtime of the drain; the bundler targets the same Node major. */
export const DRAIN_RUNTIME = "nodejs22.x";

/**
 * Oldest event the drain still handles, in seconds; older ones go to the failure queue, whose
 * alarm pages someone: a drain that has not converged within minutes needs a person.
 */
export const DRAIN_MAX_EVENT_AGE_SECONDS = 300;

/** Arguments of {@link AwsEdgeDrain}. */
export interface AwsEdgeDrainArgs {
  /** The site whose region is drained; the function runs in its region. */
  site: Site;
  environment: string;
  /** Name of the site's health alarm: the one its Route 53 latency record follows. */
  healthAlarmName: pulumi.Input<string>;
  /** ARN of the edge distribution's KeyValueStore (exported by the global stack). */
  keyValueStoreArn: pulumi.Input<string>;
  /** The drain's bundle (`bundleFunction("edge-drain", "aws")`). */
  bundle: Bundle;
  /**
   * SNS topic notified when a drain failed (messages in the failure queue).
   * @default no alarm
   */
  alarmTopicArn?: pulumi.Input<string>;
  /**
   * Days to keep the function's logs: a drain is an operational action worth an audit trail.
   * @default 365
   */
  logRetentionDays?: number;
  /**
   * Tags on every child; `data-class: internal` is added to the queues.
   * @default {}
   */
  tags?: Record<string, string>;
}

/**
 * Drains the site at the edge while its health alarm fires.
 *
 * @example
 * new AwsEdgeDrain("aws-edge-drain", { site, environment: "prod",
 *   healthAlarmName: alarms.errorsAlarmName, keyValueStoreArn: global.apply((g) => g.edgeKeyValueStoreArn),
 *   bundle: bundleFunction("edge-drain", "aws"), alarmTopicArn: topic.topicArn });
 */
export class AwsEdgeDrain extends pulumi.ComponentResource {
  readonly functionName: pulumi.Output<string>;
  readonly functionArn: pulumi.Output<string>;
  readonly ruleArn: pulumi.Output<string>;
  readonly failureQueueArn: pulumi.Output<string>;

  constructor(name: string, args: AwsEdgeDrainArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TYPE, name, {}, opts);
    const child = { parent: this };
    const region = args.site.region;
    const tags = args.tags ?? {};
    const fnName = physicalName(args.environment, region, "edge-drain", 64);

    const failures = createFailureQueue();
    const logGroup = createLogGroup();
    const { role, grants } = createRole();
    const fn = createFunction();
    createInvokeConfig();
    const rule = createRule();
    const permission = new lambda.Permission(
      `${name}-invoke`,
      {
        region,
        action: "lambda:InvokeFunction",
        function: fn.name,
        principal: "events.amazonaws.com",
        sourceArn: rule.arn,
      },
      child,
    );
    parkUndelivered(rule);
    new cloudwatch.EventTarget(
      `${name}-target`,
      {
        region,
        rule: rule.name,
        arn: fn.arn,
        // Same staleness bound as the invoke: an event that could not be handled in time is parked.
        retryPolicy: {
          maximumEventAgeInSeconds: DRAIN_MAX_EVENT_AGE_SECONDS,
          maximumRetryAttempts: 10,
        },
        deadLetterConfig: { arn: failures.queueArn },
      },
      { ...child, dependsOn: [permission] },
    );
    if (args.alarmTopicArn !== undefined) createFailureAlarm(args.alarmTopicArn);

    this.functionName = fn.name;
    this.functionArn = fn.arn;
    this.ruleArn = rule.arn;
    this.failureQueueArn = failures.queueArn;
    this.registerOutputs({
      functionName: this.functionName,
      ruleArn: this.ruleArn,
      failureQueueArn: this.failureQueueArn,
    });

    function createFailureQueue(): AwsQueue {
      return new AwsQueue(
        `${name}-failures`,
        {
          region,
          queueName: physicalName(args.environment, region, "edge-drain-failures", 76),
          dataClass: "internal",
          tags,
        },
        child,
      );
    }

    function createLogGroup(): cloudwatch.LogGroup {
      return new cloudwatch.LogGroup(
        `${name}-logs`,
        {
          region,
          name: `/aws/lambda/${fnName}`,
          retentionInDays: args.logRetentionDays ?? 365,
          tags,
        },
        child,
      );
    }

    function createRole(): { role: iam.Role; grants: pulumi.Resource[] } {
      const created = new iam.Role(
        `${name}-role`,
        {
          name: fnName,
          description: "Execution role of the edge drain; resource-scoped grants only.",
          assumeRolePolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Effect: "Allow",
                Principal: { Service: "lambda.amazonaws.com" },
                Action: "sts:AssumeRole",
              },
            ],
          }),
          tags,
        },
        child,
      );
      const policy = new iam.RolePolicy(
        `${name}-policy`,
        {
          role: created.name,
          policy: policyDocument([
            {
              sid: "WriteOwnLogGroup",
              actions: ["logs:CreateLogStream", "logs:PutLogEvents"],
              resources: [pulumi.interpolate`${logGroup.arn}:*`],
            },
            { sid: "DrainAtTheEdge", actions: DRAIN_ACTIONS, resources: [args.keyValueStoreArn] },
            { sid: "ReadHealthAlarm", actions: ALARM_READ_ACTIONS, resources: [alarmArn()] },
            { sid: "SendFailures", actions: ["sqs:SendMessage"], resources: [failures.queueArn] },
          ]),
        },
        child,
      );
      const xray = new iam.RolePolicyAttachment(
        `${name}-xray`,
        { role: created.name, policyArn: XRAY_WRITE_POLICY_ARN },
        child,
      );
      return { role: created, grants: [policy, xray] };
    }

    /** The health alarm's ARN, in the partition and account the stack deploys to. */
    function alarmArn(): pulumi.Output<string> {
      const identity = getCallerIdentityOutput({}, child);
      // The caller's own ARN names the partition (aws, aws-cn, aws-us-gov).
      const partition = identity.arn.apply((arn) => arn.split(":")[1] ?? "aws");
      return pulumi.interpolate`arn:${partition}:cloudwatch:${region}:${identity.accountId}:alarm:${args.healthAlarmName}`;
    }

    function createFunction(): lambda.Function {
      return new lambda.Function(
        `${name}-function`,
        {
          region,
          name: fnName,
          description: "Lists this region as drained at the edge while its health alarm fires.",
          role: role.arn,
          runtime: DRAIN_RUNTIME,
          architectures: ["arm64"],
          handler: args.bundle.handler,
          code: new pulumi.asset.FileArchive(args.bundle.dir),
          sourceCodeHash: args.bundle.sha256,
          memorySize: 256,
          timeout: 30,
          reservedConcurrentExecutions: 1,
          environment: {
            variables: {
              [DRAIN_ENV.kvsArn]: args.keyValueStoreArn,
              [DRAIN_ENV.region]: region,
              [DRAIN_ENV.alarmName]: args.healthAlarmName,
              AWS_NODEJS_CONNECTION_REUSE_ENABLED: "1",
            },
          },
          tracingConfig: { mode: "Active" },
          loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
          tags,
        },
        { ...child, dependsOn: [logGroup, ...grants] },
      );
    }

    function createInvokeConfig(): void {
      new lambda.FunctionEventInvokeConfig(
        `${name}-invoke-config`,
        {
          region,
          functionName: fn.name,
          maximumRetryAttempts: DRAIN_RETRY_ATTEMPTS,
          maximumEventAgeInSeconds: DRAIN_MAX_EVENT_AGE_SECONDS,
          destinationConfig: { onFailure: { destination: failures.queueArn } },
        },
        child,
      );
    }

    function createRule(): cloudwatch.EventRule {
      return new cloudwatch.EventRule(
        `${name}-rule`,
        {
          region,
          name: fnName,
          description: "State changes of this site's health alarm, for the edge drain.",
          eventPattern: pulumi.jsonStringify(alarmEventPattern(args.healthAlarmName)),
          tags,
        },
        child,
      );
    }

    /** Lets EventBridge park events it could not deliver in the failure queue, for this rule only. */
    function parkUndelivered(from: cloudwatch.EventRule): void {
      new sqs.QueuePolicy(
        `${name}-failures-policy`,
        {
          region,
          queueUrl: failures.queueUrl,
          policy: pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "EventBridgeParksUndelivered",
                Effect: "Allow",
                Principal: { Service: "events.amazonaws.com" },
                Action: "sqs:SendMessage",
                Resource: failures.queueArn,
                Condition: { ArnEquals: { "aws:SourceArn": from.arn } },
              },
            ],
          }),
        },
        child,
      );
    }

    function createFailureAlarm(topicArn: pulumi.Input<string>): void {
      new cloudwatch.MetricAlarm(
        `${name}-failed`,
        {
          region,
          name: `${fnName}-failed`,
          alarmDescription:
            "An edge drain failed: check the region's entry under the edge KeyValueStore's key drained.",
          namespace: "AWS/SQS",
          metricName: "ApproximateNumberOfMessagesVisible",
          dimensions: { QueueName: failures.queueName },
          statistic: "Maximum",
          period: 60,
          evaluationPeriods: 1,
          datapointsToAlarm: 1,
          comparisonOperator: "GreaterThanThreshold",
          threshold: 0,
          treatMissingData: "notBreaching",
          alarmActions: [topicArn],
          tags,
        },
        child,
      );
    }
  }
}

/** The EventBridge pattern of state changes of exactly one alarm. */
export function alarmEventPattern(alarmName: pulumi.Input<string>) {
  return {
    source: [ALARM_EVENT_SOURCE],
    "detail-type": [ALARM_EVENT_DETAIL_TYPE],
    detail: { alarmName: [alarmName] },
  };
}

const TYPE = "tachyon:edge:AwsEdgeDrain";
