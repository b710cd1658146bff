import assert from "node:assert/strict";
import { deletionProtection } from "../../../policies/baseline/deletion-protection";
import { validateStack, withProp, type FixtureResource } from "../harness";

const table: FixtureResource = {
  type: "aws:dynamodb/table:Table",
  name: "orders",
  props: {
    deletionProtectionEnabled: true,
    replicas: [{ regionName: "eu-west-2", deletionProtectionEnabled: true }],
  },
};
const spanner: FixtureResource = {
  type: "gcp:spanner/database:Database",
  name: "positions",
  props: { enableDropProtection: true, deletionProtection: true },
};
const cosmos: FixtureResource = {
  type: "azure-native:cosmosdb:DatabaseAccount",
  name: "scores",
  props: { accountName: "tachyon-prod-scores", resourceGroupName: "rg-data" },
};
const lock: FixtureResource = {
  type: "azure-native:authorization:ManagementLockAtResourceLevel",
  name: "scores-lock",
  props: {
    level: "CanNotDelete",
    resourceGroupName: "rg-data",
    resourceProviderNamespace: "Microsoft.DocumentDB",
    resourceType: "databaseAccounts",
    parentResourcePath: "",
    resourceName: "tachyon-prod-scores",
  },
};

describe("deletion-protection", () => {
  it("accepts protected DynamoDB, Spanner and locked Cosmos DB", async () => {
    assert.deepEqual(await validateStack(deletionProtection, [table, spanner, cosmos, lock]), []);
  });

  it("reports a DynamoDB table without deletion protection", async () => {
    assert.deepEqual(
      await validateStack(deletionProtection, [
        withProp(table, "deletionProtectionEnabled", false),
      ]),
      ["orders: DynamoDB table must set deletionProtectionEnabled to true; found it off."],
    );
  });

  it("reports a replica with deletion protection switched off", async () => {
    const r = withProp(table, "replicas", [
      { regionName: "eu-west-2", deletionProtectionEnabled: false },
    ]);
    assert.deepEqual(await validateStack(deletionProtection, [r]), [
      "orders: DynamoDB replica must keep deletionProtectionEnabled; found it false in eu-west-2.",
    ]);
  });

  it("reports a Spanner database without drop protection", async () => {
    assert.deepEqual(
      await validateStack(deletionProtection, [
        withProp(spanner, "enableDropProtection", undefined),
      ]),
      ["positions: Spanner database must set enableDropProtection to true; found it off."],
    );
  });

  it("reports a Spanner database with the provider's protection switched off", async () => {
    assert.deepEqual(
      await validateStack(deletionProtection, [withProp(spanner, "deletionProtection", false)]),
      ["positions: Spanner database must keep deletionProtection; found it false."],
    );
  });

  it("reports a Cosmos DB account without a lock", async () => {
    assert.deepEqual(await validateStack(deletionProtection, [cosmos]), [
      "scores: Cosmos DB account must have a CanNotDelete management lock; found none on the account or its resource group.",
    ]);
  });

  it("does not count a lock on another account", async () => {
    assert.deepEqual(
      await validateStack(deletionProtection, [cosmos, withProp(lock, "resourceName", "other")]),
      [
        "scores: Cosmos DB account must have a CanNotDelete management lock; found none on the account or its resource group.",
      ],
    );
  });

  it("accepts a lock on the account's resource group", async () => {
    const groupLock: FixtureResource = {
      type: "azure-native:authorization:ManagementLockAtResourceGroupLevel",
      props: { level: "CanNotDelete", resourceGroupName: "rg-data" },
    };
    assert.deepEqual(await validateStack(deletionProtection, [cosmos, groupLock]), []);
  });
});

describe("deletion-protection on other Cosmos DB tokens", () => {
  const classic: FixtureResource = {
    type: "azure:cosmosdb/account:Account",
    name: "quotes",
    props: { name: "quotes-db", resourceGroupName: "rg-q" },
  };
  const missing =
    "quotes: Cosmos DB account must have a CanNotDelete management lock; found none on the account or its resource group.";

  it("wants a lock on a classic account, and takes a classic lock scoped to it", async () => {
    assert.deepEqual(await validateStack(deletionProtection, [classic]), [missing]);
    const classicLock: FixtureResource = {
      type: "azure:management/lock:Lock",
      name: "quotes-lock",
      props: {
        lockLevel: "CanNotDelete",
        scope:
          "/subscriptions/s/resourceGroups/rg-q/providers/Microsoft.DocumentDB/databaseAccounts/quotes-db",
      },
    };
    assert.deepEqual(await validateStack(deletionProtection, [classic, classicLock]), []);
  });

  it("wants a lock on a documentdb account", async () => {
    const v1 = { ...cosmos, type: "azure-native:documentdb:DatabaseAccount" };
    assert.deepEqual(await validateStack(deletionProtection, [v1]), [
      "scores: Cosmos DB account must have a CanNotDelete management lock; found none on the account or its resource group.",
    ]);
    assert.deepEqual(await validateStack(deletionProtection, [v1, lock]), []);
  });
});
