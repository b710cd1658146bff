import assert from "node:assert/strict";
import { cosmosRoleAssignmentId } from "../../../components/access/azure-roles";
import { deployAzureSite } from "../../../components/deployment/azure";
import { useRecordingMocks } from "../azure-gcp-mocks";
import { topology } from "../azure-gcp-fixtures";
import { siteContext, AZURE_GLOBAL } from "./azure-gcp-context";

const ACCOUNT = AZURE_GLOBAL.cosmos.orders.accountId;
const OTHER_ACCOUNT =
  "/subscriptions/s/resourceGroups/g/providers/Microsoft.DocumentDB/databaseAccounts/tachyon-dev-orders";

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
      cosmosRoleAssignmentId("azure:eastus", ACCOUNT, "order"),
    );
    assert.equal(
      westeurope["azure-order-cosmos"],
      cosmosRoleAssignmentId("azure:westeurope", ACCOUNT, "order"),
    );
    assert.notEqual(eastus["azure-order-cosmos"], westeurope["azure-order-cosmos"]);
  });

  it("are a GUID that changes with the site, the account and the function alone", () => {
    const base = cosmosRoleAssignmentId("azure:eastus", ACCOUNT, "order");
    assert.match(base, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const variants = [
      cosmosRoleAssignmentId("azure:westeurope", ACCOUNT, "order"),
      cosmosRoleAssignmentId("azure:eastus", OTHER_ACCOUNT, "order"),
      cosmosRoleAssignmentId("azure:eastus", ACCOUNT, "normalize"),
    ];
    assert.equal(new Set([base, ...variants]).size, 4);
    // Azure resource ids are case-insensitive: a re-cased id names the same account.
    assert.equal(cosmosRoleAssignmentId("azure:eastus", ACCOUNT.toUpperCase(), "order"), base);
    assert.equal(cosmosRoleAssignmentId("azure:eastus", ACCOUNT, "order"), base);
  });
});
