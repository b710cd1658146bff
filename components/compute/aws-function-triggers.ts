/**
 * What invokes a latency-critical Lambda function: stream and queue event source mappings, an
 * ALB target, and (only without provisioned concurrency) a keep-warm schedule. Each of them
 * targets the `live` alias ARN, never the unqualified function.
 */
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as lambda from "@pulumi/aws/lambda";
import * as lb from "@pulumi/aws/lb";
import * as pulumi from "@pulumi/pulumi";
import { HEALTH_PATH } from "../../functions/adapters/health";
import type { ScopedStatement } from "../access/aws-iam";

/** A Kinesis stream or SQS queue that invokes the function. */
export interface AwsEventSource {
  readonly kind: "kinesis" | "sqs";
  /** ARN of the stream or queue. */
  readonly arn: pulumi.Input<string>;
  /**
   * Records per invocation; small batches keep per-record latency low.
   * @default 10
   */
  readonly batchSize?: number;
  /**
   * Concurrent batches per Kinesis shard (1-10); ignored for SQS.
   * @default 4
   */
  readonly parallelizationFactor?: number;
  /**
   * SQS queue that receives the metadata of Kinesis batches that keep failing; ignored for SQS
   * sources, which use their queue's redrive policy.
   * @default none
   */
  readonly onFailureArn?: pulumi.Input<string>;
  /**
   * Enhanced fan-out consumer of the Kinesis stream `arn`: the mapping reads through it (records
   * pushed over HTTP/2) instead of polling the stream; ignored for SQS.
   * @default polls the stream
   */
  readonly consumerArn?: pulumi.Input<string>;
  /**
   * KMS key encrypting the stream or queue; the function may decrypt with it.
   * @default AWS-managed key
   */
  readonly kmsKeyArn?: pulumi.Input<string>;
}

/** An ALB listener rule forwarding to the function. */
export interface AwsLoadBalancerTarget {
  readonly listenerArn: pulumi.Input<string>;
  /** Rule priority on the listener, unique per listener (1-50000). */
  readonly priority: number;
  /** Path pattern of the rule, e.g. `/order*`. */
  readonly pathPattern: string;
}

/** A target group health check as {@link lambdaHealthCheck} sets it (`lb.TargetGroup`'s `healthCheck`). */
export interface LambdaHealthCheck {
  readonly enabled: true;
  readonly path: string;
  readonly matcher: string;
  readonly interval: number;
  readonly timeout: number;
  readonly healthyThreshold: number;
  readonly unhealthyThreshold: number;
}

/**
 * The health check of a Lambda target group. Lambda target groups have health checks off by
 * default, which leaves a target "unavailable" rather than unhealthy, so neither the ALB nor
 * Global Accelerator in front of it would ever steer away from a function that fails; on, the
 * ALB invokes the alias with a GET on the health path, which the adapter answers with 200
 * without touching the handler. The interval is as short as the Lambda rules allow: it must
 * exceed both the check's own timeout and the function's timeout, so a check never overlaps an
 * invocation still running; two misses mark the target unhealthy, two answers bring it back.
 */
export function lambdaHealthCheck(functionTimeoutSeconds: number): LambdaHealthCheck {
  return {
    enabled: true,
    path: HEALTH_PATH,
    matcher: "200",
    interval: Math.min(300, Math.max(10, functionTimeoutSeconds + 1)),
    timeout: 5,
    healthyThreshold: 2,
    unhealthyThreshold: 2,
  };
}

/** Kinesis and SQS actions a Lambda event source mapping needs, scoped to each source. */
export function eventSourceStatements(sources: readonly AwsEventSource[]): ScopedStatement[] {
  const statements: ScopedStatement[] = [];
  sources.forEach((s, i) => {
    statements.push(
      s.kind === "kinesis"
        ? {
            sid: `ReadStream${i}`,
            actions: [
              "kinesis:DescribeStream",
              "kinesis:DescribeStreamSummary",
              "kinesis:GetRecords",
              "kinesis:GetShardIterator",
              "kinesis:ListShards",
            ],
            resources: [s.arn],
          }
        : {
            sid: `ReadQueue${i}`,
            actions: [
              "sqs:ReceiveMessage",
              "sqs:DeleteMessage",
              "sqs:GetQueueAttributes",
              "sqs:ChangeMessageVisibility",
            ],
            resources: [s.arn],
          },
    );
    if (s.kind === "kinesis" && s.consumerArn !== undefined) {
      statements.push({
        sid: `SubscribeThroughConsumer${i}`,
        actions: ["kinesis:DescribeStreamConsumer", "kinesis:SubscribeToShard"],
        resources: [s.consumerArn],
      });
    }
    if (s.kind === "kinesis" && s.onFailureArn !== undefined) {
      statements.push({
        sid: `SendStreamFailures${i}`,
        actions: ["sqs:SendMessage"],
        resources: [s.onFailureArn],
      });
    }
    if (s.kmsKeyArn !== undefined) {
      statements.push({
        sid: `DecryptSource${i}`,
        actions: ["kms:Decrypt"],
        resources: [s.kmsKeyArn],
      });
    }
  });
  return statements;
}

/** Creates one event source mapping `${name}-source-<i>` per source, each on the alias. */
export function createEventSources(
  name: string,
  args: { region: string; alias: lambda.Alias; sources: readonly AwsEventSource[] },
  parent: pulumi.Resource,
): lambda.EventSourceMapping[] {
  return args.sources.map((s, i) => {
    const common = {
      region: args.region,
      eventSourceArn: s.kind === "kinesis" ? (s.consumerArn ?? s.arn) : s.arn,
      functionName: args.alias.arn,
      batchSize: s.batchSize ?? 10,
      // Wait for nothing: a batch goes out the moment a record arrives.
      maximumBatchingWindowInSeconds: 0,
      functionResponseTypes: ["ReportBatchItemFailures"],
    };
    const kinesis = {
      startingPosition: "LATEST",
      parallelizationFactor: s.parallelizationFactor ?? 4,
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: 2,
      // Market data older than a minute is no longer worth processing.
      maximumRecordAgeInSeconds: 60,
      destinationConfig:
        s.onFailureArn === undefined
          ? undefined
          : { onFailure: { destinationArn: s.onFailureArn } },
    };
    return new lambda.EventSourceMapping(
      `${name}-source-${i}`,
      s.kind === "kinesis" ? { ...common, ...kinesis } : common,
      { parent },
    );
  });
}

/**
 * Creates the ALB target group `${name}-tg` (type lambda, health-checked on the health path,
 * see {@link lambdaHealthCheck}), the permission for the load balancer
 * to invoke the alias, the attachment of the alias and the listener rule.
 */
export function createLoadBalancerTarget(
  name: string,
  args: {
    region: string;
    alias: lambda.Alias;
    fn: lambda.Function;
    target: AwsLoadBalancerTarget;
    targetGroupName: string;
    /** The function's timeout; the health check interval must exceed it. */
    functionTimeoutSeconds: number;
  },
  parent: pulumi.Resource,
): lb.TargetGroup {
  const { region, alias, fn, target } = args;
  const group = new lb.TargetGroup(
    `${name}-tg`,
    {
      region,
      name: args.targetGroupName,
      targetType: "lambda",
      healthCheck: lambdaHealthCheck(args.functionTimeoutSeconds),
    },
    { parent },
  );
  const permission = new lambda.Permission(
    `${name}-alb-invoke`,
    {
      region,
      action: "lambda:InvokeFunction",
      function: fn.name,
      qualifier: alias.name,
      principal: "elasticloadbalancing.amazonaws.com",
      sourceArn: group.arn,
    },
    { parent },
  );
  new lb.TargetGroupAttachment(
    `${name}-tg-attachment`,
    { region, targetGroupArn: group.arn, targetId: alias.arn },
    { parent, dependsOn: [permission] },
  );
  new lb.ListenerRule(
    `${name}-rule`,
    {
      region,
      listenerArn: target.listenerArn,
      priority: target.priority,
      actions: [{ type: "forward", targetGroupArn: group.arn }],
      conditions: [{ pathPattern: { values: [target.pathPattern] } }],
    },
    { parent },
  );
  return group;
}

/**
 * A ping every five minutes through the alias, for functions without provisioned concurrency:
 * Lambda recycles idle environments after minutes, so a five-minute ping keeps one alive.
 */
export function createKeepWarm(
  name: string,
  args: { region: string; alias: lambda.Alias; fn: lambda.Function; tags: Record<string, string> },
  parent: pulumi.Resource,
): cloudwatch.EventRule {
  const { region, alias, fn } = args;
  const rule = new cloudwatch.EventRule(
    `${name}-keep-warm`,
    {
      region,
      description: "Keeps one execution environment warm.",
      scheduleExpression: "rate(5 minutes)",
      tags: args.tags,
    },
    { parent },
  );
  const permission = new lambda.Permission(
    `${name}-keep-warm-invoke`,
    {
      region,
      action: "lambda:InvokeFunction",
      function: fn.name,
      qualifier: alias.name,
      principal: "events.amazonaws.com",
      sourceArn: rule.arn,
    },
    { parent },
  );
  new cloudwatch.EventTarget(
    `${name}-keep-warm-target`,
    { region, rule: rule.name, arn: alias.arn, input: JSON.stringify({ warmup: true }) },
    { parent, dependsOn: [permission] },
  );
  return rule;
}
