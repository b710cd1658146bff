import assert from "node:assert/strict";
import {
  createAwsFunction,
  validateAwsOptions,
  type AwsFunctionOptions,
} from "../../../components/compute/aws-function";
import type { CloudFunctionArgs } from "../../../components/compute/function-types";
import { FUNCTIONS } from "../../../functions/catalog";
import { useAwsMocks, valueOf, type Recorder } from "../aws-mocks";
import { SpecParent } from "../recorder";

const ORDER = FUNCTIONS.find((f) => f.name === "order")!;
const NORMALIZE = FUNCTIONS.find((f) => f.name === "normalize")!;
const ALIAS_ARN =
  "arn:aws:lambda:us-east-1:123456789012:function:tachyon-prod-us-east-1-order:live";

function args(overrides: Partial<CloudFunctionArgs> = {}): CloudFunctionArgs {
  return {
    site: {
      id: "aws:us-east-1",
      cloud: "aws",
      region: "us-east-1",
      cidr: "10.10.0.0/16",
      venues: [],
      index: 0,
    },
    environment: "prod",
    spec: ORDER,
    bundle: { dir: "/srv/bundles/order", handler: "index.handler", sha256: "ab12", bytes: 2048 },
    warmInstances: 10,
    memoryMb: 1769,
    timeoutSeconds: 10,
    variables: { TABLE_NAME: "orders" },
    dataClass: "confidential",
    tags: { "latency-class": "critical" },
    physicalName: "tachyon-prod-us-east-1-order",
    ...overrides,
  };
}

async function build(
  a: CloudFunctionArgs,
  o?: AwsFunctionOptions,
): Promise<{ invokeTarget: string }> {
  const result = createAwsFunction("order", a, o, new SpecParent());
  return { invokeTarget: await valueOf(result.invokeTarget) };
}

describe("createAwsFunction", () => {
  let mocks: Recorder;
  beforeEach(async () => {
    mocks = await useAwsMocks();
  });

  it("deploys an arm64 Lambda with a published version, tracing, connection reuse and the bundle", async () => {
    await build(args());
    await mocks.settle();
    const fn = mocks.one("aws:lambda/function:Function", "order-function").inputs;
    assert.equal(fn.name, "tachyon-prod-us-east-1-order");
    assert.equal(fn.region, "us-east-1");
    assert.deepEqual(fn.architectures, ["arm64"]);
    assert.equal(fn.runtime, "nodejs22.x");
    assert.equal(fn.memorySize, 1769);
    assert.equal(fn.timeout, 10);
    assert.equal(fn.publish, true);
    assert.equal(fn.handler, "index.handler");
    assert.equal(fn.sourceCodeHash, "ab12");
    assert.deepEqual(fn.tracingConfig, { mode: "Active" });
    assert.deepEqual(fn.environment, {
      variables: { TABLE_NAME: "orders", AWS_NODEJS_CONNECTION_REUSE_ENABLED: "1" },
    });
    assert.deepEqual(fn.loggingConfig, {
      logFormat: "JSON",
      logGroup: "/aws/lambda/tachyon-prod-us-east-1-order",
    });
    assert.deepEqual(fn.tags, { "latency-class": "critical" });
  });

  it("puts provisioned concurrency on the live alias of the published version", async () => {
    const { invokeTarget } = await build(args());
    await mocks.settle();
    const alias = mocks.one("aws:lambda/alias:Alias", "order-live").inputs;
    assert.equal(alias.name, "live");
    assert.equal(alias.functionVersion, "1");
    const pc = mocks.one(
      "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig",
      "order-provisioned",
    ).inputs;
    assert.equal(pc.qualifier, "live");
    assert.equal(pc.functionName, "tachyon-prod-us-east-1-order");
    assert.equal(pc.provisionedConcurrentExecutions, 10);
    assert.equal(invokeTarget, ALIAS_ARN);
  });

  it("buys no provisioned concurrency and no keep-warm schedule for zero warm instances unless asked", async () => {
    await build(args({ warmInstances: 0 }));
    await mocks.settle();
    assert.equal(
      mocks.ofType("aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig").length,
      0,
    );
    assert.equal(mocks.ofType("aws:cloudwatch/eventRule:EventRule").length, 0);
  });

  it("pings the alias every five minutes when keep-warm is asked with zero warm instances", async () => {
    await build(args({ warmInstances: 0 }), { keepWarm: true });
    await mocks.settle();
    assert.equal(
      mocks.one("aws:cloudwatch/eventRule:EventRule", "order-keep-warm").inputs.scheduleExpression,
      "rate(5 minutes)",
    );
    assert.equal(
      mocks.one("aws:cloudwatch/eventTarget:EventTarget", "order-keep-warm-target").inputs.arn,
      ALIAS_ARN,
    );
    const permission = mocks.one(
      "aws:lambda/permission:Permission",
      "order-keep-warm-invoke",
    ).inputs;
    assert.equal(permission.qualifier, "live");
    assert.equal(permission.principal, "events.amazonaws.com");
  });

  it("auto-scales provisioned concurrency of the alias on utilisation", async () => {
    await build(args(), { autoscaling: { maxInstances: 40 } });
    await mocks.settle();
    const target = mocks.one("aws:appautoscaling/target:Target", "order-scaling").inputs;
    assert.equal(target.resourceId, "function:tachyon-prod-us-east-1-order:live");
    assert.equal(target.scalableDimension, "lambda:function:ProvisionedConcurrency");
    assert.equal(target.serviceNamespace, "lambda");
    assert.equal(target.minCapacity, 10);
    assert.equal(target.maxCapacity, 40);
    const policy = mocks.one("aws:appautoscaling/policy:Policy", "order-scaling-policy").inputs;
    assert.equal(policy.policyType, "TargetTrackingScaling");
    assert.deepEqual(policy.targetTrackingScalingPolicyConfiguration, {
      targetValue: 0.7,
      predefinedMetricSpecification: {
        predefinedMetricType: "LambdaProvisionedConcurrencyUtilization",
      },
    });
  });

  it("registers the log group /aws/lambda/<name> with retention before the function, without the latency-class tag", async () => {
    const parent = new SpecParent();
    const result = createAwsFunction("order", args(), { logRetentionDays: 30 }, parent);
    await valueOf(result.invokeTarget);
    await mocks.settle();
    const names = mocks.resources.map((r) => r.name);
    assert.ok(names.indexOf("order-logs") < names.indexOf("order-function"));
    const logs = mocks.one("aws:cloudwatch/logGroup:LogGroup", "order-logs").inputs;
    assert.equal(logs.name, "/aws/lambda/tachyon-prod-us-east-1-order");
    assert.equal(logs.retentionInDays, 30);
    assert.deepEqual(mocks.one("aws:iam/role:Role", "order-role").inputs.tags, {});
    assert.deepEqual(logs.tags, {});
  });

  it("keeps the function's logs a year by default", async () => {
    const parent = new SpecParent();
    const result = createAwsFunction("order", args(), {}, parent);
    await valueOf(result.invokeTarget);
    await mocks.settle();
    assert.equal(
      mocks.one("aws:cloudwatch/logGroup:LogGroup", "order-logs").inputs.retentionInDays,
      365,
    );
  });

  it("grants only resource-scoped actions, with no wildcard action", async () => {
    await build(args(), {
      onFailure: { kind: "sqs", arn: "arn:aws:sqs:us-east-1:123456789012:dlq" },
      eventSources: [{ kind: "sqs", arn: "arn:aws:sqs:us-east-1:123456789012:orders" }],
    });
    await mocks.settle();
    const doc = JSON.parse(
      mocks.one("aws:iam/rolePolicy:RolePolicy", "order-policy").inputs.policy as string,
    );
    const statements = doc.Statement as { Action: string[]; Resource: string[] }[];
    assert.deepEqual(
      statements.map((s) => s.Resource),
      [
        [
          "arn:aws:logs:us-east-1:123456789012:log-group:/aws/lambda/tachyon-prod-us-east-1-order:*",
        ],
        ["arn:aws:sqs:us-east-1:123456789012:orders"],
        ["arn:aws:sqs:us-east-1:123456789012:dlq"],
      ],
    );
    for (const s of statements) {
      for (const action of s.Action) assert.match(action, /^[a-z0-9]+:[A-Za-z]+$/);
    }
    const attached = mocks
      .ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment")
      .map((r) => r.inputs.policyArn);
    assert.deepEqual(attached, ["arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess"]);
  });

  it("sends failed asynchronous invocations of the alias to the destination and the dead-letter queue", async () => {
    await build(args(), {
      onFailure: { kind: "sqs", arn: "arn:aws:sqs:us-east-1:123456789012:dlq" },
    });
    await mocks.settle();
    const config = mocks.one(
      "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
      "order-invoke-config",
    ).inputs;
    assert.equal(config.qualifier, "live");
    assert.deepEqual(config.destinationConfig, {
      onFailure: { destination: "arn:aws:sqs:us-east-1:123456789012:dlq" },
    });
    const fn = mocks.one("aws:lambda/function:Function", "order-function").inputs;
    assert.deepEqual(fn.deadLetterConfig, { targetArn: "arn:aws:sqs:us-east-1:123456789012:dlq" });
  });

  it("event source mapping invokes the alias ARN with no batching window and bisect on error", async () => {
    await build(args({ spec: NORMALIZE, physicalName: "tachyon-prod-us-east-1-order" }), {
      eventSources: [
        {
          kind: "kinesis",
          arn: "arn:aws:kinesis:us-east-1:123456789012:stream/ticks",
          batchSize: 5,
          onFailureArn: "arn:aws:sqs:us-east-1:123456789012:ticks-dlq",
        },
      ],
    });
    await mocks.settle();
    const esm = mocks.one(
      "aws:lambda/eventSourceMapping:EventSourceMapping",
      "order-source-0",
    ).inputs;
    assert.equal(esm.functionName, ALIAS_ARN);
    assert.equal(esm.batchSize, 5);
    assert.equal(esm.maximumBatchingWindowInSeconds, 0);
    assert.equal(esm.bisectBatchOnFunctionError, true);
    assert.equal(esm.parallelizationFactor, 4);
    assert.equal(esm.startingPosition, "LATEST");
    assert.deepEqual(esm.destinationConfig, {
      onFailure: { destinationArn: "arn:aws:sqs:us-east-1:123456789012:ticks-dlq" },
    });
  });

  it("attaches the alias, not the function, to the ALB target group after permitting the load balancer", async () => {
    await build(args(), {
      loadBalancer: {
        listenerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/x/y/z",
        priority: 10,
        pathPattern: "/order*",
      },
    });
    await mocks.settle();
    assert.equal(
      mocks.one("aws:lb/targetGroup:TargetGroup", "order-tg").inputs.targetType,
      "lambda",
    );
    assert.equal(
      mocks.one("aws:lb/targetGroupAttachment:TargetGroupAttachment", "order-tg-attachment").inputs
        .targetId,
      ALIAS_ARN,
    );
    const permission = mocks.one("aws:lambda/permission:Permission", "order-alb-invoke").inputs;
    assert.equal(permission.qualifier, "live");
    assert.equal(permission.principal, "elasticloadbalancing.amazonaws.com");
    const rule = mocks.one("aws:lb/listenerRule:ListenerRule", "order-rule").inputs;
    assert.deepEqual(rule.conditions, [{ pathPattern: { values: ["/order*"] } }]);
  });

  it("health-checks the Lambda target on /health, every 11 s for a 10 s function", async () => {
    await build(args(), {
      loadBalancer: {
        listenerArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/x/y/z",
        priority: 10,
        pathPattern: "/order*",
      },
    });
    await mocks.settle();
    assert.deepEqual(mocks.one("aws:lb/targetGroup:TargetGroup", "order-tg").inputs.healthCheck, {
      enabled: true,
      path: "/health",
      matcher: "200",
      interval: 11,
      timeout: 5,
      healthyThreshold: 2,
      unhealthyThreshold: 2,
    });
  });

  it("attaches the VPC access policy and subnets only when placed in a VPC", async () => {
    await build(args(), {
      vpc: { subnetIds: ["subnet-1", "subnet-2"], securityGroupIds: ["sg-1"] },
    });
    await mocks.settle();
    const fn = mocks.one("aws:lambda/function:Function", "order-function").inputs;
    assert.deepEqual(fn.vpcConfig, {
      subnetIds: ["subnet-1", "subnet-2"],
      securityGroupIds: ["sg-1"],
    });
    assert.equal(
      mocks.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "order-vpc").inputs.policyArn,
      "arn:aws:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole",
    );
  });
});

describe("validateAwsOptions", () => {
  const cases: {
    title: string;
    a: Partial<CloudFunctionArgs>;
    o: AwsFunctionOptions;
    message: RegExp;
  }[] = [
    {
      title: "keep-warm with warm instances",
      a: { warmInstances: 3 },
      o: { keepWarm: true },
      message:
        /"aws\.keepWarm" is only for functions without warm instances, got warmInstances 3\./,
    },
    {
      title: "reserved concurrency below the autoscaling maximum",
      a: { warmInstances: 5 },
      o: { reservedConcurrency: 10, autoscaling: { maxInstances: 20 } },
      message: /"aws\.reservedConcurrency" must cover the provisioned concurrency \(20\), got 10\./,
    },
    {
      title: "autoscaling maximum below the warm instances",
      a: { warmInstances: 5 },
      o: { autoscaling: { maxInstances: 2 } },
      message: /"aws\.autoscaling\.maxInstances" must be at least warmInstances \(5\), got 2\./,
    },
    {
      title: "memory above the Lambda maximum",
      a: { memoryMb: 20000 },
      o: {},
      message: /"memoryMb" must be at most 10240 on Lambda, got 20000\./,
    },
  ];
  for (const c of cases) {
    it(`rejects ${c.title}`, () => {
      assert.throws(() => validateAwsOptions(args(c.a), c.o), c.message);
    });
  }

  it("accepts reserved concurrency that covers the autoscaling maximum", () => {
    assert.doesNotThrow(() =>
      validateAwsOptions(args({ warmInstances: 5 }), {
        reservedConcurrency: 20,
        autoscaling: { maxInstances: 20 },
      }),
    );
  });
});
