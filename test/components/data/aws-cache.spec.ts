import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { AUTH_TOKEN_LENGTH, AwsCache, newAuthToken } from "../../../components/data/aws-cache";
import type { Site } from "../../../model/types";
import { useAwsMocks, valueOf, type Recorder } from "../aws-mocks";

const EAST: Site = {
  id: "aws:us-east-1",
  cloud: "aws",
  region: "us-east-1",
  cidr: "10.10.0.0/16",
  venues: [],
  index: 0,
};
const LONDON: Site = { ...EAST, id: "aws:eu-west-2", region: "eu-west-2", index: 1 };

const RG = "aws:elasticache/replicationGroup:ReplicationGroup";
const GLOBAL = "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup";
const SECRET = "aws:secretsmanager/secret:Secret";
const VERSION = "aws:secretsmanager/secretVersion:SecretVersion";
const USER = "aws:elasticache/user:User";
const USER_GROUP = "aws:elasticache/userGroup:UserGroup";
const AUTH_SECRET_LONDON =
  "arn:aws:secretsmanager:eu-west-2:123456789012:secret:tachyon-prod-us-east-1-cache-auth-AbCdEf";

const base = {
  site: EAST,
  environment: "prod",
  dataClass: "confidential" as const,
  vpcId: "vpc-1",
  subnetIds: ["subnet-1", "subnet-2", "subnet-3"],
  clientSecurityGroupId: "sg-functions",
};

/** The signature key Pulumi's mock runtime wraps secret inputs in. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** A recorded input with Pulumi's secret wrapping removed, and whether it was wrapped. */
function unwrap(value: unknown): { value: unknown; secret: boolean } {
  if (typeof value === "object" && value !== null && SECRET_SIG in value && "value" in value) {
    return { value: value.value, secret: true };
  }
  return { value, secret: false };
}

/** The resolved client variables of a cache. */
async function variablesOf(cache: AwsCache): Promise<Record<string, string>> {
  return valueOf(pulumi.output(cache.clientVariables));
}

describe("AwsCache", () => {
  let mocks: Recorder;
  beforeEach(async () => {
    mocks = await useAwsMocks();
  });

  it("builds an encrypted Multi-AZ Valkey group in the private subnets behind IAM-authenticated RBAC", async () => {
    const cache = new AwsCache("cache", base);
    assert.equal(await valueOf(cache.endpoint), "tachyon-prod-us-east-1-cache.cache.amazonaws.com");
    await mocks.settle();
    const rg = mocks.one(RG, "cache-group").inputs;
    assert.deepEqual(
      [
        rg.engine,
        rg.engineVersion,
        rg.nodeType,
        rg.numCacheClusters,
        rg.automaticFailoverEnabled,
        rg.multiAzEnabled,
        rg.transitEncryptionEnabled,
        rg.atRestEncryptionEnabled,
        rg.authToken,
      ],
      ["valkey", "8.0", "cache.r7g.large", 2, true, true, true, true, undefined],
    );
    assert.deepEqual(rg.userGroupIds, ["tachyon-prod-us-east-1-cache-users"]);
    assert.deepEqual(rg.tags, { "data-class": "confidential" });
    const user = mocks.one(USER, "cache-user").inputs;
    assert.deepEqual(
      [user.userId, user.userName, user.authenticationMode],
      ["tachyon-prod-us-east-1-cache-fn", "tachyon-prod-us-east-1-cache-fn", { type: "iam" }],
    );
    const disabled = mocks.one(USER, "cache-default-user").inputs;
    assert.deepEqual([disabled.userName, disabled.accessString], ["default", "off -@all"]);
    const ingress = mocks.one("aws:ec2/securityGroup:SecurityGroup", "cache-sg").inputs
      .ingress as Record<string, unknown>[];
    assert.deepEqual(
      ingress.map((r) => [r.fromPort, r.securityGroups]),
      [[6379, ["sg-functions"]]],
    );
    assert.deepEqual([mocks.ofType(GLOBAL).length, mocks.ofType(SECRET).length], [0, 0]);
  });

  it("gives a site-local cache's clients the endpoint, the IAM user and the group the token is signed for", async () => {
    const cache = new AwsCache("cache", base);
    assert.deepEqual(await variablesOf(cache), {
      TACHYON_CACHE_ENDPOINT: "tachyon-prod-us-east-1-cache.cache.amazonaws.com",
      TACHYON_CACHE_USER: "tachyon-prod-us-east-1-cache-fn",
      TACHYON_CACHE_NAME: "tachyon-prod-us-east-1-cache",
    });
    assert.deepEqual(cache.connectStatement.actions, ["elasticache:Connect"]);
    assert.deepEqual(await valueOf(pulumi.output(cache.connectStatement.resources)), [
      "arn:aws:elasticache:us-east-1:123456789012:replicationgroup:tachyon-prod-us-east-1-cache",
      // The function user's ARN, as the mock runtime forms it from the logical name.
      "arn:aws:elasticache:us-east-1:123456789012:cache-user",
    ]);
  });

  it("starts a Global Datastore from the primary group, protected by an AUTH token kept in a secret replicated to the secondaries' regions", async () => {
    const cache = new AwsCache("cache", {
      ...base,
      global: {
        role: "primary",
        replicaRegions: ["eu-west-2", "ap-northeast-1"],
        authToken: "Tok3nTok3nTok3nTok3n",
      },
    });
    await mocks.settle();
    const rg = mocks.one(RG, "cache-group").inputs;
    assert.deepEqual(
      [
        rg.engine,
        rg.nodeType,
        rg.transitEncryptionEnabled,
        rg.atRestEncryptionEnabled,
        unwrap(rg.authToken),
        rg.userGroupIds,
      ],
      [
        "valkey",
        "cache.r7g.large",
        true,
        true,
        { value: "Tok3nTok3nTok3nTok3n", secret: true },
        undefined,
      ],
    );
    assert.deepEqual(mocks.one(GLOBAL, "cache-global").inputs, {
      region: "us-east-1",
      globalReplicationGroupIdSuffix: "tachyon-prod-us-east-1-cache",
      globalReplicationGroupDescription: "Cache shared from aws:us-east-1",
      primaryReplicationGroupId: "cache-group-id",
    });
    const secret = mocks.one(SECRET, "cache-auth").inputs;
    assert.deepEqual(
      [secret.region, secret.name, secret.replicas],
      [
        "us-east-1",
        "tachyon-prod-us-east-1-cache-auth",
        [{ region: "eu-west-2" }, { region: "ap-northeast-1" }],
      ],
    );
    const version = mocks.one(VERSION, "cache-auth-token").inputs;
    assert.deepEqual(
      [version.secretId, unwrap(version.secretString)],
      ["cache-auth-id", { value: "Tok3nTok3nTok3nTok3n", secret: true }],
    );
    assert.deepEqual([mocks.ofType(USER).length, mocks.ofType(USER_GROUP).length], [0, 0]);
    assert.equal(await pulumi.isSecret(pulumi.output(cache.clientVariables)), false);
  });

  it("lets a primary's clients read the AUTH token's secret and nothing else", async () => {
    const cache = new AwsCache("cache", {
      ...base,
      global: { role: "primary", replicaRegions: ["eu-west-2"], authToken: "Tok3nTok3nTok3nTok3n" },
    });
    const secretArn =
      "arn:aws:secretsmanager:us-east-1:123456789012:tachyon-prod-us-east-1-cache-auth";
    assert.deepEqual(await variablesOf(cache), {
      TACHYON_CACHE_ENDPOINT: "tachyon-prod-us-east-1-cache.cache.amazonaws.com",
      TACHYON_CACHE_AUTH_SECRET_ARN: secretArn,
    });
    assert.deepEqual(
      [
        cache.connectStatement.actions,
        await valueOf(pulumi.output(cache.connectStatement.resources)),
      ],
      [["secretsmanager:GetSecretValue"], [secretArn]],
    );
    const exported = await valueOf(pulumi.output(cache.outputs));
    assert.deepEqual(exported, {
      endpoint: "tachyon-prod-us-east-1-cache.cache.amazonaws.com",
      globalReplicationGroupId: "ldgnf-tachyon-prod-us-east-1-cache",
      authSecretArn: secretArn,
    });
  });

  it("generates the AUTH token only once: later runs keep the stored one", async () => {
    new AwsCache("cache", { ...base, global: { role: "primary", replicaRegions: ["eu-west-2"] } });
    await mocks.settle();
    const stored = unwrap(mocks.one(VERSION, "cache-auth-token").inputs.secretString);
    assert.equal(stored.secret, true);
    assert.match(String(stored.value), /^[A-Za-z0-9]{64}$/);
    // The group takes the token from the version's stored value, not from this run's draw.
    assert.deepEqual(unwrap(mocks.one(RG, "cache-group").inputs.authToken), stored);
  });

  it("joins a Global Datastore as a read-only secondary that inherits engine, node type, encryption and AUTH", async () => {
    const cache = new AwsCache("cache", {
      ...base,
      site: LONDON,
      global: {
        role: "secondary",
        globalReplicationGroupId: "ldgnf-tachyon-prod-us-east-1-cache",
        authSecretArn: AUTH_SECRET_LONDON,
      },
    });
    await mocks.settle();
    const rg = mocks.one(RG, "cache-group").inputs;
    assert.deepEqual(
      [
        rg.region,
        rg.globalReplicationGroupId,
        rg.engine,
        rg.engineVersion,
        rg.nodeType,
        rg.transitEncryptionEnabled,
        rg.atRestEncryptionEnabled,
        rg.authToken,
        rg.userGroupIds,
        rg.numCacheClusters,
      ],
      [
        "eu-west-2",
        "ldgnf-tachyon-prod-us-east-1-cache",
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        undefined,
        2,
      ],
    );
    assert.deepEqual(
      [mocks.ofType(GLOBAL).length, mocks.ofType(SECRET).length, mocks.ofType(USER).length],
      [0, 0, 0],
    );
    assert.deepEqual(await variablesOf(cache), {
      TACHYON_CACHE_ENDPOINT: "tachyon-prod-eu-west-2-cache.cache.amazonaws.com",
      TACHYON_CACHE_AUTH_SECRET_ARN: AUTH_SECRET_LONDON,
      TACHYON_CACHE_READ_ONLY: "true",
    });
    assert.deepEqual(await valueOf(pulumi.output(cache.connectStatement.resources)), [
      AUTH_SECRET_LONDON,
    ]);
    assert.deepEqual(await valueOf(pulumi.output(cache.outputs)), {
      endpoint: "tachyon-prod-eu-west-2-cache.cache.amazonaws.com",
    });
  });

  it("rejects a node type a Global Datastore does not take for a shared cache's primary", () => {
    for (const nodeType of ["cache.t4g.medium", "cache.r7g.medium", "cache.r4.large"]) {
      assert.throws(
        () =>
          new AwsCache("cache", {
            ...base,
            nodeType,
            global: { role: "primary", replicaRegions: ["eu-west-2"] },
          }),
        {
          message: `AwsCache "cache": "nodeType" must be a Global Datastore node type for a shared cache, got "${nodeType}". Use size large or above of M5, M6g, M7g, R5, R6g, R6gd, R7g or C7gn, e.g. "cache.r7g.large".`,
        },
      );
    }
  });

  it("takes large and larger M5-to-C7gn nodes for a shared cache, and any node for a local one", async () => {
    for (const nodeType of ["cache.m5.large", "cache.r6gd.xlarge", "cache.c7gn.16xlarge"]) {
      new AwsCache(`c-${nodeType.split(".")[1]}`, {
        ...base,
        nodeType,
        global: { role: "primary", replicaRegions: ["eu-west-2"] },
      });
    }
    new AwsCache("local", { ...base, nodeType: "cache.t4g.medium" });
    await mocks.settle();
    assert.deepEqual(Object.fromEntries(mocks.ofType(RG).map((r) => [r.name, r.inputs.nodeType])), {
      "c-m5-group": "cache.m5.large",
      "c-r6gd-group": "cache.r6gd.xlarge",
      "c-c7gn-group": "cache.c7gn.16xlarge",
      "local-group": "cache.t4g.medium",
    });
  });

  it("rejects a single node, which cannot fail over", () => {
    assert.throws(
      () => new AwsCache("cache", { ...base, nodes: 1 }),
      /^Error: AwsCache "cache": "nodes" must be 2-6 for Multi-AZ failover, got 1\. Use 2 or more\.$/,
    );
  });
});

describe("newAuthToken", () => {
  it("draws 64 letters and digits, which ElastiCache accepts as an AUTH token", () => {
    for (let i = 0; i < 50; i++) {
      assert.match(newAuthToken(), new RegExp(`^[A-Za-z0-9]{${AUTH_TOKEN_LENGTH}}$`));
    }
  });

  it("draws a different token each time", () => {
    const tokens = new Set(Array.from({ length: 200 }, newAuthToken));
    assert.equal(tokens.size, 200);
  });
});
