/**
 * The AWS side of {@link LatencyFunction}: a Lambda function tuned for latency.
 *
 * arm64, one full vCPU of memory, a published version behind the alias `live`, provisioned
 * concurrency on that alias (optionally auto-scaled on utilisation), a log group created before
 * the function, X-Ray active tracing, connection reuse, a least-privilege role and a failure
 * destination. Every trigger and target invokes the alias ARN: invoking the unqualified function
 * would bypass the provisioned concurrency and pay cold starts.
 */
import * as appautoscaling from "@pulumi/aws/appautoscaling";
import * as cloudwatch from "@pulumi/aws/cloudwatch";
import * as lambda from "@pulumi/aws/lambda";
import * as pulumi from "@pulumi/pulumi";
import { TAG_LATENCY_CLASS } from "../../model/types";
import type { ScopedStatement } from "../access/aws-iam";
import { createExecutionRole, type ExecutionRole } from "./aws-function-iam";
import {
  createEventSources,
  createKeepWarm,
  createLoadBalancerTarget,
  eventSourceStatements,
  type AwsEventSource,
  type AwsLoadBalancerTarget,
} from "./aws-function-triggers";
import type { CloudFunctionArgs, CloudFunctionResult } from "./function-types";
import { LIVE_ALIAS } from "../naming/aws-name";
import { physicalName } from "../naming/physical-name";

/** Node.js runtime of the functions; the bundler targets the same major. */
export const LAMBDA_RUNTIME = "nodejs22.x";

/** Where failed asynchronous invocations go. */
export interface AwsFailureDestination {
  /** ARN of an SQS queue or SNS topic. */
  readonly arn: pulumi.Input<string>;
  readonly kind: "sqs" | "sns";
}

/** AWS-only settings of a {@link LatencyFunction} (its `aws` section). */
export interface AwsFunctionOptions {
  /**
   * Private subnets and security groups to run in; needed to reach the cache and VPC endpoints.
   * @default not attached to a VPC
   */
  vpc?: {
    subnetIds: pulumi.Input<pulumi.Input<string>[]>;
    securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
  };
  /**
   * Concurrency reserved for the function, so a neighbour cannot starve it. Must cover the warm
   * instances and the autoscaling maximum.
   * @default unreserved
   */
  reservedConcurrency?: number;
  /**
   * Auto-scale the provisioned concurrency of `live` between `warmInstances` and `maxInstances`,
   * tracking `LambdaProvisionedConcurrencyUtilization` at `targetUtilization`.
   * @default fixed at warmInstances
   * @example { maxInstances: 50, targetUtilization: 0.7 }
   */
  autoscaling?: { maxInstances: number; targetUtilization?: number };
  /**
   * Days to keep the function's logs. A year, because trading and payment logs are audit
   * evidence (PCI DSS 10.5.1; the baseline pack's `log-retention` policy).
   * @default 365
   */
  logRetentionDays?: number;
  /**
   * Destination of failed asynchronous invocations; also set as the function's dead-letter queue.
   * @default none
   */
  onFailure?: AwsFailureDestination;
  /**
   * Streams and queues that invoke the function (through the alias).
   * @default []
   */
  eventSources?: AwsEventSource[];
  /**
   * An ALB listener that forwards to the function (through the alias).
   * @default none
   */
  loadBalancer?: AwsLoadBalancerTarget;
  /**
   * A scheduled ping every five minutes: only for functions with no warm instances, where
   * provisioned concurrency is not bought. The ping's event is `{"warmup":true}`; the handler
   * should answer it without work (otherwise it counts as an error).
   * @default false
   */
  keepWarm?: boolean;
  /**
   * Further resource-scoped permissions (tables, keys, queues the function calls).
   * @default []
   */
  statements?: ScopedStatement[];
}

/** {@link CloudFunctionResult} plus the AWS handles alarms and wiring need. */
export interface AwsFunctionResult extends CloudFunctionResult {
  readonly fn: lambda.Function;
  readonly alias: lambda.Alias;
  /** The provisioned concurrency on `live`, when warm instances were asked for. */
  readonly provisioned?: lambda.ProvisionedConcurrencyConfig;
}

/** Builds the Lambda side of a {@link LatencyFunction}; see the file comment for what it creates. */
export function createAwsFunction(
  name: string,
  args: CloudFunctionArgs,
  options: AwsFunctionOptions | undefined,
  parent: pulumi.ComponentResource,
): AwsFunctionResult {
  const o = options ?? {};
  validateAwsOptions(args, o);
  const region = args.site.region;
  const fnName = args.physicalName;
  // `latency-class` marks the function itself; its log group, role and schedule are not functions.
  const supportTags = withoutKey(args.tags, TAG_LATENCY_CLASS);
  const logGroup = createLogGroup();
  const { role, grants } = createRole();
  const fn = createFunction();
  const alias = new lambda.Alias(
    `${name}-live`,
    { region, name: LIVE_ALIAS, functionName: fn.name, functionVersion: fn.version },
    { parent },
  );
  const provisioned = createProvisionedConcurrency();
  createInvokeConfig();
  createEventSources(name, { region, alias, sources: o.eventSources ?? [] }, parent);
  if (o.loadBalancer) {
    createLoadBalancerTarget(
      name,
      {
        region,
        alias,
        fn,
        target: o.loadBalancer,
        targetGroupName: shortName(32),
        functionTimeoutSeconds: args.timeoutSeconds,
      },
      parent,
    );
  }
  if (o.keepWarm) createKeepWarm(name, { region, alias, fn, tags: supportTags }, parent);
  return { fn, alias, provisioned, name: fn.name, invokeTarget: alias.arn, identity: role.arn };

  function createLogGroup(): cloudwatch.LogGroup {
    return new cloudwatch.LogGroup(
      `${name}-logs`,
      {
        region,
        name: `/aws/lambda/${fnName}`,
        retentionInDays: o.logRetentionDays ?? 365,
        tags: supportTags,
      },
      { parent },
    );
  }

  function createRole(): ExecutionRole {
    const statements = [...eventSourceStatements(o.eventSources ?? []), ...(o.statements ?? [])];
    if (o.onFailure) statements.push(failureStatement(o.onFailure));
    return createExecutionRole(
      name,
      {
        roleName: shortName(64),
        logGroupArn: logGroup.arn,
        vpc: o.vpc !== undefined,
        statements,
        tags: supportTags,
      },
      parent,
    );
  }

  function createFunction(): lambda.Function {
    return new lambda.Function(
      `${name}-function`,
      {
        region,
        name: fnName,
        description: args.spec.description,
        role: role.arn,
        runtime: LAMBDA_RUNTIME,
        architectures: ["arm64"],
        handler: args.bundle.handler,
        code: new pulumi.asset.FileArchive(args.bundle.dir),
        sourceCodeHash: args.bundle.sha256,
        memorySize: args.memoryMb,
        timeout: args.timeoutSeconds,
        publish: true,
        reservedConcurrentExecutions: o.reservedConcurrency,
        environment: {
          variables: { ...args.variables, AWS_NODEJS_CONNECTION_REUSE_ENABLED: "1" },
        },
        tracingConfig: { mode: "Active" },
        loggingConfig: { logFormat: "JSON", logGroup: logGroup.name },
        vpcConfig: o.vpc
          ? { subnetIds: o.vpc.subnetIds, securityGroupIds: o.vpc.securityGroupIds }
          : undefined,
        deadLetterConfig: o.onFailure ? { targetArn: o.onFailure.arn } : undefined,
        tags: args.tags,
      },
      { parent, dependsOn: [logGroup, ...grants] },
    );
  }

  function createProvisionedConcurrency(): lambda.ProvisionedConcurrencyConfig | undefined {
    if (args.warmInstances === 0) return undefined;
    const config = new lambda.ProvisionedConcurrencyConfig(
      `${name}-provisioned`,
      {
        region,
        functionName: fn.name,
        qualifier: alias.name,
        provisionedConcurrentExecutions: args.warmInstances,
      },
      { parent },
    );
    if (o.autoscaling) {
      const resourceId = pulumi.interpolate`function:${fn.name}:${alias.name}`;
      const target = new appautoscaling.Target(
        `${name}-scaling`,
        {
          region,
          serviceNamespace: "lambda",
          scalableDimension: "lambda:function:ProvisionedConcurrency",
          resourceId,
          minCapacity: args.warmInstances,
          maxCapacity: o.autoscaling.maxInstances,
        },
        { parent, dependsOn: [config] },
      );
      new appautoscaling.Policy(
        `${name}-scaling-policy`,
        {
          region,
          name: shortName(255),
          policyType: "TargetTrackingScaling",
          serviceNamespace: target.serviceNamespace,
          scalableDimension: target.scalableDimension,
          resourceId: target.resourceId,
          targetTrackingScalingPolicyConfiguration: {
            targetValue: o.autoscaling.targetUtilization ?? 0.7,
            predefinedMetricSpecification: {
              predefinedMetricType: "LambdaProvisionedConcurrencyUtilization",
            },
          },
        },
        { parent },
      );
    }
    return config;
  }

  function createInvokeConfig(): void {
    if (!o.onFailure) return;
    // A stale market event is worse than none: no retries minutes later, failures go straight on.
    new lambda.FunctionEventInvokeConfig(
      `${name}-invoke-config`,
      {
        region,
        functionName: fn.name,
        qualifier: alias.name,
        maximumRetryAttempts: 0,
        maximumEventAgeInSeconds: 60,
        destinationConfig: { onFailure: { destination: o.onFailure.arn } },
      },
      { parent },
    );
  }

  function shortName(max: number): string {
    return physicalName(args.environment, region, args.spec.name, max);
  }
}

function withoutKey(tags: Record<string, string>, key: string): Record<string, string> {
  return Object.fromEntries(Object.entries(tags).filter(([k]) => k !== key));
}

/** The permission a failure destination needs. */
function failureStatement(d: AwsFailureDestination): ScopedStatement {
  return d.kind === "sqs"
    ? { sid: "SendFailures", actions: ["sqs:SendMessage"], resources: [d.arn] }
    : { sid: "PublishFailures", actions: ["sns:Publish"], resources: [d.arn] };
}

/**
 * Checks the AWS section against the shared arguments; throws one error naming every problem.
 */
export function validateAwsOptions(args: CloudFunctionArgs, o: AwsFunctionOptions): void {
  const problems: string[] = [];
  const path = `LatencyFunction "${args.spec.name}"`;
  if (args.memoryMb > 10240) {
    problems.push(`"memoryMb" must be at most 10240 on Lambda, got ${args.memoryMb}. Lower it.`);
  }
  if (o.keepWarm && args.warmInstances > 0) {
    problems.push(
      `"aws.keepWarm" is only for functions without warm instances, got warmInstances ${args.warmInstances}. Drop "keepWarm" or set "warmInstances" to 0.`,
    );
  }
  if (o.autoscaling) {
    if (args.warmInstances === 0) {
      problems.push(
        `"aws.autoscaling" scales provisioned concurrency, got warmInstances 0. Set "warmInstances" to 1 or more.`,
      );
    }
    if (o.autoscaling.maxInstances < args.warmInstances) {
      problems.push(
        `"aws.autoscaling.maxInstances" must be at least warmInstances (${args.warmInstances}), got ${o.autoscaling.maxInstances}. Raise it.`,
      );
    }
    const t = o.autoscaling.targetUtilization;
    if (t !== undefined && !(t > 0 && t < 1)) {
      problems.push(
        `"aws.autoscaling.targetUtilization" must be a fraction between 0 and 1, got ${t}. Use e.g. 0.7.`,
      );
    }
  }
  const needed = Math.max(args.warmInstances, o.autoscaling?.maxInstances ?? 0);
  if (o.reservedConcurrency !== undefined && o.reservedConcurrency < needed) {
    problems.push(
      `"aws.reservedConcurrency" must cover the provisioned concurrency (${needed}), got ${o.reservedConcurrency}. Raise it or leave it unset.`,
    );
  }
  if (problems.length > 0) throw new Error(`${path}: ${problems.join(" ")}`);
}
