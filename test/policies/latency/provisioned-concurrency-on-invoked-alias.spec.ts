import assert from "node:assert/strict";
import { provisionedConcurrencyOnInvokedAlias } from "../../../policies/latency/provisioned-concurrency-on-invoked-alias";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { validateStack, withProp, type FixtureResource } from "../harness";

const fnArn = "arn:aws:lambda:us-east-1:123456789012:function:order";
const fn: FixtureResource = {
  type: "aws:lambda/function:Function",
  name: "order",
  props: { name: "order", arn: fnArn, tags: { "latency-class": "critical" } },
};
const alias: FixtureResource = {
  type: "aws:lambda/alias:Alias",
  name: "order-live",
  props: { name: "live", functionName: "order", functionVersion: "3", arn: `${fnArn}:live` },
  propertyDependencies: { functionName: [fn] },
};
const provisioned: FixtureResource = {
  type: "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig",
  name: "order-provisioned",
  props: { functionName: "order", qualifier: "live", provisionedConcurrentExecutions: 2 },
  propertyDependencies: { functionName: [fn], qualifier: [alias] },
};
const mapping: FixtureResource = {
  type: "aws:lambda/eventSourceMapping:EventSourceMapping",
  name: "ticks",
  props: {
    functionName: `${fnArn}:live`,
    eventSourceArn: "arn:aws:kinesis:us-east-1:1:stream/ticks",
  },
  propertyDependencies: { functionName: [alias] },
};
const permission: FixtureResource = {
  type: "aws:lambda/permission:Permission",
  name: "alb-invoke",
  props: {
    function: "order",
    qualifier: "live",
    principal: "elasticloadbalancing.amazonaws.com",
    action: "lambda:InvokeFunction",
  },
  propertyDependencies: { function: [fn], qualifier: [alias] },
};
const attachment: FixtureResource = {
  type: "aws:lb/targetGroupAttachment:TargetGroupAttachment",
  name: "alb-target",
  props: {
    targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/t/1",
    targetId: `${fnArn}:live`,
  },
  propertyDependencies: { targetId: [alias] },
};
const integration: FixtureResource = {
  type: "aws:apigateway/integration:Integration",
  name: "rest",
  props: {
    uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fnArn}:live/invocations`,
  },
};
const compliant = [fn, alias, provisioned, mapping, permission, attachment, integration];
const replace = (old: FixtureResource, next: FixtureResource) =>
  compliant.map((r) => (r === old ? next : r));
const check = (stack: FixtureResource[]) =>
  validateStack(provisionedConcurrencyOnInvokedAlias, stack);

describe("provisioned-concurrency-on-invoked-alias", () => {
  it("accepts triggers and targets that all invoke the provisioned alias", async () => {
    assert.deepEqual(await check(compliant), []);
  });

  it("reports an event source mapping on the unqualified function", async () => {
    const r = {
      ...withProp(mapping, "functionName", fnArn),
      propertyDependencies: { functionName: [fn] },
    };
    assert.deepEqual(await check(replace(mapping, r)), [
      'ticks: Event source mapping must invoke the provisioned "live" of function order; found the unqualified function ($LATEST).',
    ]);
  });

  it("reports a permission without a qualifier", async () => {
    const r = {
      ...withProp(permission, "qualifier", undefined),
      propertyDependencies: { function: [fn] },
    };
    assert.deepEqual(await check(replace(permission, r)), [
      'alb-invoke: Lambda permission must invoke the provisioned "live" of function order; found the unqualified function ($LATEST).',
    ]);
  });

  it("reports a target group attachment on another version", async () => {
    const r = { ...withProp(attachment, "targetId", `${fnArn}:2`), propertyDependencies: {} };
    assert.deepEqual(await check(replace(attachment, r)), [
      'alb-target: Target group attachment must invoke the provisioned "live" of function order; found qualifier "2".',
    ]);
  });

  it("reads the function from an API Gateway invocation URI", async () => {
    const r = withProp(
      integration,
      "uri",
      `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${fnArn}/invocations`,
    );
    assert.deepEqual(await check(replace(integration, r)), [
      'rest: API Gateway integration must invoke the provisioned "live" of function order; found the unqualified function ($LATEST).',
    ]);
  });

  it("reports an SNS subscription to the unqualified function", async () => {
    const subscription: FixtureResource = {
      type: "aws:sns/topicSubscription:TopicSubscription",
      name: "fills",
      props: { protocol: "lambda", endpoint: fnArn, topic: "arn:aws:sns:us-east-1:1:fills" },
    };
    assert.deepEqual(await check([...compliant, subscription]), [
      'fills: SNS subscription must invoke the provisioned "live" of function order; found the unqualified function ($LATEST).',
    ]);
  });

  it("reports a function URL on the unqualified function and accepts one on the alias", async () => {
    const url: FixtureResource = {
      type: "aws:lambda/functionUrl:FunctionUrl",
      name: "order-url",
      props: { functionName: "order", authorizationType: "AWS_IAM" },
      propertyDependencies: { functionName: [fn] },
    };
    assert.deepEqual(await check([...compliant, url]), [
      'order-url: Function URL must invoke the provisioned "live" of function order; found the unqualified function ($LATEST).',
    ]);
    const onAlias = {
      ...withProp(url, "qualifier", "live"),
      propertyDependencies: { functionName: [fn], qualifier: [alias] },
    };
    assert.deepEqual(await check([...compliant, onAlias]), []);
  });

  it("does not judge functions without provisioned concurrency", async () => {
    const r = {
      ...withProp(mapping, "functionName", fnArn),
      propertyDependencies: { functionName: [fn] },
    };
    assert.deepEqual(await check([fn, alias, r]), []);
  });

  it("does not guess when the qualifier is unknown during preview", async () => {
    const r = {
      ...withProp(mapping, "functionName", unknownValue),
      propertyDependencies: { functionName: [fn] },
    };
    assert.deepEqual(await check(replace(mapping, r)), []);
  });
});
