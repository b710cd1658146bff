import assert from "node:assert/strict";
import { provisionedConcurrencyRequired } from "../../../policies/latency/provisioned-concurrency-required";
import { resourceArgs, validateStack, withProp, type FixtureResource } from "../harness";

const critical = { "latency-class": "critical" };
const fn: FixtureResource = {
  type: "aws:lambda/function:Function",
  name: "order",
  props: { name: "order", tags: critical },
};
const alias: FixtureResource = {
  type: "aws:lambda/alias:Alias",
  name: "order-live",
  props: { name: "live", functionName: "order", functionVersion: "3" },
  propertyDependencies: { functionName: [fn] },
};
const provisioned: FixtureResource = {
  type: "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig",
  name: "order-provisioned",
  props: { functionName: "order", qualifier: "live", provisionedConcurrentExecutions: 2 },
  propertyDependencies: { functionName: [fn], qualifier: [alias] },
};
const flex: FixtureResource = {
  type: "azure-native:web:WebApp",
  name: "fraud-app",
  props: {
    kind: "functionapp,linux",
    tags: critical,
    functionAppConfig: {
      scaleAndConcurrency: { alwaysReady: [{ name: "function:score", instanceCount: 2 }] },
    },
  },
};
const premium: FixtureResource = {
  type: "azure-native:web:WebApp",
  name: "fraud-premium",
  props: { kind: "functionapp", tags: critical, siteConfig: { preWarmedInstanceCount: 2 } },
};
const run: FixtureResource = {
  type: "gcp:cloudrunv2/service:Service",
  name: "value-svc",
  props: {
    labels: critical,
    template: { scaling: { minInstanceCount: 2 }, containers: [{ image: "i" }] },
  },
};
const gcf: FixtureResource = {
  type: "gcp:cloudfunctionsv2/function:Function",
  name: "value-fn",
  props: { labels: critical, serviceConfig: { minInstanceCount: 2 } },
};
const compliant = [fn, alias, provisioned, flex, premium, run, gcf];
const replace = (old: FixtureResource, next: FixtureResource) =>
  compliant.map((r) => (r === old ? next : r));
const check = (stack: FixtureResource[], config = { minimum: 2 }) =>
  validateStack(provisionedConcurrencyRequired, stack, config);

describe("provisioned-concurrency-required", () => {
  it("accepts warm capacity at the minimum on every platform", async () => {
    assert.deepEqual(await check(compliant), []);
  });

  it("reports a critical Lambda function without provisioned concurrency", async () => {
    assert.deepEqual(await check([fn, alias]), [
      "order: Latency-critical Lambda function must have provisioned concurrency of at least 2 on an alias or version; found none.",
    ]);
  });

  it("reports too little provisioned concurrency on the alias", async () => {
    assert.deepEqual(
      await check(
        replace(provisioned, withProp(provisioned, "provisionedConcurrentExecutions", 1)),
      ),
      [
        'order: Latency-critical Lambda function must have provisioned concurrency of at least 2 on an alias or version; found 1 on "live".',
      ],
    );
  });

  it("finds the function by name when there are no dependencies", async () => {
    const byName = { ...provisioned, propertyDependencies: {} };
    assert.deepEqual(await check(replace(provisioned, byName)), []);
  });

  it("reports a Flex Consumption app with too few always-ready instances", async () => {
    const r = withProp(flex, "functionAppConfig.scaleAndConcurrency.alwaysReady", [
      { name: "function:score", instanceCount: 1 },
    ]);
    assert.deepEqual(await check(replace(flex, r)), [
      "fraud-app: Latency-critical Flex Consumption function app must have at least 2 always-ready instances (functionAppConfig.scaleAndConcurrency.alwaysReady); found 1.",
    ]);
  });

  it("reports an Elastic Premium app without pre-warmed instances", async () => {
    assert.deepEqual(await check(replace(premium, withProp(premium, "siteConfig", {}))), [
      "fraud-premium: Latency-critical Elastic Premium function app must have at least 2 pre-warmed instances (siteConfig.preWarmedInstanceCount or minimumElasticInstanceCount); found 0.",
    ]);
  });

  it("reports a Cloud Run service scaling to zero", async () => {
    assert.deepEqual(await check(replace(run, withProp(run, "template.scaling", undefined))), [
      "value-svc: Latency-critical Cloud Run service must have at least 2 minimum instances (template.scaling.minInstanceCount or scaling.minInstanceCount); found 0.",
    ]);
  });

  it("reports a Cloud Function with too few minimum instances", async () => {
    assert.deepEqual(
      await check(replace(gcf, withProp(gcf, "serviceConfig.minInstanceCount", 1))),
      [
        "value-fn: Latency-critical Cloud Function must have at least 2 minimum instances (serviceConfig.minInstanceCount); found 1.",
      ],
    );
  });

  it("defaults the minimum to 1", async () => {
    assert.deepEqual(
      await validateStack(provisionedConcurrencyRequired, [
        withProp(gcf, "serviceConfig.minInstanceCount", 1),
      ]),
      [],
    );
  });

  describe("remediation", () => {
    const remediate = (r: FixtureResource) =>
      provisionedConcurrencyRequired.remediateResource?.(resourceArgs(r, { minimum: 3 })) as
        Record<string, unknown> | undefined;

    it("raises Cloud Run minimum instances to the minimum", () => {
      const props = remediate(withProp(run, "template.scaling", undefined));
      assert.deepEqual(JSON.parse(JSON.stringify(props)), {
        labels: critical,
        template: { scaling: { minInstanceCount: 3 }, containers: [{ image: "i" }] },
      });
    });

    it("raises Cloud Functions minimum instances", () => {
      assert.deepEqual(JSON.parse(JSON.stringify(remediate(gcf))), {
        labels: critical,
        serviceConfig: { minInstanceCount: 3 },
      });
    });

    it("raises every always-ready group of a Flex app", () => {
      assert.deepEqual(
        JSON.parse(JSON.stringify(remediate(flex))).functionAppConfig.scaleAndConcurrency
          .alwaysReady,
        [{ name: "function:score", instanceCount: 3 }],
      );
    });

    it("sets pre-warmed instances on an Elastic Premium app", () => {
      assert.deepEqual(JSON.parse(JSON.stringify(remediate(premium))).siteConfig, {
        preWarmedInstanceCount: 3,
      });
    });

    it("leaves functions that are not latency-critical alone", () => {
      assert.equal(remediate(withProp(gcf, "labels", {})), undefined);
    });

    it("leaves functions already at the minimum alone", () => {
      assert.equal(remediate(withProp(gcf, "serviceConfig.minInstanceCount", 5)), undefined);
    });
  });
});
