import assert from "node:assert/strict";
import { dnsRoutingSetConsistency } from "../../../policies/latency/dns-routing-set-consistency";
import { validateStack, withProp, type FixtureResource } from "../harness";

const zone: FixtureResource = {
  type: "aws:route53/zone:Zone",
  name: "zone",
  props: { name: "trade.example.com", zoneId: "Z1" },
};
const check = (name: string, fqdn: string): FixtureResource => ({
  type: "aws:route53/healthCheck:HealthCheck",
  name,
  props: { type: "HTTPS", fqdn, port: 443, resourcePath: "/health", id: `${name}-id` },
});
const member = (
  name: string,
  type: string,
  value: string,
  health: FixtureResource,
  region: string,
): FixtureResource => ({
  type: "aws:route53/record:Record",
  name,
  props: {
    zoneId: "Z1",
    name: "api.trade.example.com",
    type,
    ttl: 30,
    records: [value],
    setIdentifier: name,
    latencyRoutingPolicies: [{ region }],
    healthCheckId: `${health.name}-id`,
  },
  propertyDependencies: { zoneId: [zone], healthCheckId: [health] },
});

const azureCheck = check("azure-health", "azure.api.trade.example.com");
const gcpCheck = check("gcp-health", "gcp.api.trade.example.com");
const azure = member("azure", "CNAME", "azure.api.trade.example.com", azureCheck, "eu-central-1");
const gcp = member("gcp", "CNAME", "gcp.api.trade.example.com", gcpCheck, "ap-southeast-1");
const compliant = [zone, azureCheck, gcpCheck, azure, gcp];

describe("dns-routing-set-consistency", () => {
  it("accepts a latency set of CNAMEs whose checks probe each member's own name", async () => {
    assert.deepEqual(await validateStack(dnsRoutingSetConsistency, compliant), []);
  });

  it("reports every member of a set that mixes an A record with CNAMEs", async () => {
    const a = withProp(withProp(gcp, "type", "A"), "records", ["203.0.113.10"]);
    assert.deepEqual(
      await validateStack(dnsRoutingSetConsistency, [zone, azureCheck, gcpCheck, azure, a]),
      [
        'azure: Route 53 record "api.trade.example.com" with latency routing must have one type across its set, and a CNAME no other; found CNAME here and A on other members.',
        'gcp: Route 53 record "api.trade.example.com" with latency routing must have one type across its set, and a CNAME no other; found A here and CNAME on other members.',
      ],
    );
  });

  it("reports every member that shares its latency region with another member of its type", async () => {
    const east4 = withProp(gcp, "latencyRoutingPolicies", [{ region: "eu-central-1" }]);
    assert.deepEqual(
      await validateStack(dnsRoutingSetConsistency, [zone, azureCheck, gcpCheck, azure, east4]),
      [
        'azure: Route 53 record "api.trade.example.com" with latency routing must be the only CNAME record of its set in region eu-central-1; found gcp in eu-central-1 too. Route 53 takes one latency record per region: keep one, or give the others their own regions.',
        'gcp: Route 53 record "api.trade.example.com" with latency routing must be the only CNAME record of its set in region eu-central-1; found azure in eu-central-1 too. Route 53 takes one latency record per region: keep one, or give the others their own regions.',
      ],
    );
  });

  it("accepts A and AAAA members under one name, a dual-stack pair", async () => {
    const v4 = withProp(withProp(azure, "type", "A"), "records", ["203.0.113.10"]);
    const v6 = withProp(withProp(gcp, "type", "AAAA"), "records", ["2001:db8::10"]);
    assert.deepEqual(
      await validateStack(dnsRoutingSetConsistency, [zone, azureCheck, gcpCheck, v4, v6]),
      [],
    );
  });

  it("groups a name relative to its zone with the fully qualified one", async () => {
    const relative = withProp(withProp(gcp, "name", "api"), "type", "A");
    const messages = await validateStack(dnsRoutingSetConsistency, [
      zone,
      azureCheck,
      gcpCheck,
      azure,
      withProp(relative, "records", ["203.0.113.10"]),
    ]);
    assert.deepEqual(
      messages.map((m) => m.slice(0, m.indexOf(":"))),
      ["azure", "gcp"],
    );
  });

  it("keeps sets of different routing policies apart", async () => {
    const weighted = withProp(
      withProp(withProp(gcp, "latencyRoutingPolicies", undefined), "weightedRoutingPolicies", [
        { weight: 10 },
      ]),
      "type",
      "A",
    );
    assert.deepEqual(
      await validateStack(dnsRoutingSetConsistency, [zone, azureCheck, gcpCheck, azure, weighted]),
      [],
    );
  });

  it("reports a member whose health check probes the shared name", async () => {
    const shared = check("gcp-health", "API.trade.example.com.");
    const g = { ...gcp, propertyDependencies: { zoneId: [zone], healthCheckId: [shared] } };
    assert.deepEqual(
      await validateStack(dnsRoutingSetConsistency, [zone, azureCheck, shared, azure, g]),
      [
        'gcp: Route 53 record "api.trade.example.com" with latency routing must have a health check that probes its own endpoint; found one that probes the shared name "API.trade.example.com." with no ipAddress, which answers with whichever member is nearest the checker.',
      ],
    );
  });

  it("finds the health check by id when no dependency links it", async () => {
    const shared = check("gcp-health", "api.trade.example.com");
    const g = { ...gcp, propertyDependencies: { zoneId: [zone] } };
    assert.deepEqual(
      await validateStack(dnsRoutingSetConsistency, [zone, azureCheck, shared, azure, g]),
      [
        'gcp: Route 53 record "api.trade.example.com" with latency routing must have a health check that probes its own endpoint; found one that probes the shared name "api.trade.example.com" with no ipAddress, which answers with whichever member is nearest the checker.',
      ],
    );
  });

  it("accepts a check of the shared name that pins the member's IP address", async () => {
    const pinned = withProp(
      check("gcp-health", "api.trade.example.com"),
      "ipAddress",
      "203.0.113.10",
    );
    const g = { ...gcp, propertyDependencies: { zoneId: [zone], healthCheckId: [pinned] } };
    assert.deepEqual(
      await validateStack(dnsRoutingSetConsistency, [zone, azureCheck, pinned, azure, g]),
      [],
    );
  });

  it("accepts a CloudWatch-alarm check, which resolves no name", async () => {
    const alarm: FixtureResource = {
      type: "aws:route53/healthCheck:HealthCheck",
      name: "gcp-health",
      props: { type: "CLOUDWATCH_METRIC", cloudwatchAlarmName: "errors", id: "gcp-health-id" },
    };
    const g = { ...gcp, propertyDependencies: { zoneId: [zone], healthCheckId: [alarm] } };
    assert.deepEqual(
      await validateStack(dnsRoutingSetConsistency, [zone, azureCheck, alarm, azure, g]),
      [],
    );
  });
});
