import assert from "node:assert/strict";
import { AwsCache } from "../../../components/data/aws-cache";
import { AwsGlobalTable, tableRegions } from "../../../components/data/aws-global-table";
import type { Database, Site } from "../../../model/types";
import { useAwsMocks, valueOf, type Recorder } from "../aws-mocks";

const ORDERS: Database = {
  name: "orders",
  cloud: "aws",
  sites: ["aws:us-east-1", "aws:eu-west-2", "aws:ap-northeast-1"],
  dataClass: "pii",
};
const EAST: Site = {
  id: "aws:us-east-1",
  cloud: "aws",
  region: "us-east-1",
  cidr: "10.10.0.0/16",
  venues: [],
  index: 0,
};

describe("AwsGlobalTable", () => {
  let mocks: Recorder;
  beforeEach(async () => {
    mocks = await useAwsMocks();
  });

  it("global table has a replica in every other database site, each with its own key, PITR and deletion protection", async () => {
    const table = new AwsGlobalTable("orders", { database: ORDERS, environment: "prod" });
    assert.equal(await valueOf(table.tableName), "tachyon-prod-orders");
    await mocks.settle();
    const inputs = mocks.one("aws:dynamodb/table:Table", "orders-table").inputs;
    assert.equal(inputs.region, "us-east-1");
    assert.deepEqual(inputs.replicas, [
      {
        regionName: "eu-west-2",
        kmsKeyArn: "arn:aws:kms:eu-west-2:123456789012:key/orders-key-eu-west-2",
        pointInTimeRecovery: true,
        deletionProtectionEnabled: true,
        propagateTags: true,
      },
      {
        regionName: "ap-northeast-1",
        kmsKeyArn: "arn:aws:kms:ap-northeast-1:123456789012:key/orders-key-ap-northeast-1",
        pointInTimeRecovery: true,
        deletionProtectionEnabled: true,
        propagateTags: true,
      },
    ]);
    assert.deepEqual(inputs.serverSideEncryption, {
      enabled: true,
      kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/orders-key-us-east-1",
    });
    assert.equal(inputs.streamEnabled, true);
    assert.equal(inputs.streamViewType, "NEW_AND_OLD_IMAGES");
    assert.equal(inputs.billingMode, "PAY_PER_REQUEST");
    assert.deepEqual(inputs.pointInTimeRecovery, { enabled: true });
    assert.equal(inputs.deletionProtectionEnabled, true);
    assert.deepEqual(inputs.tags, { "data-class": "pii" });
    assert.deepEqual(
      [inputs.hashKey, inputs.rangeKey, inputs.attributes],
      ["pk", undefined, [{ name: "pk", type: "S" }]],
    );
    const keys = mocks
      .ofType("aws:kms/key:Key")
      .map((k) => [k.inputs.region, k.inputs.enableKeyRotation]);
    assert.deepEqual(keys, [
      ["us-east-1", true],
      ["eu-west-2", true],
      ["ap-northeast-1", true],
    ]);
    assert.equal(mocks.ofType("aws:dynamodb/tableReplica:TableReplica").length, 0);
  });

  it("uses provisioned capacity and the AWS-managed key when asked", async () => {
    new AwsGlobalTable("orders", {
      database: ORDERS,
      environment: "prod",
      billing: { mode: "PROVISIONED", readCapacity: 50, writeCapacity: 20 },
      encryption: "aws-managed",
    });
    await mocks.settle();
    const inputs = mocks.one("aws:dynamodb/table:Table", "orders-table").inputs;
    assert.deepEqual(
      [inputs.billingMode, inputs.readCapacity, inputs.writeCapacity],
      ["PROVISIONED", 50, 20],
    );
    assert.deepEqual(inputs.serverSideEncryption, { enabled: true });
    assert.equal(mocks.ofType("aws:kms/key:Key").length, 0);
  });

  it("rejects a database on another cloud", () => {
    assert.throws(
      () => tableRegions({ ...ORDERS, cloud: "azure", sites: ["azure:westeurope"] }),
      /^Error: databases\.orders\.sites: a DynamoDB global table lives on AWS only, got azure:westeurope\. Keep one cloud per database\.$/,
    );
  });
});

describe("AwsCache", () => {
  let mocks: Recorder;
  beforeEach(async () => {
    mocks = await useAwsMocks();
  });

  const base = {
    site: EAST,
    environment: "prod",
    dataClass: "confidential" as const,
    vpcId: "vpc-1",
    subnetIds: ["subnet-1", "subnet-2", "subnet-3"],
    clientSecurityGroupId: "sg-functions",
  };

  it("builds an encrypted Multi-AZ Valkey group in the private subnets behind IAM-authenticated RBAC", async () => {
    const cache = new AwsCache("cache", base);
    assert.equal(await valueOf(cache.endpoint), "tachyon-prod-us-east-1-cache.cache.amazonaws.com");
    await mocks.settle();
    const rg = mocks.one("aws:elasticache/replicationGroup:ReplicationGroup", "cache-group").inputs;
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
      ],
      ["valkey", "8.0", "cache.r7g.large", 2, true, true, true, true],
    );
    assert.deepEqual(rg.userGroupIds, ["tachyon-prod-us-east-1-cache-users"]);
    assert.deepEqual(rg.tags, { "data-class": "confidential" });
    assert.deepEqual(
      mocks.one("aws:elasticache/subnetGroup:SubnetGroup", "cache-subnets").inputs.subnetIds,
      ["subnet-1", "subnet-2", "subnet-3"],
    );
    const user = mocks.one("aws:elasticache/user:User", "cache-user").inputs;
    assert.deepEqual(
      [user.userId, user.userName, user.authenticationMode],
      ["tachyon-prod-us-east-1-cache-fn", "tachyon-prod-us-east-1-cache-fn", { type: "iam" }],
    );
    const disabled = mocks.one("aws:elasticache/user:User", "cache-default-user").inputs;
    assert.deepEqual([disabled.userName, disabled.accessString], ["default", "off -@all"]);
    const ingress = mocks.one("aws:ec2/securityGroup:SecurityGroup", "cache-sg").inputs
      .ingress as Record<string, unknown>[];
    assert.deepEqual(
      ingress.map((r) => [r.fromPort, r.securityGroups]),
      [[6379, ["sg-functions"]]],
    );
    assert.equal(
      mocks.ofType("aws:elasticache/globalReplicationGroup:GlobalReplicationGroup").length,
      0,
    );
  });

  it("starts a Global Datastore from the primary site's group", async () => {
    new AwsCache("cache", { ...base, global: "primary" });
    await mocks.settle();
    const global = mocks.one(
      "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup",
      "cache-global",
    ).inputs;
    assert.equal(global.primaryReplicationGroupId, "cache-group-id");
  });

  it("joins a Global Datastore as a secondary, inheriting engine and node type", async () => {
    new AwsCache("cache", { ...base, global: { secondaryOf: "ldgnf-tachyon-prod-cache" } });
    await mocks.settle();
    const rg = mocks.one("aws:elasticache/replicationGroup:ReplicationGroup", "cache-group").inputs;
    assert.equal(rg.globalReplicationGroupId, "ldgnf-tachyon-prod-cache");
    assert.deepEqual([rg.engine, rg.nodeType, rg.engineVersion], [undefined, undefined, undefined]);
  });

  it("rejects a single node, which cannot fail over", () => {
    assert.throws(
      () => new AwsCache("cache", { ...base, nodes: 1 }),
      /"nodes" must be 2-6 for Multi-AZ failover, got 1\. Use 2 or more\./,
    );
  });
});
