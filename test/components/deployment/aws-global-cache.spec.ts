import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { deployAwsSite } from "../../../components/deployment/aws";
import {
  awsCacheRole,
  joinSharedCache,
  sharedCacheOf,
} from "../../../components/deployment/aws-cache-role";
import type { SiteContext } from "../../../components/deployment/context";
import type { Site, Topology } from "../../../model/types";
import { useAwsMocks, valueOf, type Recorder } from "../aws-mocks";
import { SpecParent } from "../recorder";
import { GLOBAL_OUTPUTS } from "./aws-fixture";

const site = (id: string, cidr: string, index: number): Site => {
  const [cloud, region] = id.split(":") as [Site["cloud"], string];
  return { id, cloud, region, cidr, venues: [], index };
};

/** Fraud on three AWS sites around an Azure one, sharing its cache; trading on one of them. */
const TOPOLOGY: Topology = {
  environment: "prod",
  sites: [
    site("aws:us-east-1", "10.10.0.0/16", 0),
    site("azure:westeurope", "10.30.0.0/16", 1),
    site("aws:eu-west-2", "10.20.0.0/16", 2),
    site("aws:ap-northeast-1", "10.40.0.0/16", 3),
  ],
  workloads: [
    {
      kind: "trading",
      sites: ["aws:us-east-1"],
      warmInstances: 1,
      latencyBudgetMs: 15,
      dataClass: "confidential",
    },
    {
      kind: "fraud",
      sites: ["aws:ap-northeast-1", "azure:westeurope", "aws:us-east-1", "aws:eu-west-2"],
      warmInstances: 1,
      latencyBudgetMs: 50,
      dataClass: "pii",
      globalCache: true,
    },
  ],
  databases: [],
  residency: {},
  dns: { domain: "trade.example.com" },
};

const PRIMARY_SECRET =
  "arn:aws:secretsmanager:us-east-1:123456789012:secret:tachyon-prod-us-east-1-cache-auth-AbCdEf";

/** The context of one site; the primary's stack exports its shared cache. */
function contextOf(id: string, asked: string[], topology = TOPOLOGY): SiteContext {
  const s = topology.sites.find((x) => x.id === id)!;
  return {
    topology,
    site: s,
    parent: new SpecParent(),
    global: (key) => pulumi.output(key === "aws" ? GLOBAL_OUTPUTS : {}),
    peer: (peerId, key) => {
      asked.push(`${peerId}/${key}`);
      const p = topology.sites.find((x) => x.id === peerId)!;
      return pulumi.output({
        region: p.region,
        vpcId: `vpc-${p.region}`,
        cidr: p.cidr,
        routeTableIds: [`rtb-${p.region}`],
        cache: {
          endpoint: `tachyon-prod-${p.region}-cache.cache.amazonaws.com`,
          globalReplicationGroupId: "ldgnf-tachyon-prod-us-east-1-cache",
          authSecretArn: PRIMARY_SECRET,
        },
      });
    },
  };
}

describe("the AWS sites' shared cache", () => {
  let mocks: Recorder;
  beforeEach(async () => {
    mocks = await useAwsMocks();
  });

  it("puts the primary in the workload's first AWS site in topology order and the secondaries after it", () => {
    const shared = sharedCacheOf(TOPOLOGY, TOPOLOGY.sites[2]);
    assert.deepEqual(
      [shared?.primary.id, shared?.secondaries.map((s) => s.id)],
      ["aws:us-east-1", ["aws:eu-west-2", "aws:ap-northeast-1"]],
    );
    assert.equal(sharedCacheOf(TOPOLOGY, TOPOLOGY.sites[1]), undefined);
  });

  it("keeps caches site-local when no workload sets globalCache", () => {
    const topology: Topology = {
      ...TOPOLOGY,
      workloads: TOPOLOGY.workloads.map(({ globalCache: _g, ...w }) => w),
    };
    assert.equal(sharedCacheOf(topology, topology.sites[0]), undefined);
    assert.equal(awsCacheRole(contextOf("aws:eu-west-2", [], topology)), undefined);
  });

  it("makes the primary site replicate the AUTH secret to every secondary's region, reading no other stack", () => {
    const asked: string[] = [];
    assert.deepEqual(awsCacheRole(contextOf("aws:us-east-1", asked)), {
      role: "primary",
      replicaRegions: ["eu-west-2", "ap-northeast-1"],
    });
    assert.deepEqual(asked, []);
  });

  it("joins a secondary to the primary stack's global group with the secret replica of its own region", async () => {
    const asked: string[] = [];
    const role = awsCacheRole(contextOf("aws:ap-northeast-1", asked));
    assert.ok(role?.role === "secondary");
    assert.deepEqual(
      [await valueOf(role.globalReplicationGroupId), await valueOf(role.authSecretArn)],
      [
        "ldgnf-tachyon-prod-us-east-1-cache",
        "arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:tachyon-prod-us-east-1-cache-auth-AbCdEf",
      ],
    );
    assert.deepEqual(asked, ["aws:us-east-1/aws"]);
  });

  it("refuses to join when the primary's stack exports no shared cache", () => {
    const [primary, , london] = TOPOLOGY.sites;
    assert.throws(
      () => joinSharedCache({ authSecretArn: PRIMARY_SECRET }, primary, london),
      /^Error: Stack of aws:us-east-1: output "aws\.cache\.globalReplicationGroupId" is missing, got \{"authSecretArn":"arn:aws:secretsmanager:us-east-1:123456789012:secret:tachyon-prod-us-east-1-cache-auth-AbCdEf"\}\. Deploy aws:us-east-1 with the workload's globalCache set before aws:eu-west-2\.$/,
    );
    assert.throws(
      () => joinSharedCache(undefined, primary, london),
      /^Error: Stack of aws:us-east-1: output "aws\.cache\.globalReplicationGroupId" is missing, got null\./,
    );
  });

  it("wires a secondary site's fraud function to its read-only replica, the AUTH secret and a Secrets Manager endpoint", async () => {
    const outputs = deployAwsSite(contextOf("aws:eu-west-2", []));
    await mocks.settle();
    const fn = mocks.one("aws:lambda/function:Function", "aws-fraud-score-function").inputs;
    const vars = (fn.environment as { variables: Record<string, string> }).variables;
    assert.deepEqual(
      Object.entries(vars)
        .filter(([k]) => k.startsWith("TACHYON_CACHE_"))
        .sort(([a], [b]) => a.localeCompare(b)),
      [
        [
          "TACHYON_CACHE_AUTH_SECRET_ARN",
          "arn:aws:secretsmanager:eu-west-2:123456789012:secret:tachyon-prod-us-east-1-cache-auth-AbCdEf",
        ],
        ["TACHYON_CACHE_ENDPOINT", "tachyon-prod-eu-west-2-cache.cache.amazonaws.com"],
        ["TACHYON_CACHE_READ_ONLY", "true"],
      ],
    );
    const rg = mocks.one(
      "aws:elasticache/replicationGroup:ReplicationGroup",
      "aws-cache-group",
    ).inputs;
    assert.deepEqual(
      [rg.region, rg.globalReplicationGroupId, rg.engine, rg.userGroupIds],
      ["eu-west-2", "ldgnf-tachyon-prod-us-east-1-cache", undefined, undefined],
    );
    const endpoints = mocks
      .ofType("aws:ec2/vpcEndpoint:VpcEndpoint")
      .map((e) => e.inputs.serviceName as string);
    assert.ok(endpoints.includes("com.amazonaws.eu-west-2.secretsmanager"), endpoints.join());
    assert.deepEqual(await valueOf(pulumi.output(outputs.cache)), {
      endpoint: "tachyon-prod-eu-west-2-cache.cache.amazonaws.com",
    });
  });

  it("exports the primary site's global group and AUTH secret for the secondaries to read", async () => {
    const outputs = deployAwsSite(contextOf("aws:us-east-1", []));
    const cache = await valueOf(pulumi.output(outputs.cache));
    assert.deepEqual(cache, {
      endpoint: "tachyon-prod-us-east-1-cache.cache.amazonaws.com",
      globalReplicationGroupId: "ldgnf-tachyon-prod-us-east-1-cache",
      authSecretArn:
        "arn:aws:secretsmanager:us-east-1:123456789012:tachyon-prod-us-east-1-cache-auth",
    });
    await mocks.settle();
    const secret = mocks.one("aws:secretsmanager/secret:Secret", "aws-cache-auth").inputs;
    assert.deepEqual(secret.replicas, [{ region: "eu-west-2" }, { region: "ap-northeast-1" }]);
  });
});
