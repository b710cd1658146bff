import assert from "node:assert/strict";
import { dnsTtlLimit } from "../../../policies/latency/dns-ttl-limit";
import { validate, withProp, type FixtureResource } from "../harness";

const record: FixtureResource = {
  type: "aws:route53/record:Record",
  props: {
    name: "api.trade.example.com",
    type: "A",
    ttl: 60,
    records: ["10.0.0.1"],
    setIdentifier: "us-east-1",
    latencyRoutingPolicies: [{ region: "us-east-1" }],
  },
};

describe("dns-ttl-limit", () => {
  it("accepts a latency record with a 60 s TTL", async () => {
    assert.deepEqual(await validate(dnsTtlLimit, record), []);
  });

  it("reports a latency record with a long TTL", async () => {
    assert.deepEqual(await validate(dnsTtlLimit, withProp(record, "ttl", 300)), [
      "Route 53 record with latency routing must have a ttl of at most 60 s; found 300 s.",
    ]);
  });

  it("reports failover records too", async () => {
    const r = withProp(
      withProp(record, "latencyRoutingPolicies", undefined),
      "failoverRoutingPolicies",
      [{ type: "PRIMARY" }],
    );
    assert.deepEqual(await validate(dnsTtlLimit, withProp(r, "ttl", 120)), [
      "Route 53 record with failover routing must have a ttl of at most 60 s; found 120 s.",
    ]);
  });

  it("uses the configured maximum", async () => {
    assert.deepEqual(await validate(dnsTtlLimit, record, { maxTtlSeconds: 30 }), [
      "Route 53 record with latency routing must have a ttl of at most 30 s; found 60 s.",
    ]);
  });

  it("ignores simple records", async () => {
    const simple = withProp(withProp(record, "latencyRoutingPolicies", undefined), "ttl", 3600);
    assert.deepEqual(await validate(dnsTtlLimit, simple), []);
  });
});
