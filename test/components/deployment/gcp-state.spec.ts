import assert from "node:assert/strict";
import { deployGcpGlobal, deployGcpSite } from "../../../components/deployment/gcp";
import { spannerSchemaDdl } from "../../../components/deployment/spanner-schema";
import { spannerPortfolioDdl } from "../../../functions/portfolio/store-spanner";
import type { Topology } from "../../../model/types";
import { useRecordingMocks } from "../azure-gcp-mocks";
import { topology } from "../azure-gcp-fixtures";
import { globalContext, siteContext, GCP_GLOBAL } from "./azure-gcp-context";

/** The fixture with portfolio on the GCP sites, keeping its state in "cards" beside trading's claims. */
const withPortfolio = (): Topology => {
  const t = topology();
  return {
    ...t,
    workloads: [
      ...t.workloads.map((w) => (w.kind === "trading" ? { ...w, database: "cards" } : w)),
      {
        kind: "portfolio",
        sites: ["gcp:europe-west3"],
        warmInstances: 1,
        latencyBudgetMs: 500,
        dataClass: "confidential",
        database: "cards",
      },
    ],
  };
};

describe("GCP portfolio state in the workload's Spanner database", () => {
  it("gives the portfolio database the whole Tachyon schema, portfolio tables included, as GoogleSQL DDL", async () => {
    const mocks = await useRecordingMocks();
    deployGcpGlobal(globalContext(withPortfolio()));
    await mocks.settle();
    const db = mocks.one("gcp:spanner/database:Database", "gcp-spanner-cards-db");
    assert.deepEqual(db.inputs.ddls, spannerSchemaDdl());
    assert.deepEqual(spannerSchemaDdl().slice(2, 5), [
      "CREATE TABLE Positions (Portfolio STRING(64) NOT NULL, Symbol STRING(21) NOT NULL, Quantity FLOAT64 NOT NULL, LastFill FLOAT64 NOT NULL, Ts INT64 NOT NULL) PRIMARY KEY (Portfolio, Symbol)",
      "CREATE TABLE PortfolioEvents (Portfolio STRING(64) NOT NULL, EventId STRING(64) NOT NULL, Symbol STRING(21) NOT NULL, QuantityDelta FLOAT64 NOT NULL, Price FLOAT64 NOT NULL, Ts INT64 NOT NULL) PRIMARY KEY (Portfolio, EventId)",
      "CREATE TABLE OptionDefinitions (Symbol STRING(21) NOT NULL, Underlying STRING(21) NOT NULL, OptionRight STRING(4) NOT NULL, Strike FLOAT64 NOT NULL, Expiry INT64 NOT NULL, Volatility FLOAT64 NOT NULL, Multiplier INT64 NOT NULL) PRIMARY KEY (Symbol)",
    ]);
    assert.deepEqual(spannerSchemaDdl().slice(2, 5), spannerPortfolioDdl());
  });

  it("names the database to portfolio-value and fraud-score, each holding databaseUser on it", async () => {
    const mocks = await useRecordingMocks();
    deployGcpSite(
      siteContext(withPortfolio(), "gcp:europe-west3", { gcp: GCP_GLOBAL, aws: { zoneId: "Z9" } }),
    );
    await mocks.settle();
    const envOf = (fn: string) =>
      mocks.one("gcp:cloudfunctionsv2/function:Function", `gcp-${fn}-function`).inputs.serviceConfig
        .environmentVariables as Record<string, unknown>;
    const env = envOf("portfolio-value");
    for (const fn of ["portfolio-value", "fraud-score"]) {
      assert.equal(
        envOf(fn).TACHYON_STATE_SPANNER_DATABASE,
        "projects/tachyon-global/instances/tachyon-prod-cards/databases/cards",
      );
    }
    assert.equal(env.TACHYON_IDEMPOTENCY_SPANNER_DATABASE, undefined);
    assert.deepEqual(
      mocks
        .ofType("gcp:spanner/databaseIAMMember:DatabaseIAMMember")
        .map((g): unknown[] => [g.name, g.inputs.database, g.inputs.role])
        .sort(),
      [
        ["gcp-fraud-score-spanner", "cards", "roles/spanner.databaseUser"],
        ["gcp-order-spanner", "cards", "roles/spanner.databaseUser"],
        ["gcp-portfolio-value-spanner", "cards", "roles/spanner.databaseUser"],
      ],
    );
  });
});
