import assert from "node:assert/strict";
import { replicaResidency } from "../../../policies/residency/replica-residency";
import { validate, withProp, type FixtureResource } from "../harness";

const config = { jurisdictions: { pii: ["EU", "GB"] } };

const dynamo: FixtureResource = {
  type: "aws:dynamodb/table:Table",
  props: {
    tags: { "data-class": "pii" },
    replicas: [{ regionName: "eu-west-1" }, { regionName: "eu-west-2" }],
  },
};
const cosmos: FixtureResource = {
  type: "azure-native:cosmosdb:DatabaseAccount",
  props: {
    tags: { "data-class": "pii" },
    locations: [{ locationName: "West Europe" }, { locationName: "northeurope" }],
  },
};
const spanner: FixtureResource = {
  type: "gcp:spanner/instance:Instance",
  props: { labels: { "data-class": "pii" }, config: "eur3" },
};

describe("replica-residency", () => {
  for (const r of [dynamo, cosmos, spanner]) {
    it(`accepts a ${r.type} whose replicas are all allowed`, async () => {
      assert.deepEqual(await validate(replicaResidency, r, config), []);
    });
  }

  it("reports a DynamoDB replica outside the allowed jurisdictions", async () => {
    const r = withProp(dynamo, "replicas", [
      { regionName: "eu-west-1" },
      { regionName: "us-east-1" },
    ]);
    assert.deepEqual(await validate(replicaResidency, r, config), [
      'DynamoDB replica of a database with data-class "pii" must live in [EU, GB]; found us-east-1 (US).',
    ]);
  });

  it("normalises Cosmos DB display names", async () => {
    const r = withProp(cosmos, "locations", [
      { locationName: "West Europe" },
      { locationName: "East US 2" },
    ]);
    assert.deepEqual(await validate(replicaResidency, r, config), [
      'Cosmos DB location of a database with data-class "pii" must live in [EU, GB]; found eastus2 (US).',
    ]);
  });

  it("expands a Spanner multi-region configuration into its regions", async () => {
    assert.deepEqual(
      await validate(replicaResidency, withProp(spanner, "config", "eur6"), config),
      [
        'Spanner replica of a database with data-class "pii" must live in [EU, GB]; found europe-west6 (CH).',
      ],
    );
  });

  it("reads a regional Spanner configuration from its full path", async () => {
    const r = withProp(spanner, "config", "projects/p/instanceConfigs/regional-us-east4");
    assert.deepEqual(await validate(replicaResidency, r, config), [
      'Spanner replica of a database with data-class "pii" must live in [EU, GB]; found us-east4 (US).',
    ]);
  });

  it("reports a Spanner configuration it cannot place", async () => {
    assert.deepEqual(
      await validate(replicaResidency, withProp(spanner, "config", "eur99"), config),
      [
        'Spanner instance with data-class "pii" must use an instance configuration whose regions are known; found "eur99", which neither the built-in list nor the "spannerConfigs" config places.',
      ],
    );
  });

  it("accepts Spanner configurations given in config", async () => {
    const extra = { ...config, spannerConfigs: { eur99: ["europe-west1"] } };
    assert.deepEqual(
      await validate(replicaResidency, withProp(spanner, "config", "eur99"), extra),
      [],
    );
  });
});
