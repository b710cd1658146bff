import assert from "node:assert/strict";
import { sameRegionDataAccess } from "../../../policies/latency/same-region-data-access";
import { provider, validateStack, withProp, type FixtureResource } from "../harness";

const critical = { "latency-class": "critical" };
const table: FixtureResource = {
  type: "aws:dynamodb/table:Table",
  name: "orders-table",
  props: { name: "orders", region: "us-east-1", replicas: [{ regionName: "eu-west-2" }] },
};
const lambda: FixtureResource = {
  type: "aws:lambda/function:Function",
  name: "order",
  props: {
    name: "order",
    region: "eu-west-2",
    tags: critical,
    environment: { variables: { TABLE: "orders" } },
  },
  propertyDependencies: { environment: [table] },
};
const cosmos: FixtureResource = {
  type: "azure-native:cosmosdb:DatabaseAccount",
  name: "scores",
  props: {
    accountName: "tachyon-scores",
    location: "westeurope",
    locations: [{ locationName: "West Europe" }, { locationName: "East US" }],
  },
};
const app: FixtureResource = {
  type: "azure-native:web:WebApp",
  name: "fraud-app",
  props: { kind: "functionapp,linux", location: "East US", tags: critical, siteConfig: {} },
  propertyDependencies: { siteConfig: [cosmos] },
};
const spanner: FixtureResource = {
  type: "gcp:spanner/instance:Instance",
  name: "positions",
  props: { name: "positions", config: "nam3" },
};
const run: FixtureResource = {
  type: "gcp:cloudrunv2/service:Service",
  name: "value-svc",
  props: { location: "us-east4", labels: critical, template: {} },
  propertyDependencies: { template: [spanner] },
};
const compliant = [table, lambda, cosmos, app, spanner, run];
const replace = (old: FixtureResource, next: FixtureResource) =>
  compliant.map((r) => (r === old ? next : r));
const check = (stack: FixtureResource[]) => validateStack(sameRegionDataAccess, stack);

describe("same-region-data-access", () => {
  it("accepts functions that read a replica in their own region", async () => {
    assert.deepEqual(await check(compliant), []);
  });

  it("reports a Lambda function reading a table with no replica in its region", async () => {
    assert.deepEqual(await check(replace(lambda, withProp(lambda, "region", "ap-northeast-1"))), [
      "order: Latency-critical function in aws:ap-northeast-1 must access DynamoDB table orders through a replica in its own region; found it only in aws:us-east-1, aws:eu-west-2.",
    ]);
  });

  it("takes the function's region from its provider", async () => {
    const r = {
      ...withProp(lambda, "region", undefined),
      provider: provider("pulumi:providers:aws", { region: "us-west-2" }),
    };
    assert.deepEqual(await check(replace(lambda, r)), [
      "order: Latency-critical function in aws:us-west-2 must access DynamoDB table orders through a replica in its own region; found it only in aws:us-east-1, aws:eu-west-2.",
    ]);
  });

  it("reports a function app far from every Cosmos DB location", async () => {
    assert.deepEqual(await check(replace(app, withProp(app, "location", "Japan East"))), [
      "fraud-app: Latency-critical function in azure:japaneast must access Cosmos DB account tachyon-scores through a replica in its own region; found it only in azure:westeurope, azure:eastus.",
    ]);
  });

  it("reports a Cloud Run service outside its Spanner configuration", async () => {
    assert.deepEqual(await check(replace(run, withProp(run, "location", "europe-west3"))), [
      "value-svc: Latency-critical function in gcp:europe-west3 must access Spanner instance positions through a replica in its own region; found it only in gcp:us-east4, gcp:us-east1.",
    ]);
  });

  it("does not count a Spanner witness region as a replica to read from", async () => {
    assert.deepEqual(await check(replace(run, withProp(run, "location", "us-central1"))), [
      "value-svc: Latency-critical function in gcp:us-central1 must access Spanner instance positions through a replica in its own region; found it only in gcp:us-east4, gcp:us-east1.",
    ]);
  });

  it("counts a Spanner database and the instance it lives in as one store", async () => {
    const database: FixtureResource = {
      type: "gcp:spanner/database:Database",
      name: "positions-db",
      props: { name: "positions", instance: "positions" },
      propertyDependencies: { instance: [spanner] },
    };
    const both = {
      ...withProp(run, "location", "europe-west3"),
      propertyDependencies: { template: [spanner, database] },
    };
    assert.deepEqual(await check([...replace(run, both), database]), [
      "value-svc: Latency-critical function in gcp:europe-west3 must access Spanner database positions through a replica in its own region; found it only in gcp:us-east4, gcp:us-east1.",
    ]);
  });

  it("finds a table through the policy of the function's role", async () => {
    const role: FixtureResource = { type: "aws:iam/role:Role", name: "order-role", props: {} };
    const policy: FixtureResource = {
      type: "aws:iam/rolePolicy:RolePolicy",
      name: "order-data",
      props: { role: "order-role", policy: "{}" },
      propertyDependencies: { role: [role], policy: [table] },
    };
    const fn = {
      ...withProp(lambda, "region", "ap-northeast-1"),
      propertyDependencies: { role: [role] },
    };
    assert.deepEqual(await check([table, role, policy, fn]), [
      "order: Latency-critical function in aws:ap-northeast-1 must access DynamoDB table orders through a replica in its own region; found it only in aws:us-east-1, aws:eu-west-2.",
    ]);
  });

  it("finds a table of another stack by its ARN in the environment", async () => {
    const fn = {
      ...withProp(lambda, "environment", {
        variables: { TABLE_ARN: "arn:aws:dynamodb:us-east-1:123456789012:table/orders" },
      }),
      propertyDependencies: {},
    };
    assert.deepEqual(await check([fn]), [
      "order: Latency-critical function in aws:eu-west-2 must access DynamoDB table orders through a replica in its own region; found it only in aws:us-east-1.",
    ]);
  });

  describe("a Cosmos DB account of another stack, by the regional endpoint in the app settings", () => {
    const appWith = (value: string, location = "West Europe"): FixtureResource => ({
      ...app,
      props: {
        ...app.props,
        location,
        siteConfig: { appSettings: [{ name: "TACHYON_IDEMPOTENCY_COSMOS_ENDPOINT", value }] },
      },
      propertyDependencies: {},
    });

    it("accepts the endpoint of the function's own region", async () => {
      const fn = appWith("https://tachyon-prod-orders-westeurope.documents.azure.com:443/");
      assert.deepEqual(await check([fn]), []);
    });

    it("reports the endpoint of another region", async () => {
      const fn = appWith("https://tachyon-prod-orders-eastus.documents.azure.com:443/");
      assert.deepEqual(await check([fn]), [
        "fraud-app: Latency-critical function in azure:westeurope must access Cosmos DB account tachyon-prod-orders through a replica in its own region; found it only in azure:eastus.",
      ]);
    });

    it("does not read an account's global endpoint as a region", async () => {
      // "orders" is no Azure region: this is the global endpoint of account tachyon-prod-orders.
      const fn = appWith("https://tachyon-prod-orders.documents.azure.com:443/", "Japan East");
      assert.deepEqual(await check([fn]), []);
    });
  });

  it("ignores functions that are not latency-critical", async () => {
    const plain = withProp(withProp(lambda, "region", "ap-northeast-1"), "tags", {});
    assert.deepEqual(await check(replace(lambda, plain)), []);
  });
});
