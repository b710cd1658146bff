import assert from "node:assert/strict";
import { deployAzureSite } from "../../../components/deployment/azure";
import { useRecordingMocks, type Recorder } from "../azure-gcp-mocks";
import { topology } from "../azure-gcp-fixtures";
import { AZURE_GLOBAL, siteContext } from "../deployment/azure-gcp-context";

const EASTUS = {
  resourceGroupName: "tachyon-prod-eastus",
  location: "eastus",
  vnetId:
    "/subscriptions/s/resourceGroups/tachyon-prod-eastus/providers/Microsoft.Network/virtualNetworks/tachyon-prod-eastus",
  vnetName: "tachyon-prod-eastus",
  functions: {},
};

/** The `orders` database of the global account: each grant's scope is one of its containers. */
const ORDERS = `${AZURE_GLOBAL.cosmos.orders.accountId}/dbs/orders`;
/** The site's own account as the recording mocks name it. */
const SITE_ACCOUNT =
  "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/azure-native:cosmosdb:DatabaseAccount/azure-site-store-account";

describe("Azure workload state in the workload's Cosmos DB database", () => {
  let mocks: Recorder;
  beforeEach(async () => {
    mocks = await useRecordingMocks();
  });
  const settingsOf = (app: string): Record<string, unknown> =>
    Object.fromEntries(
      (
        mocks.one("azure-native:web:WebApp", `azure-${app}-app`).inputs.siteConfig.appSettings as {
          name: string;
          value: unknown;
        }[]
      ).map((s) => [s.name, s.value]),
    );

  it("names the container to portfolio-value and order only, each with a Data Contributor grant on the container it uses", async () => {
    const t = topology();
    const withPortfolio = topology({
      workloads: [
        ...t.workloads,
        {
          kind: "portfolio",
          sites: ["azure:westeurope"],
          warmInstances: 1,
          latencyBudgetMs: 500,
          dataClass: "confidential",
          database: "orders",
        },
      ],
    });
    deployAzureSite(
      siteContext(
        withPortfolio,
        "azure:westeurope",
        { azure: AZURE_GLOBAL, aws: { zoneId: "Z123" } },
        { "azure:eastus": { azure: EASTUS } },
      ),
    );
    await mocks.settle();
    const portfolio = settingsOf("portfolio-value");
    assert.deepEqual(
      [
        portfolio.COSMOS_ENDPOINT,
        portfolio.COSMOS_ACCOUNT,
        portfolio.COSMOS_DATABASE,
        portfolio.COSMOS_CONTAINER,
      ],
      [
        "https://tachyon-prod-orders-westeurope.documents.azure.com:443/",
        "tachyon-prod-orders",
        "orders",
        "items",
      ],
    );
    assert.equal(settingsOf("normalize").COSMOS_ENDPOINT, undefined);
    assert.deepEqual(
      mocks
        .ofType("azure-native:cosmosdb:SqlResourceSqlRoleAssignment")
        .map((g): unknown[] => [g.name, g.inputs.principalId, g.inputs.scope])
        .sort(),
      [
        // Fraud's `cards` database is on Google Cloud: fraud-score keeps its state in the site's
        // own account (azure-site-store.spec.ts), granted there alone.
        [
          "azure-fraud-score-site-store",
          "principal-azure-fraud-score-identity",
          `${SITE_ACCOUNT}/dbs/site/colls/items`,
        ],
        ["azure-order-cosmos", "principal-azure-order-identity", `${ORDERS}/colls/order-claims`],
        [
          "azure-portfolio-value-cosmos",
          "principal-azure-portfolio-value-identity",
          `${ORDERS}/colls/items`,
        ],
      ],
    );
  });

  it("names the container to fraud-score, with a Data Contributor grant on the main container, when fraud's database is on Azure", async () => {
    const t = topology();
    deployAzureSite(
      siteContext(
        topology({
          workloads: t.workloads.map((w) =>
            w.kind === "fraud" ? { ...w, database: "orders" } : w,
          ),
        }),
        "azure:westeurope",
        { azure: AZURE_GLOBAL, aws: { zoneId: "Z123" } },
        { "azure:eastus": { azure: EASTUS } },
      ),
    );
    await mocks.settle();
    const fraud = settingsOf("fraud-score");
    assert.deepEqual(
      [fraud.COSMOS_ACCOUNT, fraud.COSMOS_DATABASE, fraud.COSMOS_CONTAINER],
      ["tachyon-prod-orders", "orders", "items"],
    );
    assert.equal(fraud.TACHYON_IDEMPOTENCY_COSMOS_CONTAINER, undefined);
    assert.deepEqual(
      mocks
        .ofType("azure-native:cosmosdb:SqlResourceSqlRoleAssignment")
        .map((g): unknown[] => [g.name, g.inputs.principalId, g.inputs.scope])
        .sort(),
      [
        [
          "azure-fraud-score-cosmos",
          "principal-azure-fraud-score-identity",
          `${ORDERS}/colls/items`,
        ],
        ["azure-order-cosmos", "principal-azure-order-identity", `${ORDERS}/colls/order-claims`],
      ],
    );
  });
});
