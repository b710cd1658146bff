import assert from "node:assert/strict";
import { cosmosRoleAssignmentId } from "../../../components/access/azure-roles";
import { deployAzureSite } from "../../../components/deployment/azure";
import type { Topology } from "../../../model/types";
import { useRecordingMocks, type Recorder } from "../azure-gcp-mocks";
import { topology } from "../azure-gcp-fixtures";
import { siteContext, AZURE_GLOBAL } from "./azure-gcp-context";

/** The recording mocks' prefix of Azure resource ids. */
const AZURE = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers";
const ACCOUNT_ID = `${AZURE}/azure-native:cosmosdb:DatabaseAccount/azure-site-store-account`;
const CONTRIBUTOR = `${ACCOUNT_ID}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002`;

/** The fixture topology with trading's database on Google Cloud (`cards`), as in staging. */
function tradingOnGcpDatabase(): Topology {
  const t = topology();
  return {
    ...t,
    workloads: t.workloads.map((w) => (w.kind === "trading" ? { ...w, database: "cards" } : w)),
  };
}

/**
 * Trading's database on Google Cloud and portfolio (classed `internal`, its database `cards`)
 * beside fraud (`pii`) on azure:westeurope: the site needs claims and two workloads' state.
 */
function claimsAndState(): Topology {
  const t = tradingOnGcpDatabase();
  return {
    ...t,
    workloads: [
      ...t.workloads,
      {
        kind: "portfolio",
        sites: ["azure:westeurope"],
        warmInstances: 1,
        latencyBudgetMs: 500,
        dataClass: "internal",
        database: "cards",
      },
    ],
  };
}

/** Deploys `siteId` of `t` under fresh recording mocks. */
async function deploy(t: Topology, siteId: string): Promise<Recorder> {
  const mocks = await useRecordingMocks();
  deployAzureSite(siteContext(t, siteId, { azure: AZURE_GLOBAL, aws: { zoneId: "Z1" } }));
  await mocks.settle();
  return mocks;
}

/** The Cosmos DB settings of a function's app, by name. */
function cosmosSettingsOf(mocks: Recorder, fn: string): Record<string, unknown> {
  const app = mocks.one("azure-native:web:WebApp", `azure-${fn}-app`);
  const settings = app.inputs.siteConfig.appSettings as { name: string; value: unknown }[];
  return Object.fromEntries(
    settings.filter((s) => s.name.includes("COSMOS")).map((s) => [s.name, s.value]),
  );
}

/** The site account's exact inputs for `region`, with its data class. */
function accountInputs(region: string, dataClass: string): Record<string, unknown> {
  return {
    resourceGroupName: `tachyon-prod-${region}`,
    accountName: `tachyon-prod-1-${region}-site`,
    location: region,
    kind: "GlobalDocumentDB",
    databaseAccountOfferType: "Standard",
    locations: [{ locationName: region, failoverPriority: 0, isZoneRedundant: false }],
    enableMultipleWriteLocations: false,
    enableAutomaticFailover: true,
    consistencyPolicy: { defaultConsistencyLevel: "Strong" },
    backupPolicy: { type: "Continuous", continuousModeProperties: { tier: "Continuous7Days" } },
    disableLocalAuth: true,
    disableKeyBasedMetadataWriteAccess: true,
    publicNetworkAccess: "Disabled",
    minimalTlsVersion: "Tls12",
    createMode: "Default",
    tags: { environment: "prod", site: `azure:${region}`, "data-class": dataClass },
  };
}

/** The exact inputs of the site's claims container (`azure-site-store-claims`). */
function claimsContainerInputs(region: string, dataClass: string): Record<string, unknown> {
  return {
    resourceGroupName: `tachyon-prod-${region}`,
    accountName: `tachyon-prod-1-${region}-site`,
    databaseName: "site",
    containerName: "order-claims",
    resource: {
      id: "order-claims",
      partitionKey: { paths: ["/id"], kind: "Hash", version: 2 },
      defaultTtl: -1,
      indexingPolicy: {
        indexingMode: "consistent",
        automatic: true,
        includedPaths: [],
        excludedPaths: [{ path: "/*" }],
      },
      conflictResolutionPolicy: { mode: "LastWriterWins", conflictResolutionPath: "/_ts" },
    },
    tags: { environment: "prod", site: `azure:${region}`, "data-class": dataClass },
  };
}

/** The exact inputs of the site's state container (`azure-site-store-container`). */
function stateContainerInputs(region: string, dataClass: string): Record<string, unknown> {
  return {
    resourceGroupName: `tachyon-prod-${region}`,
    accountName: `tachyon-prod-1-${region}-site`,
    databaseName: "site",
    containerName: "items",
    resource: {
      id: "items",
      partitionKey: { paths: ["/id"], kind: "Hash", version: 2 },
      defaultTtl: -1,
      conflictResolutionPolicy: { mode: "LastWriterWins", conflictResolutionPath: "/_ts" },
    },
    tags: { environment: "prod", site: `azure:${region}`, "data-class": dataClass },
  };
}

/** The container of the site's store each function uses: order's claims, the state functions' main. */
const SITE_CONTAINERS: Readonly<Record<string, string>> = {
  order: "order-claims",
  "fraud-score": "items",
  "portfolio-value": "items",
};

/** The exact inputs of a function's Data Contributor grant on its container of the site's store. */
function grantInputs(region: string, fn: string): Record<string, unknown> {
  const container = SITE_CONTAINERS[fn];
  return {
    resourceGroupName: `tachyon-prod-${region}`,
    accountName: `tachyon-prod-1-${region}-site`,
    roleAssignmentId: cosmosRoleAssignmentId(`azure:${region}`, ACCOUNT_ID, fn, {
      database: "site",
      container,
    }),
    roleDefinitionId: CONTRIBUTOR,
    scope: `${ACCOUNT_ID}/dbs/site/colls/${container}`,
    principalId: `principal-azure-${fn}-identity`,
  };
}

/** The containers of the site's account, by logical name. */
function siteContainers(mocks: Recorder): string[] {
  return mocks
    .ofType("azure-native:cosmosdb:SqlResourceSqlContainer")
    .filter((c) => c.name.startsWith("azure-site-store"))
    .map((c) => c.name);
}

/** The grants on the site's account, by logical name. */
function siteGrants(mocks: Recorder): string[] {
  return mocks
    .ofType("azure-native:cosmosdb:SqlResourceSqlRoleAssignment")
    .filter((g) => g.name.endsWith("-site-store"))
    .map((g) => g.name);
}

describe("An Azure site whose trading database is on another cloud (claims only)", () => {
  let mocks: Recorder;
  before(async () => {
    mocks = await deploy(tradingOnGcpDatabase(), "azure:eastus");
  });

  it("creates a single-region account at Strong consistency, classed as trading's database", () => {
    const account = mocks.one("azure-native:cosmosdb:DatabaseAccount", "azure-site-store-account");
    // Trading is confidential, but its claims stand in for its pii database's records.
    assert.deepEqual(account.inputs, accountInputs("eastus", "pii"));
    const lock = mocks.one(
      "azure-native:authorization:ManagementLockByScope",
      "azure-site-store-lock",
    );
    assert.deepEqual(lock.inputs, {
      scope: ACCOUNT_ID,
      lockName: "cannot-delete",
      level: "CanNotDelete",
      notes:
        "Site store (order-id claims): remove this lock deliberately before deleting the account.",
    });
  });

  it("holds the site database with the claims container alone", () => {
    const db = mocks.one("azure-native:cosmosdb:SqlResourceSqlDatabase", "azure-site-store-db");
    assert.deepEqual(db.inputs, {
      resourceGroupName: "tachyon-prod-eastus",
      accountName: "tachyon-prod-1-eastus-site",
      databaseName: "site",
      resource: { id: "site" },
      tags: { environment: "prod", site: "azure:eastus", "data-class": "pii" },
    });
    assert.deepEqual(siteContainers(mocks), ["azure-site-store-claims"]);
    assert.deepEqual(
      mocks.one("azure-native:cosmosdb:SqlResourceSqlContainer", "azure-site-store-claims").inputs,
      claimsContainerInputs("eastus", "pii"),
    );
  });

  it("reaches the account through a private endpoint in the site's endpoint subnet", () => {
    const pe = mocks.one(
      "azure-native:network:PrivateEndpoint",
      "azure-site-store-cosmos-endpoint",
    );
    assert.equal(pe.inputs.privateEndpointName, "tachyon-prod-eastus-site");
    assert.equal(pe.inputs.location, "eastus");
    assert.equal(
      pe.inputs.subnet.id,
      `${AZURE}/azure-native:network:Subnet/azure-network-endpoints`,
    );
    assert.deepEqual(pe.inputs.privateLinkServiceConnections, [
      { name: "tachyon-prod-eastus-site", privateLinkServiceId: ACCOUNT_ID, groupIds: ["Sql"] },
    ]);
    const dns = mocks.one(
      "azure-native:network:PrivateDnsZoneGroup",
      "azure-site-store-cosmos-dns",
    );
    assert.deepEqual(dns.inputs.privateDnsZoneConfigs, [
      {
        name: "sql",
        privateDnsZoneId: `${AZURE}/azure-native:privatedns:PrivateZone/azure-network-dns-cosmos`,
      },
    ]);
  });

  it("names the claims container to order alone, at the account's endpoint in the region", () => {
    assert.deepEqual(cosmosSettingsOf(mocks, "order"), {
      TACHYON_IDEMPOTENCY_COSMOS_ENDPOINT:
        "https://tachyon-prod-1-eastus-site-eastus.documents.azure.com:443/",
      TACHYON_IDEMPOTENCY_COSMOS_ACCOUNT: "tachyon-prod-1-eastus-site",
      TACHYON_IDEMPOTENCY_COSMOS_DATABASE: "site",
      TACHYON_IDEMPOTENCY_COSMOS_CONTAINER: "order-claims",
    });
    assert.deepEqual(cosmosSettingsOf(mocks, "normalize"), {});
  });

  it("grants order alone Data Contributor on the site's claims container", () => {
    assert.deepEqual(siteGrants(mocks), ["azure-order-site-store"]);
    assert.deepEqual(
      mocks.one("azure-native:cosmosdb:SqlResourceSqlRoleAssignment", "azure-order-site-store")
        .inputs,
      grantInputs("eastus", "order"),
    );
  });
});

describe("An Azure site whose fraud database is on another cloud (state only)", () => {
  let mocks: Recorder;
  before(async () => {
    // The fixture: fraud's `cards` is on Google Cloud, trading's `orders` spans the Azure sites.
    mocks = await deploy(topology(), "azure:westeurope");
  });

  it("creates the account classed as fraud's data, with the state container alone", () => {
    const account = mocks.one("azure-native:cosmosdb:DatabaseAccount", "azure-site-store-account");
    assert.deepEqual(account.inputs, accountInputs("westeurope", "pii"));
    assert.equal(
      mocks.one("azure-native:authorization:ManagementLockByScope", "azure-site-store-lock").inputs
        .notes,
      "Site store (fraud state): remove this lock deliberately before deleting the account.",
    );
    assert.deepEqual(siteContainers(mocks), ["azure-site-store-container"]);
    assert.deepEqual(
      mocks.one("azure-native:cosmosdb:SqlResourceSqlContainer", "azure-site-store-container")
        .inputs,
      stateContainerInputs("westeurope", "pii"),
    );
  });

  it("names the site's container to fraud-score in the COSMOS_* settings a global account gives", () => {
    assert.deepEqual(cosmosSettingsOf(mocks, "fraud-score"), {
      COSMOS_ENDPOINT: "https://tachyon-prod-1-westeurope-site-westeurope.documents.azure.com:443/",
      COSMOS_ACCOUNT: "tachyon-prod-1-westeurope-site",
      COSMOS_DATABASE: "site",
      COSMOS_CONTAINER: "items",
    });
    // order keeps claiming in the global database's claims container.
    assert.equal(
      cosmosSettingsOf(mocks, "order").TACHYON_IDEMPOTENCY_COSMOS_ENDPOINT,
      "https://tachyon-prod-orders-westeurope.documents.azure.com:443/",
    );
  });

  it("grants fraud-score alone Data Contributor on the site's state container", () => {
    assert.deepEqual(siteGrants(mocks), ["azure-fraud-score-site-store"]);
    assert.deepEqual(
      mocks.one(
        "azure-native:cosmosdb:SqlResourceSqlRoleAssignment",
        "azure-fraud-score-site-store",
      ).inputs,
      grantInputs("westeurope", "fraud-score"),
    );
  });
});

describe("An Azure site that needs claims and two workloads' state", () => {
  let mocks: Recorder;
  before(async () => {
    mocks = await deploy(claimsAndState(), "azure:westeurope");
  });

  it("creates one account, classed as the strictest of trading, fraud and portfolio", () => {
    assert.equal(mocks.ofType("azure-native:cosmosdb:DatabaseAccount").length, 1);
    assert.deepEqual(
      mocks.one("azure-native:cosmosdb:DatabaseAccount", "azure-site-store-account").inputs,
      accountInputs("westeurope", "pii"),
    );
    assert.equal(
      mocks.one("azure-native:authorization:ManagementLockByScope", "azure-site-store-lock").inputs
        .notes,
      "Site store (order-id claims, fraud state, portfolio state): remove this lock deliberately before deleting the account.",
    );
  });

  it("holds both containers, built as the global accounts build theirs", () => {
    assert.deepEqual(siteContainers(mocks), [
      "azure-site-store-container",
      "azure-site-store-claims",
    ]);
    assert.deepEqual(
      mocks.one("azure-native:cosmosdb:SqlResourceSqlContainer", "azure-site-store-claims").inputs,
      claimsContainerInputs("westeurope", "pii"),
    );
    assert.deepEqual(
      mocks.one("azure-native:cosmosdb:SqlResourceSqlContainer", "azure-site-store-container")
        .inputs,
      stateContainerInputs("westeurope", "pii"),
    );
  });

  it("names each function its own container and nothing else", () => {
    const state = {
      COSMOS_ENDPOINT: "https://tachyon-prod-1-westeurope-site-westeurope.documents.azure.com:443/",
      COSMOS_ACCOUNT: "tachyon-prod-1-westeurope-site",
      COSMOS_DATABASE: "site",
      COSMOS_CONTAINER: "items",
    };
    assert.deepEqual(
      ["order", "normalize", "fraud-score", "portfolio-value"].map((fn) => [
        fn,
        cosmosSettingsOf(mocks, fn),
      ]),
      [
        [
          "order",
          {
            TACHYON_IDEMPOTENCY_COSMOS_ENDPOINT:
              "https://tachyon-prod-1-westeurope-site-westeurope.documents.azure.com:443/",
            TACHYON_IDEMPOTENCY_COSMOS_ACCOUNT: "tachyon-prod-1-westeurope-site",
            TACHYON_IDEMPOTENCY_COSMOS_DATABASE: "site",
            TACHYON_IDEMPOTENCY_COSMOS_CONTAINER: "order-claims",
          },
        ],
        ["normalize", {}],
        ["fraud-score", state],
        ["portfolio-value", state],
      ],
    );
  });

  it("grants order, fraud-score and portfolio-value each Data Contributor on the container it uses", () => {
    assert.deepEqual(
      // Sorted: a grant registers once its container's name resolves, in no fixed order.
      mocks
        .ofType("azure-native:cosmosdb:SqlResourceSqlRoleAssignment")
        .map((g) => g.name)
        .sort(),
      [
        "azure-fraud-score-site-store",
        "azure-order-site-store",
        "azure-portfolio-value-site-store",
      ],
    );
    for (const fn of ["order", "fraud-score", "portfolio-value"]) {
      assert.deepEqual(
        mocks.one("azure-native:cosmosdb:SqlResourceSqlRoleAssignment", `azure-${fn}-site-store`)
          .inputs,
        grantInputs("westeurope", fn),
      );
    }
  });
});

describe("Azure sites that need no store of their own", () => {
  it("create none where the workloads' databases are Azure ones", async () => {
    // eastus: trading only, on the Azure `orders` account.
    const mocks = await deploy(topology(), "azure:eastus");
    assert.equal(mocks.ofType("azure-native:cosmosdb:DatabaseAccount").length, 0);
    assert.deepEqual(siteGrants(mocks), []);
    assert.equal(mocks.resources.filter((r) => r.name.startsWith("azure-site-store")).length, 0);
  });
});

describe("An Azure site where no workload names a database", () => {
  it("keeps trading's claims in its store, and no state: fraud's stays in instance memory", async () => {
    const t = topology();
    const mocks = await deploy(
      { ...t, workloads: t.workloads.map((w) => ({ ...w, database: undefined })) },
      "azure:westeurope",
    );
    assert.deepEqual(siteContainers(mocks), ["azure-site-store-claims"]);
    assert.deepEqual(siteGrants(mocks), ["azure-order-site-store"]);
    assert.deepEqual(cosmosSettingsOf(mocks, "fraud-score"), {});
  });
});
