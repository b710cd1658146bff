import assert from "node:assert/strict";
import {
  cosmosContainerScope,
  cosmosRoleAssignmentId,
  guidFrom,
} from "../../../components/access/azure-roles";
import { deployAzureSite } from "../../../components/deployment/azure";
import { useRecordingMocks } from "../azure-gcp-mocks";
import { topology } from "../azure-gcp-fixtures";
import { siteContext, AZURE_GLOBAL } from "./azure-gcp-context";

const ACCOUNT = AZURE_GLOBAL.cosmos.orders.accountId;
const OTHER_ACCOUNT =
  "/subscriptions/s/resourceGroups/g/providers/Microsoft.DocumentDB/databaseAccounts/tachyon-dev-orders";
const CLAIMS = { database: "orders", container: "order-claims" };

/** The Cosmos DB role-assignment id of each function's grant when `siteId` deploys. */
async function assignmentIds(siteId: string): Promise<Record<string, string>> {
  const mocks = await useRecordingMocks();
  deployAzureSite(siteContext(topology(), siteId, { azure: AZURE_GLOBAL, aws: { zoneId: "Z1" } }));
  await mocks.settle();
  return Object.fromEntries(
    mocks
      .ofType("azure-native:cosmosdb:SqlResourceSqlRoleAssignment")
      .map((g): [string, string] => [g.name, g.inputs.roleAssignmentId as string]),
  );
}

describe("Cosmos DB role-assignment ids", () => {
  it("differ between two sites whose order functions share one account", async () => {
    // Both fixture sites write to the one `orders` account (multi-region writes).
    const eastus = await assignmentIds("azure:eastus");
    const westeurope = await assignmentIds("azure:westeurope");
    assert.equal(
      eastus["azure-order-cosmos"],
      cosmosRoleAssignmentId("azure:eastus", ACCOUNT, "order", CLAIMS),
    );
    assert.equal(
      westeurope["azure-order-cosmos"],
      cosmosRoleAssignmentId("azure:westeurope", ACCOUNT, "order", CLAIMS),
    );
    assert.notEqual(eastus["azure-order-cosmos"], westeurope["azure-order-cosmos"]);
  });

  it("are a GUID that changes with the site, the account, the function and the container alone", () => {
    const base = cosmosRoleAssignmentId("azure:eastus", ACCOUNT, "order", CLAIMS);
    assert.match(base, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const variants = [
      cosmosRoleAssignmentId("azure:westeurope", ACCOUNT, "order", CLAIMS),
      cosmosRoleAssignmentId("azure:eastus", OTHER_ACCOUNT, "order", CLAIMS),
      cosmosRoleAssignmentId("azure:eastus", ACCOUNT, "normalize", CLAIMS),
      cosmosRoleAssignmentId("azure:eastus", ACCOUNT, "order", { ...CLAIMS, container: "items" }),
      cosmosRoleAssignmentId("azure:eastus", ACCOUNT, "order", { ...CLAIMS, database: "site" }),
      // Cosmos DB ids are case-sensitive: a re-cased container is another container.
      cosmosRoleAssignmentId("azure:eastus", ACCOUNT, "order", { ...CLAIMS, container: "Items" }),
    ];
    assert.equal(new Set([base, ...variants]).size, 7);
    // Azure resource ids are case-insensitive: a re-cased id names the same account.
    assert.equal(
      cosmosRoleAssignmentId("azure:eastus", ACCOUNT.toUpperCase(), "order", CLAIMS),
      base,
    );
    assert.equal(cosmosRoleAssignmentId("azure:eastus", ACCOUNT, "order", CLAIMS), base);
  });

  it("differ from the ids of the database-wide grants they replace", () => {
    // Before grants were scoped to a container, the id was made of the site, account and function:
    // a new id lets the replacement be created before the old grant is deleted.
    const databaseWide = guidFrom("cosmos-data", "azure:eastus", ACCOUNT.toLowerCase(), "order");
    assert.notEqual(cosmosRoleAssignmentId("azure:eastus", ACCOUNT, "order", CLAIMS), databaseWide);
  });
});

describe("Cosmos DB container scopes", () => {
  it("name one container of one database of the account", () => {
    assert.equal(
      cosmosContainerScope(ACCOUNT, CLAIMS),
      "/subscriptions/s/resourceGroups/g/providers/Microsoft.DocumentDB/databaseAccounts/tachyon-prod-orders/dbs/orders/colls/order-claims",
    );
  });
});
