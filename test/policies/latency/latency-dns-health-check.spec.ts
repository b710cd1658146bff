import assert from "node:assert/strict";
import { latencyDnsHealthCheck } from "../../../policies/latency/latency-dns-health-check";
import { validateStack, withProp, type FixtureResource } from "../harness";

const check: FixtureResource = {
  type: "aws:route53/healthCheck:HealthCheck",
  name: "api-check",
  props: {
    type: "HTTPS",
    fqdn: "api-use1.trade.example.com",
    resourcePath: "/health",
    id: "hc-123",
  },
};
const record: FixtureResource = {
  type: "aws:route53/record:Record",
  name: "api-record",
  props: {
    name: "api",
    type: "A",
    ttl: 60,
    latencyRoutingPolicies: [{ region: "us-east-1" }],
    healthCheckId: "hc-123",
  },
  propertyDependencies: { healthCheckId: [check] },
};
const originGroup: FixtureResource = {
  type: "azure-native:cdn:AFDOriginGroup",
  name: "origins",
  props: {
    healthProbeSettings: {
      probePath: "/health",
      probeProtocol: "Https",
      probeIntervalInSeconds: 10,
    },
  },
};
const backend: FixtureResource = {
  type: "gcp:compute/backendService:BackendService",
  name: "backend",
  props: { outlierDetection: { consecutiveErrors: 5 } },
};
const compliant = [check, record, originGroup, backend];
const replace = (old: FixtureResource, next: FixtureResource) =>
  compliant.map((r) => (r === old ? next : r));

describe("latency-dns-health-check", () => {
  it("accepts checked records, probed origin groups and backends with outlier detection", async () => {
    assert.deepEqual(await validateStack(latencyDnsHealthCheck, compliant), []);
  });

  it("reports a latency record without a health check", async () => {
    const r = { ...withProp(record, "healthCheckId", undefined), propertyDependencies: {} };
    assert.deepEqual(await validateStack(latencyDnsHealthCheck, replace(record, r)), [
      "api-record: Route 53 record with latency routing must have a healthCheckId (or an alias that evaluates target health); found none.",
    ]);
  });

  it("reports a health check id that the stack does not define", async () => {
    const r = { ...withProp(record, "healthCheckId", "hc-999"), propertyDependencies: {} };
    assert.deepEqual(await validateStack(latencyDnsHealthCheck, replace(record, r)), [
      'api-record: Route 53 record with latency routing must use a health check defined in this stack; found healthCheckId "hc-999", which no route53.HealthCheck here has.',
    ]);
  });

  it("accepts an alias that evaluates target health", async () => {
    const alias = withProp(
      { ...withProp(record, "healthCheckId", undefined), propertyDependencies: {} },
      "aliases",
      [{ name: "lb.example.com", zoneId: "Z1", evaluateTargetHealth: true }],
    );
    assert.deepEqual(await validateStack(latencyDnsHealthCheck, [alias]), []);
  });

  it("reports an origin group without a probe", async () => {
    assert.deepEqual(
      await validateStack(
        latencyDnsHealthCheck,
        replace(originGroup, withProp(originGroup, "healthProbeSettings", undefined)),
      ),
      ["origins: Front Door origin group must set healthProbeSettings; found none."],
    );
  });

  it("reports a backend service with neither health checks nor outlier detection", async () => {
    assert.deepEqual(
      await validateStack(
        latencyDnsHealthCheck,
        replace(backend, withProp(backend, "outlierDetection", undefined)),
      ),
      [
        "backend: Backend service must have healthChecks or, for serverless backends, outlierDetection; found neither.",
      ],
    );
  });

  it("accepts a backend service with a health check", async () => {
    const r = withProp(
      withProp(backend, "outlierDetection", undefined),
      "healthChecks",
      "projects/p/global/healthChecks/hc",
    );
    assert.deepEqual(await validateStack(latencyDnsHealthCheck, replace(backend, r)), []);
  });
});
