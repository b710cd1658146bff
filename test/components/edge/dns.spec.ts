import assert from "node:assert/strict";
import {
  cloudApiName,
  LatencyRecord,
  latencyRegionFor,
  latencyRegionHolders,
  setIdentifierOf,
} from "../../../components/edge/dns";
import { useAwsMocks, valueOf, type Recorder } from "../aws-mocks";

describe("latencyRegionFor", () => {
  const table: { site: { cloud: "aws" | "azure" | "gcp"; region: string }; expected: string }[] = [
    { site: { cloud: "aws", region: "eu-west-2" }, expected: "eu-west-2" },
    { site: { cloud: "azure", region: "germanywestcentral" }, expected: "eu-central-1" },
    { site: { cloud: "azure", region: "eastus" }, expected: "us-east-1" },
    { site: { cloud: "gcp", region: "asia-northeast1" }, expected: "ap-northeast-1" },
    { site: { cloud: "gcp", region: "europe-west2" }, expected: "eu-west-2" },
  ];
  for (const t of table) {
    it(`measures ${t.site.cloud}:${t.site.region} from ${t.expected}`, () => {
      assert.equal(latencyRegionFor(t.site), t.expected);
    });
  }

  it("rejects a region missing from the catalog", () => {
    assert.throws(
      () => latencyRegionFor({ cloud: "gcp", region: "mars-north1" }),
      /gcp region "mars-north1" is not in the region catalog/,
    );
  });
});

describe("latencyRegionHolders", () => {
  const site = (cloud: "aws" | "azure" | "gcp", region: string) => ({
    id: `${cloud}:${region}`,
    cloud,
    region,
  });

  it("gives every site its own region when no two share one", () => {
    const holders = latencyRegionHolders([
      site("aws", "us-east-1"),
      site("azure", "germanywestcentral"),
      site("gcp", "asia-northeast1"),
    ]);
    assert.deepEqual(Object.fromEntries(holders), {
      "aws:us-east-1": "us-east-1",
      "azure:germanywestcentral": "eu-central-1",
      "gcp:asia-northeast1": "ap-northeast-1",
    });
  });

  it("lets an AWS site hold its region before an earlier site of another cloud placed there", () => {
    const holders = latencyRegionHolders([site("gcp", "us-east4"), site("aws", "us-east-1")]);
    assert.deepEqual(Object.fromEntries(holders), { "aws:us-east-1": "us-east-1" });
  });

  it("gives a region to the first of two sites placed at it, in topology order", () => {
    const holders = latencyRegionHolders([
      site("gcp", "europe-west2"),
      site("azure", "uksouth"),
      site("azure", "germanywestcentral"),
    ]);
    assert.deepEqual(Object.fromEntries(holders), {
      "gcp:europe-west2": "eu-west-2",
      "azure:germanywestcentral": "eu-central-1",
    });
  });
});

describe("LatencyRecord", () => {
  let mocks: Recorder;
  beforeEach(async () => {
    mocks = await useAwsMocks();
  });

  it("routes by latency from the nearest AWS region with a health check and a 30 s TTL", async () => {
    const rec = new LatencyRecord("dns", {
      zoneId: "Z1",
      recordName: "api.trade.example.com",
      site: { id: "azure:germanywestcentral", cloud: "azure", region: "germanywestcentral" },
      target: "azure.api.trade.example.com",
      healthCheck: { kind: "https", fqdn: "azure.api.trade.example.com" },
    });
    assert.equal(rec.latencyRegion, "eu-central-1");
    assert.equal(await valueOf(rec.fqdn), "api.trade.example.com");
    await mocks.settle();
    const record = mocks.one("aws:route53/record:Record", "dns-record").inputs;
    assert.deepEqual(
      [
        record.type,
        record.ttl,
        record.records,
        record.setIdentifier,
        record.latencyRoutingPolicies,
        record.healthCheckId,
      ],
      [
        "CNAME",
        30,
        ["azure.api.trade.example.com"],
        "azure-germanywestcentral",
        [{ region: "eu-central-1" }],
        "dns-health-id",
      ],
    );
    const check = mocks.one("aws:route53/healthCheck:HealthCheck", "dns-health").inputs;
    assert.deepEqual(
      [check.type, check.fqdn, check.resourcePath, check.port],
      ["HTTPS", "azure.api.trade.example.com", "/health", 443],
    );
  });

  it("follows a CloudWatch alarm for a private endpoint", async () => {
    new LatencyRecord("dns", {
      zoneId: "Z1",
      recordName: "api.trade.example.com",
      site: { id: "aws:us-east-1", cloud: "aws", region: "us-east-1" },
      target: "a1234.awsglobalaccelerator.com",
      ttl: 60,
      healthCheck: { kind: "alarm", alarmName: "fn-errors", alarmRegion: "us-east-1" },
    });
    await mocks.settle();
    const check = mocks.one("aws:route53/healthCheck:HealthCheck", "dns-health").inputs;
    assert.deepEqual(
      [check.type, check.cloudwatchAlarmName, check.cloudwatchAlarmRegion],
      ["CLOUDWATCH_METRIC", "fn-errors", "us-east-1"],
    );
    assert.deepEqual(
      mocks.one("aws:route53/record:Record", "dns-record").inputs.latencyRoutingPolicies,
      [{ region: "us-east-1" }],
    );
  });

  it("rejects a TTL above 60 seconds", () => {
    assert.throws(
      () =>
        new LatencyRecord("dns", {
          zoneId: "Z1",
          recordName: "api.trade.example.com",
          site: { id: "aws:us-east-1", cloud: "aws", region: "us-east-1" },
          target: "x",
          ttl: 300,
          healthCheck: { kind: "https", fqdn: "x" },
        }),
      /"ttl" must be 1-60 seconds so clients leave a failed site quickly, got 300\. Lower it\./,
    );
  });

  it("rejects a health check that probes the shared name instead of the site's own", () => {
    assert.throws(
      () =>
        new LatencyRecord("dns", {
          zoneId: "Z1",
          recordName: "api.trade.example.com",
          site: { id: "gcp:asia-southeast1", cloud: "gcp", region: "asia-southeast1" },
          target: "gcp.api.trade.example.com",
          healthCheck: { kind: "https", fqdn: "API.trade.example.com." },
        }),
      {
        message:
          'LatencyRecord "dns": "healthCheck.fqdn" must name the site\'s own endpoint, got the shared name "API.trade.example.com.", which resolves to whichever site is nearest the checker. Probe the site\'s own name (e.g. "gcp.api.trade.example.com").',
      },
    );
  });

  it("is always a CNAME, so members of every cloud share one record type", async () => {
    new LatencyRecord("dns", {
      zoneId: "Z1",
      recordName: "api.trade.example.com",
      site: { id: "gcp:asia-southeast1", cloud: "gcp", region: "asia-southeast1" },
      target: "gcp.api.trade.example.com",
      healthCheck: { kind: "https", fqdn: "gcp.api.trade.example.com" },
    });
    await mocks.settle();
    const record = mocks.one("aws:route53/record:Record", "dns-record").inputs;
    assert.deepEqual(
      [record.type, record.records, record.latencyRoutingPolicies],
      ["CNAME", ["gcp.api.trade.example.com"], [{ region: "ap-southeast-1" }]],
    );
  });

  it("names each cloud's own entry under api", () => {
    assert.deepEqual(
      [cloudApiName("azure", "trade.example.com"), cloudApiName("gcp", "trade.example.com")],
      ["azure.api.trade.example.com", "gcp.api.trade.example.com"],
    );
  });

  it("derives the set identifier from the site id", () => {
    assert.equal(setIdentifierOf("gcp:asia-northeast1"), "gcp-asia-northeast1");
  });
});
