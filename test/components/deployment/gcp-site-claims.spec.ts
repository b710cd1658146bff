import assert from "node:assert/strict";
import { deployGcpSite } from "../../../components/deployment/gcp";
import { spannerSchemaDdl } from "../../../components/deployment/spanner-schema";
import type { Topology } from "../../../model/types";
import { useRecordingMocks, type Recorder } from "../azure-gcp-mocks";
import { topology } from "../azure-gcp-fixtures";
import { siteContext, GCP_GLOBAL } from "./azure-gcp-context";

const INSTANCE = "gcp:spanner/instance:Instance";
const DATABASE = "gcp:spanner/database:Database";
const GRANT = "gcp:spanner/databaseIAMMember:DatabaseIAMMember";
const FUNCTION = "gcp:cloudfunctionsv2/function:Function";

/** Deploys one GCP site of `t` under fresh recording mocks. */
async function site(t: Topology, id = "gcp:europe-west3"): Promise<Recorder> {
  const mocks = await useRecordingMocks();
  deployGcpSite(siteContext(t, id, { gcp: GCP_GLOBAL, aws: { zoneId: "Z9" } }));
  await mocks.settle();
  return mocks;
}

const envOf = (mocks: Recorder, fn: string): Record<string, unknown> =>
  mocks.one(FUNCTION, `gcp-${fn}-function`).inputs.serviceConfig.environmentVariables as Record<
    string,
    unknown
  >;

/** The fixture with trading on the GCP database "cards", which serves both GCP sites. */
const tradingOnCards = (): Topology => {
  const t = topology();
  return {
    ...t,
    workloads: t.workloads.map((w) => (w.kind === "trading" ? { ...w, database: "cards" } : w)),
  };
};

describe("GCP order claims in a site's own Spanner database", () => {
  // The fixture's trading database "orders" is on Azure: its GCP sites need a store of their own.
  let mocks: Recorder;
  before(async () => {
    mocks = await site(topology());
  });

  it("creates a regional Spanner instance at the least compute capacity the API accepts", () => {
    assert.deepEqual(mocks.one(INSTANCE, "gcp-claims-instance").inputs, {
      name: "tachyon-prod-europe-wes-278a94",
      displayName: "tachyon-prod-europe-wes-278a94",
      config: "regional-europe-west3",
      processingUnits: 100,
      edition: "ENTERPRISE",
      labels: { "data-class": "confidential", environment: "prod" },
    });
  });

  it("creates the claims database with the global databases' protection, retention and schema", () => {
    assert.deepEqual(mocks.one(DATABASE, "gcp-claims-db").inputs, {
      instance: "tachyon-prod-europe-wes-278a94",
      name: "claims",
      databaseDialect: "GOOGLE_STANDARD_SQL",
      versionRetentionPeriod: "7d",
      deletionProtection: true,
      enableDropProtection: true,
      ddls: spannerSchemaDdl(),
    });
    assert.deepEqual(spannerSchemaDdl().slice(0, 2), [
      "CREATE TABLE Claims (Id STRING(128) NOT NULL, State STRING(8) NOT NULL, Result STRING(MAX), ExpiresAt TIMESTAMP NOT NULL) PRIMARY KEY (Id), ROW DELETION POLICY (OLDER_THAN(ExpiresAt, INTERVAL 0 DAY))",
      "ALTER TABLE Claims ADD COLUMN Digest STRING(MAX)",
    ]);
  });

  it("names the site's claims database to order, and to no other function", () => {
    assert.deepEqual(envOf(mocks, "order"), {
      SPANNER_INSTANCE: "tachyon-prod-europe-wes-278a94",
      SPANNER_DATABASE: "claims",
      TACHYON_IDEMPOTENCY_SPANNER_DATABASE:
        "projects/tachyon-spec/instances/tachyon-prod-europe-wes-278a94/databases/claims",
    });
    assert.deepEqual(envOf(mocks, "normalize"), {
      TACHYON_SIGNAL_TOPIC: "projects/tachyon-spec/topics/tachyon-prod-europe-west3-signals",
    });
    assert.equal(envOf(mocks, "fraud-score").TACHYON_IDEMPOTENCY_SPANNER_DATABASE, undefined);
  });

  it("grants order's service account databaseUser on the claims database only", () => {
    const grants = mocks
      .ofType(GRANT)
      .map((g): unknown[] => [g.name, g.inputs.instance, g.inputs.database, g.inputs.role])
      .sort();
    assert.deepEqual(grants, [
      ["gcp-fraud-score-spanner", "tachyon-prod-cards", "cards", "roles/spanner.databaseUser"],
      [
        "gcp-order-spanner",
        "tachyon-prod-europe-wes-278a94",
        "claims",
        "roles/spanner.databaseUser",
      ],
    ]);
    assert.equal(
      mocks.one(GRANT, "gcp-order-spanner").inputs.member,
      "serviceAccount:tachyon-prod-order-euro-73e094@project.iam.gserviceaccount.com",
    );
  });

  it("gives each site an instance name of its own within Spanner's 30 characters", async () => {
    const other = await site(topology(), "gcp:us-east4");
    const name = other.one(INSTANCE, "gcp-claims-instance").inputs.name;
    assert.equal(name, "tachyon-prod-us-east4-claims");
    assert.equal(other.one(INSTANCE, "gcp-claims-instance").inputs.config, "regional-us-east4");
    assert.notEqual(name, mocks.one(INSTANCE, "gcp-claims-instance").inputs.name);
  });

  it("creates the store for a trading workload that has no database", async () => {
    const t = topology();
    const none = await site({
      ...t,
      workloads: t.workloads.map((w) => {
        if (w.kind !== "trading") return w;
        const { database: _unused, ...rest } = w;
        return rest;
      }),
    });
    assert.equal(none.one(DATABASE, "gcp-claims-db").inputs.name, "claims");
    assert.equal(
      envOf(none, "order").TACHYON_IDEMPOTENCY_SPANNER_DATABASE,
      "projects/tachyon-spec/instances/tachyon-prod-europe-wes-278a94/databases/claims",
    );
  });
});

describe("GCP sites whose claims the trading database already serves", () => {
  it("creates no Spanner instance and keeps order on the workload's database", async () => {
    const mocks = await site(tradingOnCards());
    assert.deepEqual(mocks.ofType(INSTANCE), []);
    assert.deepEqual(mocks.ofType(DATABASE), []);
    assert.equal(
      envOf(mocks, "order").TACHYON_IDEMPOTENCY_SPANNER_DATABASE,
      "projects/tachyon-spec/instances/tachyon-prod-cards/databases/cards",
    );
    assert.deepEqual(
      mocks
        .ofType(GRANT)
        .map((g): unknown[] => [g.name, g.inputs.database])
        .sort(),
      [
        ["gcp-fraud-score-spanner", "cards"],
        ["gcp-order-spanner", "cards"],
      ],
    );
  });

  it("creates no Spanner instance on a site that runs no trading", async () => {
    const t = topology();
    const mocks = await site({
      ...t,
      workloads: t.workloads.map((w) =>
        w.kind === "trading" ? { ...w, sites: w.sites.filter((s) => s !== "gcp:europe-west3") } : w,
      ),
    });
    assert.deepEqual(mocks.ofType(INSTANCE), []);
    assert.deepEqual(
      mocks.ofType(GRANT).map((g) => g.name),
      ["gcp-fraud-score-spanner"],
    );
  });
});
