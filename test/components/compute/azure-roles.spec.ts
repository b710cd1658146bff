import assert from "node:assert/strict";
import {
  COSMOS_DATA_CONTRIBUTOR,
  cosmosRoleAssignmentId,
  grantCosmosData,
} from "../../../components/compute/azure-roles";
import { useRecordingMocks, type Inputs } from "../azure-gcp-mocks";
import { SpecParent } from "../recorder";

const ACCOUNT =
  "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/tachyon-staging-global/providers/Microsoft.DocumentDB/databaseAccounts/tachyon-staging-customers";
const ROLE = `${ACCOUNT}/sqlRoleDefinitions/${COSMOS_DATA_CONTRIBUTOR}`;
const SCOPE = `${ACCOUNT}/dbs/customers`;
const WESTEUROPE_APP = "11111111-1111-4111-8111-111111111111";
const UKSOUTH_APP = "22222222-2222-4222-8222-222222222222";
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Registers one site's grant as that site's stack does, in a runtime of its own (each site is its
 * own stack, so both use the same logical name), and returns the recorded inputs.
 */
async function siteGrant(principalId: string): Promise<Inputs> {
  const mocks = await useRecordingMocks();
  grantCosmosData(
    "azure-fraud-score-cosmos",
    {
      resourceGroupName: "tachyon-staging-global",
      accountName: "tachyon-staging-customers",
      accountId: ACCOUNT,
      databaseName: "customers",
    },
    principalId,
    new SpecParent(),
  );
  await mocks.settle();
  return mocks.one("azure-native:cosmosdb:SqlResourceSqlRoleAssignment", "azure-fraud-score-cosmos")
    .inputs;
}

describe("cosmosRoleAssignmentId", () => {
  it("is a GUID that changes with the principal and with the scope, and only with them", () => {
    const id = cosmosRoleAssignmentId(ROLE, WESTEUROPE_APP, SCOPE);
    assert.match(id, GUID);
    assert.equal(cosmosRoleAssignmentId(ROLE, WESTEUROPE_APP, SCOPE), id);
    assert.notEqual(cosmosRoleAssignmentId(ROLE, UKSOUTH_APP, SCOPE), id);
    assert.notEqual(cosmosRoleAssignmentId(ROLE, WESTEUROPE_APP, `${ACCOUNT}/dbs/orders`), id);
  });
});

describe("grantCosmosData", () => {
  it("gives two sites' functions of one workload two assignments on the shared account", async () => {
    const westeurope = await siteGrant(WESTEUROPE_APP);
    const uksouth = await siteGrant(UKSOUTH_APP);
    assert.deepEqual(westeurope, {
      resourceGroupName: "tachyon-staging-global",
      accountName: "tachyon-staging-customers",
      roleAssignmentId: cosmosRoleAssignmentId(ROLE, WESTEUROPE_APP, SCOPE),
      roleDefinitionId: ROLE,
      scope: SCOPE,
      principalId: WESTEUROPE_APP,
    });
    assert.equal(uksouth.roleAssignmentId, cosmosRoleAssignmentId(ROLE, UKSOUTH_APP, SCOPE));
    assert.notEqual(uksouth.roleAssignmentId, westeurope.roleAssignmentId);
  });
});
