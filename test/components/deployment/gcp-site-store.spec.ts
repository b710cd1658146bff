import assert from "node:assert/strict";
import { deployGcpSite } from "../../../components/deployment/gcp";
import { siteStoreWorkloads } from "../../../components/deployment/site-stores";
import { spannerSchemaDdl } from "../../../components/deployment/spanner-schema";
import type { Topology, Workload } from "../../../model/types";
import { useRecordingMocks, type Recorder } from "../azure-gcp-mocks";
import { topology } from "../azure-gcp-fixtures";
import { siteContext, GCP_GLOBAL } from "./azure-gcp-context";

const INSTANCE = "gcp:spanner/instance:Instance";
const DATABASE = "gcp:spanner/database:Database";
const GRANT = "gcp:spanner/databaseIAMMember:DatabaseIAMMember";
const FUNCTION = "gcp:cloudfunctionsv2/function:Function";
const USER = "roles/spanner.databaseUser";

/** The store's instance at europe-west3 of env "prod": `tachyon-prod-europe-west3-site`, 30 characters. */
const STORE = "tachyon-prod-europe-west3-site";
const STORE_PATH = `projects/tachyon-spec/instances/${STORE}/databases/site`;
const CARDS_PATH = "projects/tachyon-global/instances/tachyon-prod-cards/databases/cards";

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

/** Every Spanner grant as [resource name, instance, database, role], sorted. */
const grantsOf = (mocks: Recorder): unknown[][] =>
  mocks
    .ofType(GRANT)
    .map((g): unknown[] => [g.name, g.inputs.instance, g.inputs.database, g.inputs.role])
    .sort();

/** The settings naming a Spanner database to a function, `variable` holding the full name. */
// The site's store is in the site's project (the mocks' provider project), a global database in
// the global stack's.
const spannerEnv = (variable: string, instance: string, database: string) => ({
  SPANNER_INSTANCE: instance,
  SPANNER_DATABASE: database,
  [variable]: `projects/${database === "site" ? "tachyon-spec" : "tachyon-global"}/instances/${instance}/databases/${database}`,
});

const PORTFOLIO: Workload = {
  kind: "portfolio",
  sites: ["gcp:europe-west3"],
  warmInstances: 1,
  latencyBudgetMs: 500,
  dataClass: "internal",
  database: "orders",
};

/** The fixture with each workload's database replaced by `databases[kind]` (`null`: none). */
function withDatabases(
  databases: Partial<Record<Workload["kind"], string | null>>,
  extra: Workload[] = [],
): Topology {
  const t = topology();
  return {
    ...t,
    workloads: [...t.workloads, ...extra].map((w) => {
      const db = databases[w.kind];
      if (db === undefined) return w;
      const { database: _unused, ...rest } = w;
      return db === null ? rest : { ...rest, database: db };
    }),
  };
}

describe("GCP site store for order claims only", () => {
  // The fixture's trading database "orders" is on Azure; fraud's "cards" serves the site.
  let mocks: Recorder;
  before(async () => {
    mocks = await site(topology());
  });

  it("creates a regional Spanner instance at the least compute capacity the API accepts", () => {
    assert.deepEqual(mocks.one(INSTANCE, "gcp-site-store-instance").inputs, {
      name: STORE,
      displayName: STORE,
      config: "regional-europe-west3",
      processingUnits: 100,
      edition: "ENTERPRISE",
      // Trading is confidential, but its claims stand in for its pii database's records.
      labels: { "data-class": "pii", environment: "prod" },
    });
  });

  it("creates the site database with the global databases' protection, retention and schema", () => {
    assert.deepEqual(mocks.one(DATABASE, "gcp-site-store-db").inputs, {
      instance: STORE,
      name: "site",
      databaseDialect: "GOOGLE_STANDARD_SQL",
      versionRetentionPeriod: "7d",
      deletionProtection: true,
      enableDropProtection: true,
      ddls: spannerSchemaDdl(),
    });
  });

  it("names the site database to order only, fraud-score keeping its own database", () => {
    assert.deepEqual(
      envOf(mocks, "order"),
      spannerEnv("TACHYON_IDEMPOTENCY_SPANNER_DATABASE", STORE, "site"),
    );
    assert.deepEqual(envOf(mocks, "normalize"), {
      TACHYON_SIGNAL_TOPIC: "projects/tachyon-spec/topics/tachyon-prod-europe-west3-signals",
    });
    assert.equal(envOf(mocks, "fraud-score").TACHYON_STATE_SPANNER_DATABASE, CARDS_PATH);
    assert.equal(envOf(mocks, "fraud-score").TACHYON_IDEMPOTENCY_SPANNER_DATABASE, undefined);
  });

  it("grants order's service account databaseUser on the site database only", () => {
    assert.deepEqual(grantsOf(mocks), [
      ["gcp-fraud-score-spanner", "tachyon-prod-cards", "cards", USER],
      ["gcp-order-spanner", STORE, "site", USER],
    ]);
    assert.equal(
      mocks.one(GRANT, "gcp-order-spanner").inputs.member,
      "serviceAccount:tachyon-prod-order-euro-73e094@project.iam.gserviceaccount.com",
    );
  });

  it("gives each site an instance name of its own within Spanner's 30 characters", async () => {
    const other = await site(topology(), "gcp:us-east4");
    assert.equal(
      other.one(INSTANCE, "gcp-site-store-instance").inputs.name,
      "tachyon-prod-us-east4-site",
    );
    assert.equal(other.one(INSTANCE, "gcp-site-store-instance").inputs.config, "regional-us-east4");
    const staging = await site({ ...topology(), environment: "staging" });
    // "tachyon-staging-europe-west3-site" is 33 characters: cut to 30 with the first six hex
    // digits of its SHA-256, so that sites whose cut names agree never collide.
    assert.equal(
      staging.one(INSTANCE, "gcp-site-store-instance").inputs.name,
      "tachyon-staging-europe-85f9d9",
    );
  });

  it("creates the store for a trading workload that has no database", async () => {
    const none = await site(withDatabases({ trading: null }));
    assert.equal(none.one(DATABASE, "gcp-site-store-db").inputs.name, "site");
    assert.equal(envOf(none, "order").TACHYON_IDEMPOTENCY_SPANNER_DATABASE, STORE_PATH);
  });
});

describe("GCP site store for portfolio and fraud state only", () => {
  // Trading and portfolio on "cards", which serves the site; fraud on Azure's "orders".
  let mocks: Recorder;
  before(async () => {
    mocks = await site(
      withDatabases({ trading: "cards", fraud: "orders" }, [{ ...PORTFOLIO, database: "cards" }]),
    );
  });

  it("labels the store with fraud's data class, the only workload using it", () => {
    assert.deepEqual(mocks.one(INSTANCE, "gcp-site-store-instance").inputs.labels, {
      "data-class": "pii",
      environment: "prod",
    });
    assert.equal(mocks.one(DATABASE, "gcp-site-store-db").inputs.name, "site");
  });

  it("names the site database to fraud-score as its state database, and nothing else to it", () => {
    assert.deepEqual(
      envOf(mocks, "fraud-score"),
      spannerEnv("TACHYON_STATE_SPANNER_DATABASE", STORE, "site"),
    );
    assert.deepEqual(
      envOf(mocks, "portfolio-value"),
      spannerEnv("TACHYON_STATE_SPANNER_DATABASE", "tachyon-prod-cards", "cards"),
    );
    assert.deepEqual(
      envOf(mocks, "order"),
      spannerEnv("TACHYON_IDEMPOTENCY_SPANNER_DATABASE", "tachyon-prod-cards", "cards"),
    );
  });

  it("grants fraud-score databaseUser on the site database, the others on theirs", () => {
    assert.deepEqual(grantsOf(mocks), [
      ["gcp-fraud-score-spanner", STORE, "site", USER],
      ["gcp-order-spanner", "tachyon-prod-cards", "cards", USER],
      ["gcp-portfolio-value-spanner", "tachyon-prod-cards", "cards", USER],
    ]);
  });
});

describe("GCP site store for claims and state together", () => {
  // Trading, fraud and portfolio all on Azure's "orders": one store holds all three.
  let mocks: Recorder;
  before(async () => {
    mocks = await site(withDatabases({ fraud: "orders" }, [PORTFOLIO]));
  });

  it("creates one instance and one database, labelled with the strictest class of the three", () => {
    // trading confidential, fraud pii, portfolio internal.
    assert.equal(mocks.ofType(INSTANCE).length, 1);
    assert.deepEqual(
      mocks.ofType(DATABASE).map((d): unknown[] => [d.name, d.inputs.instance, d.inputs.name]),
      [["gcp-site-store-db", STORE, "site"]],
    );
    assert.deepEqual(mocks.one(INSTANCE, "gcp-site-store-instance").inputs.labels, {
      "data-class": "pii",
      environment: "prod",
    });
  });

  it("names the site database to each Spanner client with its own variable", () => {
    assert.deepEqual(
      envOf(mocks, "order"),
      spannerEnv("TACHYON_IDEMPOTENCY_SPANNER_DATABASE", STORE, "site"),
    );
    assert.deepEqual(
      envOf(mocks, "fraud-score"),
      spannerEnv("TACHYON_STATE_SPANNER_DATABASE", STORE, "site"),
    );
    assert.deepEqual(
      envOf(mocks, "portfolio-value"),
      spannerEnv("TACHYON_STATE_SPANNER_DATABASE", STORE, "site"),
    );
    assert.deepEqual(envOf(mocks, "normalize"), {
      TACHYON_SIGNAL_TOPIC: "projects/tachyon-spec/topics/tachyon-prod-europe-west3-signals",
    });
  });

  it("grants databaseUser on the site database to the three clients, and no grant to normalize", () => {
    assert.deepEqual(grantsOf(mocks), [
      ["gcp-fraud-score-spanner", STORE, "site", USER],
      ["gcp-order-spanner", STORE, "site", USER],
      ["gcp-portfolio-value-spanner", STORE, "site", USER],
    ]);
  });
});

describe("GCP sites that need no store of their own", () => {
  it("creates none where every workload's database serves the site", async () => {
    const mocks = await site(
      withDatabases({ trading: "cards" }, [{ ...PORTFOLIO, database: "cards" }]),
    );
    assert.deepEqual(mocks.ofType(INSTANCE), []);
    assert.deepEqual(mocks.ofType(DATABASE), []);
    assert.deepEqual(grantsOf(mocks), [
      ["gcp-fraud-score-spanner", "tachyon-prod-cards", "cards", USER],
      ["gcp-order-spanner", "tachyon-prod-cards", "cards", USER],
      ["gcp-portfolio-value-spanner", "tachyon-prod-cards", "cards", USER],
    ]);
  });

  it("creates none for a portfolio or fraud workload without a database: its state stays in memory", async () => {
    const mocks = await site(
      withDatabases({ trading: "cards", fraud: null, portfolio: null }, [PORTFOLIO]),
    );
    assert.deepEqual(mocks.ofType(INSTANCE), []);
    assert.deepEqual(envOf(mocks, "fraud-score"), {});
    assert.deepEqual(envOf(mocks, "portfolio-value"), {});
    assert.deepEqual(grantsOf(mocks), [["gcp-order-spanner", "tachyon-prod-cards", "cards", USER]]);
  });

  it("gives a site the store for its own workloads only, and none without them", async () => {
    // fraud and portfolio name Azure's "orders" but run at europe-west3 only, not at us-east4.
    const t = withDatabases({ fraud: "orders" }, [PORTFOLIO]);
    const east = t.sites[3];
    assert.deepEqual(siteStoreWorkloads(t, east), ["trading"]);
    const mocks = await site(t, east.id);
    // Trading's database is pii: the store holds the claims in its place.
    assert.equal(mocks.one(INSTANCE, "gcp-site-store-instance").inputs.labels["data-class"], "pii");
    const noTrading: Topology = {
      ...t,
      workloads: t.workloads.filter((w) => w.kind !== "trading"),
    };
    assert.deepEqual(siteStoreWorkloads(noTrading, east), []);
    assert.deepEqual((await site(noTrading, east.id)).ofType(INSTANCE), []);
  });
});

describe("siteStoreWorkloads", () => {
  it("lists the workloads the store stands in for, in topology order", () => {
    const t = withDatabases({ fraud: "orders" }, [PORTFOLIO]);
    assert.deepEqual(siteStoreWorkloads(t, t.sites[4]), ["trading", "fraud", "portfolio"]);
    const served = withDatabases({ trading: "cards" }, [PORTFOLIO]);
    assert.deepEqual(siteStoreWorkloads(served, served.sites[4]), ["portfolio"]);
  });
});
