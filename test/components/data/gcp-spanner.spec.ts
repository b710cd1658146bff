import assert from "node:assert/strict";
import { GcpSpannerDatabase, validateSpannerArgs } from "../../../components/data/gcp-spanner";
import { spannerClaimsDdl } from "../../../functions/lib/idempotency-spanner";
import { spannerConfigFor } from "../../../model/spanner-configs";
import { useRecordingMocks } from "../azure-gcp-mocks";

describe("spannerConfigFor", () => {
  const cases: [string, string[], string][] = [
    [
      "picks nam-eur-asia1 for sites on three continents",
      ["us-east4", "europe-west3", "asia-northeast1"],
      "nam-eur-asia1",
    ],
    [
      "picks nam-eur-asia1 for sites on two continents",
      ["us-east4", "europe-west3"],
      "nam-eur-asia1",
    ],
    ["picks nam3 for Virginia and South Carolina", ["us-east4", "us-east1"], "nam3"],
    ["prefers the first listed configuration on a tie", ["us-east4", "us-central1"], "nam3"],
    ["picks nam6 for the west coast", ["us-west1", "us-west2"], "nam6"],
    ["picks eur6 for Frankfurt and the Netherlands", ["europe-west3", "europe-west4"], "eur6"],
    ["picks eur5 for London and Belgium", ["europe-west2", "europe-west1"], "eur5"],
    ["picks asia1 for Tokyo and Osaka", ["asia-northeast1", "asia-northeast2"], "asia1"],
    ["picks a regional configuration for one site", ["europe-west3"], "regional-europe-west3"],
    ["counts a repeated region once", ["us-east4", "us-east4"], "regional-us-east4"],
    [
      "falls back to nam-eur-asia1 where a continent has none",
      ["australia-southeast1", "australia-southeast2"],
      "nam-eur-asia1",
    ],
  ];
  for (const [title, regions, config] of cases) {
    it(title, () => assert.equal(spannerConfigFor(regions), config));
  }
  it("rejects a database without sites", () => {
    assert.throws(
      () => spannerConfigFor([]),
      /regions: a Spanner database needs at least one site, got \[\]/,
    );
  });
});

describe("validateSpannerArgs", () => {
  it("reports every problem at once", () => {
    assert.deepEqual(
      validateSpannerArgs({
        instanceName: "Bad",
        databaseName: "9db",
        regions: ["us-east4"],
        dataClass: "pii",
        processingUnits: 150,
        versionRetentionPeriod: "30d",
      }),
      [
        "processingUnits: must be a multiple of 100 below 1000 or of 1000 above, got 150. Use e.g. 100, 500, 1000 or 2000.",
        'instanceName: must be 6-30 lowercase letters, digits or hyphens starting with a letter, got "Bad". Use gcpName("spanner", ...).',
        'databaseName: must be 2-30 lowercase letters, digits, "_" or "-" starting with a letter, got "9db". Rename the database.',
        'versionRetentionPeriod: Spanner keeps versions for 1h to 7d, got "30d". Use e.g. "7d".',
      ],
    );
  });
});

describe("GcpSpannerDatabase", () => {
  it("creates an Enterprise Plus multi-region instance and a protected database with PITR", async () => {
    const mocks = await useRecordingMocks();
    new GcpSpannerDatabase("cards", {
      instanceName: "tachyon-prod-cards",
      databaseName: "cards",
      regions: ["us-east4", "europe-west3", "asia-northeast1"],
      dataClass: "pii",
      processingUnits: 2000,
      kmsKeyName: "projects/p/locations/nam-eur-asia1/keyRings/r/cryptoKeys/k",
    });
    await mocks.settle();
    const instance = mocks.one("gcp:spanner/instance:Instance", "cards-instance");
    assert.equal(instance.inputs.config, "nam-eur-asia1");
    assert.equal(instance.inputs.edition, "ENTERPRISE_PLUS");
    assert.equal(instance.inputs.processingUnits, 2000);
    assert.deepEqual(instance.inputs.labels, { "data-class": "pii" });
    const db = mocks.one("gcp:spanner/database:Database", "cards-db");
    assert.equal(db.inputs.versionRetentionPeriod, "7d");
    assert.equal(db.inputs.deletionProtection, true);
    assert.equal(db.inputs.enableDropProtection, true);
    assert.deepEqual(db.inputs.encryptionConfig, {
      kmsKeyName: "projects/p/locations/nam-eur-asia1/keyRings/r/cryptoKeys/k",
    });
  });

  it("creates the database with the given DDL statements", async () => {
    const mocks = await useRecordingMocks();
    new GcpSpannerDatabase("orders", {
      instanceName: "tachyon-prod-orders",
      databaseName: "orders",
      regions: ["europe-west3"],
      dataClass: "confidential",
      ddls: [spannerClaimsDdl("OrderClaims")],
    });
    await mocks.settle();
    const db = mocks.one("gcp:spanner/database:Database", "orders-db");
    assert.deepEqual(db.inputs.ddls, [
      "CREATE TABLE OrderClaims (Id STRING(128) NOT NULL, State STRING(8) NOT NULL, Result STRING(MAX), ExpiresAt TIMESTAMP NOT NULL) PRIMARY KEY (Id), ROW DELETION POLICY (OLDER_THAN(ExpiresAt, INTERVAL 0 DAY))",
    ]);
    assert.equal(
      mocks.one("gcp:spanner/instance:Instance", "orders-instance").inputs.edition,
      "ENTERPRISE",
    );
  });
});
