import assert from "node:assert/strict";
import { AwsGlobalTable, tableRegions } from "../../../components/data/aws-global-table";
import type { Database } from "../../../model/types";
import { useAwsMocks, valueOf, type Recorder } from "../aws-mocks";

const ORDERS: Database = {
  name: "orders",
  cloud: "aws",
  sites: ["aws:us-east-1", "aws:eu-west-2", "aws:ap-northeast-1"],
  dataClass: "pii",
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

  it("is a regional table with one key under the given physical name when the database has one site", async () => {
    const table = new AwsGlobalTable("claims", {
      database: { ...ORDERS, name: "order-claims", sites: ["aws:eu-west-2"] },
      environment: "prod",
      tableName: "tachyon-prod-eu-west-2-order-claims",
      stream: false,
    });
    assert.equal(await valueOf(table.tableName), "tachyon-prod-eu-west-2-order-claims");
    assert.deepEqual(table.regions, ["eu-west-2"]);
    await mocks.settle();
    const inputs = mocks.one("aws:dynamodb/table:Table", "claims-table").inputs;
    assert.deepEqual(
      [
        inputs.region,
        inputs.name,
        inputs.streamEnabled,
        inputs.streamViewType,
        inputs.replicas,
        inputs.serverSideEncryption,
      ],
      [
        "eu-west-2",
        "tachyon-prod-eu-west-2-order-claims",
        false,
        undefined,
        [],
        {
          enabled: true,
          kmsKeyArn: "arn:aws:kms:eu-west-2:123456789012:key/claims-key-eu-west-2",
        },
      ],
    );
    assert.deepEqual(
      mocks.ofType("aws:kms/key:Key").map((k) => k.name),
      ["claims-key-eu-west-2"],
    );
  });

  it("rejects a table without a stream that would have replicas", () => {
    assert.throws(
      () => new AwsGlobalTable("orders", { database: ORDERS, environment: "prod", stream: false }),
      /^Error: databases\.orders\.sites: a table without a stream cannot have replicas, got aws:us-east-1, aws:eu-west-2, aws:ap-northeast-1\. Keep the stream on or list one site\.$/,
    );
  });

  it("rejects a database on another cloud", () => {
    assert.throws(
      () => tableRegions({ ...ORDERS, cloud: "azure", sites: ["azure:westeurope"] }),
      /^Error: databases\.orders\.sites: a DynamoDB global table lives on AWS only, got azure:westeurope\. Keep one cloud per database\.$/,
    );
  });
});
