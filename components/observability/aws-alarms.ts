/**
 * Latency alarms of an AWS site: p99 duration of each function's `live` alias, errors, throttles,
 * provisioned-concurrency spillover (cold starts despite warm capacity), iterator age of stream
 * consumers and dead-letter depth, all notifying one encrypted SNS topic.
 */
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import { getCallerIdentityOutput } from "@pulumi/aws/getCallerIdentity";
import * as kms from "@pulumi/aws/kms";
import * as sns from "@pulumi/aws/sns";
import * as pulumi from "@pulumi/pulumi";
import { LIVE_ALIAS } from "../naming/aws-name";

/** Arguments of {@link AwsAlarmTopic}. */
export interface AwsAlarmTopicArgs {
  region: string;
  /** Physical topic name. */
  topicName: string;
  /**
   * Tags on the topic and its key.
   * @default {}
   */
  tags?: Record<string, string>;
  /**
   * E-mail addresses subscribed to the topic (`tachyon:alertEmail`). Each recipient confirms
   * from the message SNS sends before alarms reach them.
   * @default []
   * @example ["fx-oncall@trade.example.com"]
   */
  emails?: readonly string[];
}

/**
 * The SNS topic alarms notify, encrypted with a key CloudWatch may use (the AWS-managed SNS key
 * does not allow CloudWatch to publish), and its e-mail subscriptions.
 *
 * @example
 * const topic = new AwsAlarmTopic("alarms", { region, topicName: "tachyon-prod-us-east-1-alarms" });
 */
export class AwsAlarmTopic extends pulumi.ComponentResource {
  readonly topicArn: pulumi.Output<string>;

  constructor(name: string, args: AwsAlarmTopicArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TOPIC_TYPE, name, {}, opts);
    const account = getCallerIdentityOutput({}, { parent: this }).accountId;
    const key = new kms.Key(
      `${name}-key`,
      {
        region: args.region,
        description: "Encrypts the alarm topic; CloudWatch may encrypt with it.",
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: alarmKeyPolicy(account),
        tags: args.tags,
      },
      { parent: this },
    );
    const topic = new sns.Topic(
      `${name}-topic`,
      { region: args.region, name: args.topicName, kmsMasterKeyId: key.arn, tags: args.tags },
      { parent: this },
    );
    (args.emails ?? []).forEach(
      (endpoint, i) =>
        // The provider creates an e-mail subscription pending confirmation and drops an
        // unconfirmed one from state on delete (SNS removes it after 48 hours):
        // https://github.com/hashicorp/terraform-provider-aws/pull/14923
        new sns.TopicSubscription(
          `${name}-email-${i}`,
          { region: args.region, topic: topic.arn, protocol: "email", endpoint },
          { parent: this },
        ),
    );
    this.topicArn = topic.arn;
    this.registerOutputs({ topicArn: this.topicArn });
  }
}

/** Key administration by the account and use by CloudWatch, with explicit actions only. */
export function alarmKeyPolicy(account: pulumi.Input<string>): pulumi.Output<string> {
  return pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AccountAdministers",
        Effect: "Allow",
        Principal: { AWS: pulumi.interpolate`arn:aws:iam::${account}:root` },
        Action: KEY_ADMIN_ACTIONS,
        Resource: "*",
      },
      {
        Sid: "CloudWatchPublishes",
        Effect: "Allow",
        Principal: { Service: "cloudwatch.amazonaws.com" },
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: "*",
      },
    ],
  });
}

const KEY_ADMIN_ACTIONS = [
  "kms:CancelKeyDeletion",
  "kms:CreateAlias",
  "kms:CreateGrant",
  "kms:Decrypt",
  "kms:DeleteAlias",
  "kms:DescribeKey",
  "kms:DisableKey",
  "kms:DisableKeyRotation",
  "kms:EnableKey",
  "kms:EnableKeyRotation",
  "kms:Encrypt",
  "kms:GenerateDataKey",
  "kms:GetKeyPolicy",
  "kms:GetKeyRotationStatus",
  "kms:ListGrants",
  "kms:ListResourceTags",
  "kms:PutKeyPolicy",
  "kms:RevokeGrant",
  "kms:ScheduleKeyDeletion",
  "kms:TagResource",
  "kms:UntagResource",
  "kms:UpdateAlias",
  "kms:UpdateKeyDescription",
];

/** Arguments of {@link AwsFunctionAlarms}. */
export interface AwsFunctionAlarmsArgs {
  region: string;
  /** Physical function name. */
  functionName: pulumi.Input<string>;
  /** p99 duration above which the function is too slow, in milliseconds. */
  p99Ms: number;
  /** Topic the alarms notify. */
  topicArn: pulumi.Input<string>;
  /** Whether the alias has provisioned concurrency (adds the spillover alarm). */
  provisioned: boolean;
  /**
   * Iterator age limit for stream consumers in milliseconds; omit for other functions.
   * @default no iterator-age alarm
   */
  iteratorAgeMs?: number;
  /**
   * Dead-letter queues whose depth above zero is alarmed.
   * @default []
   */
  deadLetterQueueNames?: pulumi.Input<string>[];
  /**
   * Tags on the alarms.
   * @default {}
   */
  tags?: Record<string, string>;
}

/**
 * The latency and failure alarms of one function's `live` alias.
 *
 * @example
 * new AwsFunctionAlarms("order-alarms", { region, functionName: fn.functionName, p99Ms: 15,
 *   topicArn: topic.topicArn, provisioned: true });
 */
export class AwsFunctionAlarms extends pulumi.ComponentResource {
  /** Name of the p99 duration alarm. */
  readonly p99AlarmName: pulumi.Output<string>;
  /** Name of the errors alarm; the site's Route 53 health check follows it. */
  readonly errorsAlarmName: pulumi.Output<string>;

  constructor(name: string, args: AwsFunctionAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
    super(ALARMS_TYPE, name, {}, opts);
    const dimensions = {
      FunctionName: args.functionName,
      Resource: pulumi.interpolate`${args.functionName}:${LIVE_ALIAS}`,
    };
    const alarm = (
      role: string,
      spec: Omit<cloudwatch.MetricAlarmArgs, "region" | "alarmActions" | "okActions" | "tags">,
    ): cloudwatch.MetricAlarm =>
      new cloudwatch.MetricAlarm(
        `${name}-${role}`,
        {
          region: args.region,
          name: pulumi.interpolate`${args.functionName}-${role}`,
          period: 60,
          evaluationPeriods: 3,
          datapointsToAlarm: 2,
          treatMissingData: "notBreaching",
          alarmActions: [args.topicArn],
          okActions: [args.topicArn],
          tags: args.tags,
          ...spec,
        },
        { parent: this },
      );
    const p99 = alarm("p99-duration", {
      alarmDescription: `p99 duration of the live alias above ${args.p99Ms} ms.`,
      namespace: "AWS/Lambda",
      metricName: "Duration",
      dimensions,
      extendedStatistic: "p99",
      comparisonOperator: "GreaterThanThreshold",
      threshold: args.p99Ms,
      unit: "Milliseconds",
    });
    const errors = alarm("errors", {
      alarmDescription: "Invocations of the live alias failed.",
      namespace: "AWS/Lambda",
      metricName: "Errors",
      dimensions,
      statistic: "Sum",
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
    });
    alarm("throttles", {
      alarmDescription: "Invocations of the live alias were throttled.",
      namespace: "AWS/Lambda",
      metricName: "Throttles",
      dimensions,
      statistic: "Sum",
      comparisonOperator: "GreaterThanThreshold",
      threshold: 0,
    });
    if (args.provisioned) {
      alarm("spillover", {
        alarmDescription:
          "Invocations spilled over provisioned concurrency and may have cold-started.",
        namespace: "AWS/Lambda",
        metricName: "ProvisionedConcurrencySpilloverInvocations",
        dimensions,
        statistic: "Sum",
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0,
      });
    }
    if (args.iteratorAgeMs !== undefined) {
      alarm("iterator-age", {
        alarmDescription: `The consumer is more than ${args.iteratorAgeMs} ms behind its stream.`,
        namespace: "AWS/Lambda",
        metricName: "IteratorAge",
        dimensions,
        statistic: "Maximum",
        comparisonOperator: "GreaterThanThreshold",
        threshold: args.iteratorAgeMs,
      });
    }
    (args.deadLetterQueueNames ?? []).forEach((queueName, i) =>
      alarm(`dlq-${i}`, {
        alarmDescription: "Messages are waiting in a dead-letter queue.",
        namespace: "AWS/SQS",
        metricName: "ApproximateNumberOfMessagesVisible",
        dimensions: { QueueName: queueName },
        statistic: "Maximum",
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0,
      }),
    );
    this.p99AlarmName = p99.name;
    this.errorsAlarmName = errors.name;
    this.registerOutputs({
      p99AlarmName: this.p99AlarmName,
      errorsAlarmName: this.errorsAlarmName,
    });
  }
}

const TOPIC_TYPE = "tachyon:observability:AwsAlarmTopic";
const ALARMS_TYPE = "tachyon:observability:AwsFunctionAlarms";
