import assert from "node:assert/strict";
import { deployAwsSite } from "../../../components/deployment/aws";
import { deployAzureSite } from "../../../components/deployment/azure";
import { deployGcpSite } from "../../../components/deployment/gcp";
import type { Topology } from "../../../model/types";
import { useAwsMocks } from "../aws-mocks";
import { topology } from "../azure-gcp-fixtures";
import { useRecordingMocks } from "../azure-gcp-mocks";
import { siteContext as awsSiteContext } from "./aws-fixture";
import { AZURE_GLOBAL, GCP_GLOBAL, siteContext } from "./azure-gcp-context";

/** The Azure/GCP fixture topology with a venue at the European sites and none at the others. */
function withVenues(): Topology {
  const t = topology();
  const venues: Record<string, string[]> = {
    "azure:westeurope": ["EURONEXT", "LSE"],
    "gcp:europe-west3": ["EUREX"],
  };
  return { ...t, sites: t.sites.map((s) => ({ ...s, venues: venues[s.id] ?? [] })) };
}

describe("latency budget tags of the deployed functions", () => {
  it("tags every Lambda with its workload's budget and the site's first venue", async () => {
    const mocks = await useAwsMocks();
    deployAwsSite(awsSiteContext("aws:us-east-1", []));
    await mocks.settle();
    const tags = Object.fromEntries(
      mocks
        .ofType("aws:lambda/function:Function")
        .map((f) => [f.name, f.inputs.tags as Record<string, string>]),
    );
    assert.deepEqual(tags, {
      // The edge drain is not latency-critical: no warm capacity, no budget.
      "aws-edge-drain-function": { "tachyon-environment": "prod", "tachyon-site": "aws:us-east-1" },
      "aws-normalize-function": {
        "tachyon-environment": "prod",
        "tachyon-site": "aws:us-east-1",
        "latency-class": "critical",
        "latency-budget-ms": "15",
        venue: "NYSE",
      },
      "aws-order-function": {
        "tachyon-environment": "prod",
        "tachyon-site": "aws:us-east-1",
        "latency-class": "critical",
        "latency-budget-ms": "15",
        venue: "NYSE",
      },
    });
  });

  it("tags no venue on a Lambda at a site without venues", async () => {
    const mocks = await useAwsMocks();
    deployAwsSite(awsSiteContext("aws:ap-northeast-1", []));
    await mocks.settle();
    const fn = mocks.one("aws:lambda/function:Function", "aws-portfolio-value-function");
    assert.deepEqual(fn.inputs.tags, {
      "tachyon-environment": "prod",
      "tachyon-site": "aws:ap-northeast-1",
      "latency-class": "critical",
      "latency-budget-ms": "100",
    });
  });

  it("tags every Azure function app with its workload's budget and the site's first venue", async () => {
    const mocks = await useRecordingMocks();
    deployAzureSite(
      siteContext(
        withVenues(),
        "azure:westeurope",
        { azure: AZURE_GLOBAL, aws: { zoneId: "Z123" } },
        { "azure:eastus": { azure: { resourceGroupName: "g", vnetId: "v", vnetName: "n" } } },
      ),
    );
    await mocks.settle();
    const tags = Object.fromEntries(
      mocks
        .ofType("azure-native:web:WebApp")
        .map((a) => [
          a.name,
          [a.inputs.tags["latency-budget-ms"], a.inputs.tags.venue, a.inputs.tags["latency-class"]],
        ]),
    );
    assert.deepEqual(tags, {
      "azure-normalize-app": ["15", "EURONEXT", "critical"],
      "azure-order-app": ["15", "EURONEXT", "critical"],
      "azure-fraud-score-app": ["20", "EURONEXT", "critical"],
    });
  });

  it("labels every Cloud Run function with its budget and the venue in lowercase", async () => {
    const mocks = await useRecordingMocks();
    deployGcpSite(
      siteContext(withVenues(), "gcp:europe-west3", { gcp: GCP_GLOBAL, aws: { zoneId: "Z9" } }),
    );
    await mocks.settle();
    const labels = Object.fromEntries(
      mocks
        .ofType("gcp:cloudfunctionsv2/function:Function")
        .map((s) => [
          s.name,
          [
            s.inputs.labels["latency-budget-ms"],
            s.inputs.labels.venue,
            s.inputs.labels["latency-class"],
          ],
        ]),
    );
    assert.deepEqual(labels, {
      "gcp-normalize-function": ["15", "eurex", "critical"],
      "gcp-order-function": ["15", "eurex", "critical"],
      "gcp-fraud-score-function": ["20", "eurex", "critical"],
    });
  });
});

describe("the AWS site's cache wiring", () => {
  it("gives only the fraud function the cache's endpoint, user, replication group and Connect grant", async () => {
    const mocks = await useAwsMocks();
    deployAwsSite(awsSiteContext("aws:eu-west-2", []));
    await mocks.settle();
    const cacheVariables = Object.fromEntries(
      mocks.ofType("aws:lambda/function:Function").map((f) => {
        const vars = (f.inputs.environment as { variables: Record<string, string> }).variables;
        const cacheVars = Object.entries(vars).filter(([k]) => k.startsWith("TACHYON_CACHE_"));
        return [f.name, cacheVars.sort(([a], [b]) => a.localeCompare(b))];
      }),
    );
    assert.deepEqual(cacheVariables, {
      "aws-edge-drain-function": [],
      "aws-normalize-function": [],
      "aws-order-function": [],
      "aws-fraud-score-function": [
        ["TACHYON_CACHE_ENDPOINT", "tachyon-prod-eu-west-2-cache.cache.amazonaws.com"],
        ["TACHYON_CACHE_NAME", "tachyon-prod-eu-west-2-cache"],
        ["TACHYON_CACHE_USER", "tachyon-prod-eu-west-2-cache-fn"],
      ],
    });
    const connects = mocks.ofType("aws:iam/rolePolicy:RolePolicy").flatMap((p) => {
      const doc = JSON.parse(p.inputs.policy as string) as { Statement: { Sid: string }[] };
      return doc.Statement.filter((st) => st.Sid === "ConnectToCache").map(() => p.name);
    });
    assert.deepEqual(connects, ["aws-fraud-score-policy"]);
  });

  it("builds a cache only at sites that run a function reading it", async () => {
    const mocks = await useAwsMocks();
    deployAwsSite(awsSiteContext("aws:us-east-1", []));
    await mocks.settle();
    assert.deepEqual(mocks.ofType("aws:elasticache/replicationGroup:ReplicationGroup"), []);
    const withFraud = await useAwsMocks();
    deployAwsSite(awsSiteContext("aws:eu-west-2", []));
    await withFraud.settle();
    assert.deepEqual(
      withFraud.ofType("aws:elasticache/replicationGroup:ReplicationGroup").map((r) => r.name),
      ["aws-cache-group"],
    );
  });
});
