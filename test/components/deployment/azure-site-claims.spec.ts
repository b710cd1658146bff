import assert from "node:assert/strict";
import { cosmosRoleAssignmentId } from "../../../components/access/azure-roles";
import { deployAzureSite } from "../../../components/deployment/azure";
import type { Topology } from "../../../model/types";
import { useRecordingMocks, type Recorder } from "../azure-gcp-mocks";
import { topology } from "../azure-gcp-fixtures";
import { siteContext, AZURE_GLOBAL } from "./azure-gcp-context";

/** The recording mocks' prefix of Azure resource ids. */
const AZURE = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers";
const ACCOUNT_ID = `${AZURE}/azure-native:cosmosdb:DatabaseAccount/azure-claims-account`;
const TAGS = { environment: "prod", site: "azure:eastus" };

/** The fixture topology with trading's database on Google Cloud (`cards`), as in staging. */
function tradingOnGcpDatabase(): Topology {
  const t = topology();
  return {
    ...t,
    workloads: t.workloads.map((w) => (w.kind === "trading" ? { ...w, database: "cards" } : w)),
  };
}

/** Deploys `siteId` of `t` under fresh recording mocks. */
async function deploy(t: Topology, siteId: string): Promise<Recorder> {
  const mocks = await useRecordingMocks();
  deployAzureSite(siteContext(t, siteId, { azure: AZURE_GLOBAL, aws: { zoneId: "Z1" } }));
  await mocks.settle();
  return mocks;
}

/** The app settings of a function's app, by name. */
function settingsOf(mocks: Recorder, fn: string): Record<string, unknown> {
  const app = mocks.one("azure-native:web:WebApp", `azure-${fn}-app`);
  const settings = app.inputs.siteConfig.appSettings as { name: string; value: unknown }[];
  return Object.fromEntries(settings.map((s) => [s.name, s.value]));
}

/** The names of the resources of the site's claims store. */
function claimsResources(mocks: Recorder): string[] {
  return mocks.resources
    .map((r) => r.name)
    .filter((n) => n.startsWith("azure-claims") || n === "azure-order-claims")
    .sort();
}

describe("An Azure trading site whose database is on another cloud", () => {
  let mocks: Recorder;
  before(async () => {
    mocks = await deploy(tradingOnGcpDatabase(), "azure:eastus");
  });

  it("creates a single-region Cosmos DB account in the site's region and resource group", () => {
    const account = mocks.one("azure-native:cosmosdb:DatabaseAccount", "azure-claims-account");
    assert.deepEqual(account.inputs, {
      resourceGroupName: "tachyon-prod-eastus",
      accountName: "tachyon-prod-eastus-claims",
      location: "eastus",
      kind: "GlobalDocumentDB",
      databaseAccountOfferType: "Standard",
      locations: [{ locationName: "eastus", failoverPriority: 0, isZoneRedundant: false }],
      enableMultipleWriteLocations: false,
      enableAutomaticFailover: true,
      consistencyPolicy: { defaultConsistencyLevel: "Session" },
      backupPolicy: { type: "Continuous", continuousModeProperties: { tier: "Continuous7Days" } },
      disableLocalAuth: true,
      disableKeyBasedMetadataWriteAccess: true,
      publicNetworkAccess: "Disabled",
      minimalTlsVersion: "Tls12",
      createMode: "Default",
      tags: { ...TAGS, "data-class": "confidential" },
    });
    const lock = mocks.one("azure-native:authorization:ManagementLockByScope", "azure-claims-lock");
    assert.deepEqual(lock.inputs, {
      scope: ACCOUNT_ID,
      lockName: "cannot-delete",
      level: "CanNotDelete",
      notes: "Order-id claims store: remove this lock deliberately before deleting the account.",
    });
  });

  it("holds only the claims container: partitioned on /id, TTL on, nothing indexed", () => {
    const db = mocks.one("azure-native:cosmosdb:SqlResourceSqlDatabase", "azure-claims-db");
    assert.deepEqual(db.inputs, {
      resourceGroupName: "tachyon-prod-eastus",
      accountName: "tachyon-prod-eastus-claims",
      databaseName: "claims",
      resource: { id: "claims" },
      tags: { ...TAGS, "data-class": "confidential" },
    });
    const containers = mocks
      .ofType("azure-native:cosmosdb:SqlResourceSqlContainer")
      .filter((c) => c.name.startsWith("azure-claims"));
    assert.deepEqual(
      containers.map((c) => c.name),
      ["azure-claims-claims"],
    );
    assert.deepEqual(containers[0].inputs, {
      resourceGroupName: "tachyon-prod-eastus",
      accountName: "tachyon-prod-eastus-claims",
      databaseName: "claims",
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
      tags: { ...TAGS, "data-class": "confidential" },
    });
  });

  it("reaches the account through a private endpoint in the site's endpoint subnet", () => {
    const pe = mocks.one("azure-native:network:PrivateEndpoint", "azure-claims-cosmos-endpoint");
    assert.equal(pe.inputs.privateEndpointName, "tachyon-prod-eastus-claims");
    assert.equal(pe.inputs.location, "eastus");
    assert.equal(
      pe.inputs.subnet.id,
      `${AZURE}/azure-native:network:Subnet/azure-network-endpoints`,
    );
    assert.deepEqual(pe.inputs.privateLinkServiceConnections, [
      { name: "tachyon-prod-eastus-claims", privateLinkServiceId: ACCOUNT_ID, groupIds: ["Sql"] },
    ]);
    const dns = mocks.one("azure-native:network:PrivateDnsZoneGroup", "azure-claims-cosmos-dns");
    assert.deepEqual(dns.inputs.privateDnsZoneConfigs, [
      {
        name: "sql",
        privateDnsZoneId: `${AZURE}/azure-native:privatedns:PrivateZone/azure-network-dns-cosmos`,
      },
    ]);
  });

  it("names the claims container to order at the account's endpoint in the site's region", () => {
    const order = settingsOf(mocks, "order");
    assert.deepEqual(
      Object.fromEntries(Object.entries(order).filter(([k]) => k.includes("COSMOS"))),
      {
        TACHYON_IDEMPOTENCY_COSMOS_ENDPOINT:
          "https://tachyon-prod-eastus-claims-eastus.documents.azure.com:443/",
        TACHYON_IDEMPOTENCY_COSMOS_ACCOUNT: "tachyon-prod-eastus-claims",
        TACHYON_IDEMPOTENCY_COSMOS_DATABASE: "claims",
        TACHYON_IDEMPOTENCY_COSMOS_CONTAINER: "order-claims",
      },
    );
    const normalize = settingsOf(mocks, "normalize");
    assert.deepEqual(
      Object.keys(normalize).filter((k) => k.includes("COSMOS")),
      [],
    );
  });

  it("grants order alone Data Contributor on the claims database", () => {
    const grants = mocks
      .ofType("azure-native:cosmosdb:SqlResourceSqlRoleAssignment")
      .filter((g) => g.inputs.accountName === "tachyon-prod-eastus-claims");
    assert.deepEqual(
      grants.map((g) => g.name),
      ["azure-order-claims"],
    );
    assert.deepEqual(grants[0].inputs, {
      resourceGroupName: "tachyon-prod-eastus",
      accountName: "tachyon-prod-eastus-claims",
      roleAssignmentId: cosmosRoleAssignmentId("azure:eastus", ACCOUNT_ID, "order"),
      roleDefinitionId: `${ACCOUNT_ID}/sqlRoleDefinitions/00000000-0000-0000-0000-000000000002`,
      scope: `${ACCOUNT_ID}/dbs/claims`,
      principalId: "principal-azure-order-identity",
    });
  });
});

describe("Azure sites that need no claims store of their own", () => {
  it("creates none where the trading database is an Azure one at the site", async () => {
    const mocks = await deploy(topology(), "azure:westeurope");
    assert.deepEqual(claimsResources(mocks), []);
    // order keeps claiming in the global database's claims container.
    assert.equal(
      settingsOf(mocks, "order").TACHYON_IDEMPOTENCY_COSMOS_ENDPOINT,
      "https://tachyon-prod-orders-westeurope.documents.azure.com:443/",
    );
  });

  it("creates none where trading does not run", async () => {
    const t = tradingOnGcpDatabase();
    const fraudOnly = {
      ...t,
      workloads: t.workloads.map((w) =>
        w.kind === "trading" ? { ...w, sites: w.sites.filter((s) => s !== "azure:westeurope") } : w,
      ),
    };
    const mocks = await deploy(fraudOnly, "azure:westeurope");
    assert.deepEqual(claimsResources(mocks), []);
    assert.equal(mocks.ofType("azure-native:cosmosdb:DatabaseAccount").length, 0);
  });
});

describe("An Azure trading site with no workload database", () => {
  it("gets the same claims store, classed as the trading workload's data", async () => {
    const t = topology();
    const mocks = await deploy(
      {
        ...t,
        workloads: t.workloads.map((w) =>
          w.kind === "trading" ? { ...w, database: undefined, dataClass: "internal" } : w,
        ),
      },
      "azure:westeurope",
    );
    assert.deepEqual(claimsResources(mocks), [
      "azure-claims",
      "azure-claims-account",
      "azure-claims-claims",
      "azure-claims-cosmos",
      "azure-claims-cosmos-dns",
      "azure-claims-cosmos-endpoint",
      "azure-claims-db",
      "azure-claims-lock",
      "azure-order-claims",
    ]);
    const account = mocks.one("azure-native:cosmosdb:DatabaseAccount", "azure-claims-account");
    assert.equal(account.inputs.accountName, "tachyon-prod-westeurope-claims");
    assert.equal(account.inputs.tags["data-class"], "internal");
    assert.equal(
      settingsOf(mocks, "order").TACHYON_IDEMPOTENCY_COSMOS_ENDPOINT,
      "https://tachyon-prod-westeurope-claims-westeurope.documents.azure.com:443/",
    );
  });
});
