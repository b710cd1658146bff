import assert from "node:assert/strict";
import {
  durationHours,
  pointInTimeRecovery,
} from "../../../policies/baseline/point-in-time-recovery";
import { validate, withProp, type FixtureResource } from "../harness";

const fixtures: Record<string, FixtureResource> = {
  dynamodb: {
    type: "aws:dynamodb/table:Table",
    props: {
      pointInTimeRecovery: { enabled: true },
      replicas: [{ regionName: "eu-west-2", pointInTimeRecovery: true }],
    },
  },
  cosmos: {
    type: "azure-native:cosmosdb:DatabaseAccount",
    props: { backupPolicy: { type: "Continuous" } },
  },
  spanner: { type: "gcp:spanner/database:Database", props: { versionRetentionPeriod: "1d" } },
};

describe("point-in-time-recovery", () => {
  for (const [kind, r] of Object.entries(fixtures)) {
    it(`accepts a ${kind} database with point-in-time recovery`, async () => {
      assert.deepEqual(await validate(pointInTimeRecovery, r), []);
    });
  }

  it("reports a DynamoDB table without PITR", async () => {
    assert.deepEqual(
      await validate(
        pointInTimeRecovery,
        withProp(fixtures.dynamodb, "pointInTimeRecovery", undefined),
      ),
      ["DynamoDB table must set pointInTimeRecovery.enabled to true; found unset."],
    );
  });

  it("reports a DynamoDB replica without PITR", async () => {
    const r = withProp(fixtures.dynamodb, "replicas", [
      { regionName: "eu-west-2", pointInTimeRecovery: false },
    ]);
    assert.deepEqual(await validate(pointInTimeRecovery, r), [
      "DynamoDB replica must set pointInTimeRecovery to true; found it off in eu-west-2.",
    ]);
  });

  it("reports a Cosmos DB account on periodic backup", async () => {
    assert.deepEqual(
      await validate(
        pointInTimeRecovery,
        withProp(fixtures.cosmos, "backupPolicy", { type: "Periodic" }),
      ),
      ['Cosmos DB account must set backupPolicy.type to "Continuous"; found "Periodic".'],
    );
  });

  it("reports a Spanner database on the default retention", async () => {
    assert.deepEqual(
      await validate(
        pointInTimeRecovery,
        withProp(fixtures.spanner, "versionRetentionPeriod", undefined),
      ),
      ["Spanner database must keep versionRetentionPeriod of at least 24h; found the default 1h."],
    );
  });

  it("uses the configured Spanner minimum", async () => {
    const r = withProp(fixtures.spanner, "versionRetentionPeriod", "90m");
    assert.deepEqual(await validate(pointInTimeRecovery, r, { minSpannerRetentionHours: 1 }), []);
    assert.deepEqual(await validate(pointInTimeRecovery, r, { minSpannerRetentionHours: 2 }), [
      'Spanner database must keep versionRetentionPeriod of at least 2h; found "90m".',
    ]);
  });

  it("reads Spanner durations in each unit", () => {
    assert.deepEqual(["3600s", "90m", "1h", "7d", "1w"].map(durationHours), [
      1,
      1.5,
      1,
      168,
      undefined,
    ]);
  });
});

describe("point-in-time-recovery on other Cosmos DB tokens", () => {
  it("judges the azure-native v1 documentdb account like cosmosdb", async () => {
    const r = { type: "azure-native:documentdb:DatabaseAccount", props: {} };
    assert.deepEqual(await validate(pointInTimeRecovery, r), [
      'Cosmos DB account must set backupPolicy.type to "Continuous"; found the default periodic backup.',
    ]);
    const ok = withProp(r, "backupPolicy", { type: "Continuous" });
    assert.deepEqual(await validate(pointInTimeRecovery, ok), []);
  });

  it("judges the classic provider's backup block", async () => {
    const r = { type: "azure:cosmosdb/account:Account", props: { backup: { type: "Periodic" } } };
    assert.deepEqual(await validate(pointInTimeRecovery, r), [
      'Cosmos DB account must set backup.type to "Continuous"; found "Periodic".',
    ]);
    const ok = withProp(r, "backup", { type: "Continuous" });
    assert.deepEqual(await validate(pointInTimeRecovery, ok), []);
  });
});
