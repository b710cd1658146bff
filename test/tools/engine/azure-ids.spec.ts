import * as assert from "node:assert/strict";
import { azureId, azureNamespace } from "../../../tools/engine/azure-ids";
import { plural } from "../../../tools/engine/plural";
import { computeOutputs } from "../../../tools/engine/computed";

const SUB = "00000000-0000-4000-8000-000000000001";
const RG = `/subscriptions/${SUB}/resourceGroups/rg1/providers`;

/** The id ARM gives an azure-native resource of `token` with `inputs`. */
function idOf(token: string, inputs: Record<string, unknown>): string {
  const [, module, resource] = token.split(":");
  return azureId({
    module,
    resource,
    inputs: { resourceGroupName: "rg1", ...inputs },
    subscription: SUB,
    physical: "auto-1234567",
    guid: "11111111-2222-4333-8444-555555555555",
  }).id;
}

describe("tools/engine/azure-ids", () => {
  it("spells each module's resource provider namespace as ARM does", () => {
    assert.deepEqual(
      [
        "monitor",
        "applicationinsights",
        "cosmosdb",
        "servicebus",
        "eventhub",
        "privatedns",
        "web",
      ].map(azureNamespace),
      [
        "Microsoft.Insights",
        "Microsoft.Insights",
        "Microsoft.DocumentDB",
        "Microsoft.ServiceBus",
        "Microsoft.EventHub",
        "Microsoft.Network",
        "Microsoft.Web",
      ],
    );
  });

  it("forms collection names as the APIs do", () => {
    assert.deepEqual(["alertPolicy", "address", "queue", "vault", "gateway"].map(plural), [
      "alertPolicies",
      "addresses",
      "queues",
      "vaults",
      "gateways",
    ]);
  });

  it("names top-level resources by ARM's type, not the token's plural", () => {
    assert.deepEqual(
      [
        idOf("azure-native:web:AppServicePlan", { name: "plan" }),
        idOf("azure-native:managedidentity:UserAssignedIdentity", { resourceName: "order" }),
        idOf("azure-native:monitor:ActionGroup", { actionGroupName: "oncall" }),
        idOf("azure-native:applicationinsights:Component", { resourceName: "insights" }),
        idOf("azure-native:privatedns:PrivateZone", {
          privateZoneName: "privatelink.blob.core.windows.net",
        }),
        idOf("azure-native:storage:StorageAccount", { accountName: "tachyonfn" }),
        idOf("azure-native:network:PublicIPAddress", { publicIpAddressName: "gw" }),
      ],
      [
        `${RG}/Microsoft.Web/serverfarms/plan`,
        `${RG}/Microsoft.ManagedIdentity/userAssignedIdentities/order`,
        `${RG}/Microsoft.Insights/actionGroups/oncall`,
        `${RG}/Microsoft.Insights/components/insights`,
        `${RG}/Microsoft.Network/privateDnsZones/privatelink.blob.core.windows.net`,
        `${RG}/Microsoft.Storage/storageAccounts/tachyonfn`,
        `${RG}/Microsoft.Network/publicIPAddresses/gw`,
      ],
    );
  });

  it("puts a child resource under its parent's path", () => {
    assert.deepEqual(
      [
        idOf("azure-native:network:Subnet", {
          virtualNetworkName: "vnet",
          subnetName: "functions",
        }),
        idOf("azure-native:eventhub:ConsumerGroup", {
          namespaceName: "events",
          eventHubName: "ticks",
          consumerGroupName: "normalize",
        }),
        idOf("azure-native:cosmosdb:SqlResourceSqlContainer", {
          accountName: "orders",
          databaseName: "trading",
          containerName: "claims",
        }),
        idOf("azure-native:storage:BlobContainer", { accountName: "fn", containerName: "code" }),
        idOf("azure-native:web:WebAppScmAllowed", { name: "order" }),
      ],
      [
        `${RG}/Microsoft.Network/virtualNetworks/vnet/subnets/functions`,
        `${RG}/Microsoft.EventHub/namespaces/events/eventhubs/ticks/consumergroups/normalize`,
        `${RG}/Microsoft.DocumentDB/databaseAccounts/orders/sqlDatabases/trading/containers/claims`,
        `${RG}/Microsoft.Storage/storageAccounts/fn/blobServices/default/containers/code`,
        `${RG}/Microsoft.Web/sites/order/basicPublishingCredentialsPolicies/scm`,
      ],
    );
  });

  it("hangs a role assignment or a lock under the scope it applies to", () => {
    const scope = `${RG}/Microsoft.ServiceBus/namespaces/orders/queues/signals`;
    assert.equal(
      idOf("azure-native:authorization:RoleAssignment", { scope }),
      `${scope}/providers/Microsoft.Authorization/roleAssignments/11111111-2222-4333-8444-555555555555`,
    );
    assert.equal(
      idOf("azure-native:authorization:ManagementLockByScope", { scope, lockName: "keep" }),
      `${scope}/providers/Microsoft.Authorization/locks/keep`,
    );
  });

  it("gives a Cosmos DB account of azure-native v3 its ARM id, type and endpoint", () => {
    const { id, outputs } = computeOutputs(
      "urn:pulumi:dev::p::azure-native:cosmosdb:DatabaseAccount::orders",
      "azure-native:cosmosdb:DatabaseAccount",
      "orders",
      { resourceGroupName: "rg1", accountName: "tachyon-orders" },
      { region: "westeurope", gcpProject: "p" },
    );
    assert.equal(id, `${RG}/Microsoft.DocumentDB/databaseAccounts/tachyon-orders`);
    assert.equal(outputs["type"], "Microsoft.DocumentDB/databaseAccounts");
    // azure-native v3's token, not only v2's `documentdb`.
    assert.equal(outputs["documentEndpoint"], "https://tachyon-orders.documents.azure.com:443/");
  });
});
