import assert from "node:assert/strict";
import { AzureExpressRoute } from "../../../components/network/azure-expressroute";
import { AzureNetwork } from "../../../components/network/azure-network";
import { useRecordingMocks, type Recorder } from "../azure-gcp-mocks";

describe("AzureNetwork", () => {
  let mocks: Recorder;
  before(async () => {
    mocks = await useRecordingMocks();
    new AzureNetwork("net", {
      resourceGroupName: "rg-westeurope",
      location: "westeurope",
      cidr: "10.30.0.0/16",
      vnetName: "tachyon-prod-westeurope",
      peers: [
        {
          site: "azure:eastus",
          vnetId: "vnet-eastus",
          vnetName: "tachyon-prod-eastus",
          resourceGroupName: "rg-eastus",
        },
        {
          site: "azure:uksouth",
          vnetId: "vnet-uksouth",
          vnetName: "tachyon-prod-uksouth",
          resourceGroupName: "rg-uksouth",
        },
      ],
    });
    await mocks.settle();
  });

  it("builds the VNet on the site CIDR", () => {
    const vnet = mocks.one("azure-native:network:VirtualNetwork", "net-vnet");
    assert.deepEqual(vnet.inputs.addressSpace, { addressPrefixes: ["10.30.0.0/16"] });
    assert.equal(vnet.inputs.location, "westeurope");
  });

  it("delegates the function subnet to Microsoft.App/environments for Flex Consumption", () => {
    const subnet = mocks.one("azure-native:network:Subnet", "net-functions");
    assert.equal(subnet.inputs.addressPrefix, "10.30.0.0/18");
    assert.deepEqual(subnet.inputs.delegations, [
      { name: "functions", serviceName: "Microsoft.App/environments" },
    ]);
  });

  it("keeps private endpoints and the gateway in their own subnets", () => {
    const endpoints = mocks.one("azure-native:network:Subnet", "net-endpoints");
    assert.equal(endpoints.inputs.addressPrefix, "10.30.64.0/18");
    assert.equal(endpoints.inputs.privateEndpointNetworkPolicies, "Disabled");
    const gateway = mocks.one("azure-native:network:Subnet", "net-gateway");
    assert.equal(gateway.inputs.subnetName, "GatewaySubnet");
    assert.equal(gateway.inputs.addressPrefix, "10.30.128.0/18");
  });

  it("links the Cosmos DB, blob and Event Hubs private DNS zones to the VNet", () => {
    const zones = mocks
      .ofType("azure-native:privatedns:PrivateZone")
      .map((z): unknown => z.inputs.privateZoneName);
    assert.deepEqual(zones.sort(), [
      "privatelink.blob.core.windows.net",
      "privatelink.documents.azure.com",
      "privatelink.servicebus.windows.net",
    ]);
    const links = mocks.ofType("azure-native:privatedns:VirtualNetworkLink");
    assert.equal(links.length, 3);
    for (const link of links) {
      assert.equal(link.inputs.registrationEnabled, false);
      assert.match(link.inputs.virtualNetwork.id, /VirtualNetwork\/net-vnet$/);
    }
  });

  it("peers with every given earlier site in both directions", () => {
    const peerings = mocks.ofType("azure-native:network:VirtualNetworkPeering");
    assert.deepEqual(
      peerings
        .map((p): unknown[] => [
          p.name,
          p.inputs.resourceGroupName,
          p.inputs.virtualNetworkPeeringName,
        ])
        .sort(),
      [
        ["net-peer-azure-eastus", "rg-westeurope", "to-eastus"],
        ["net-peer-azure-eastus-back", "rg-eastus", "to-westeurope"],
        ["net-peer-azure-uksouth", "rg-westeurope", "to-uksouth"],
        ["net-peer-azure-uksouth-back", "rg-uksouth", "to-westeurope"],
      ],
    );
    const back = mocks.one(
      "azure-native:network:VirtualNetworkPeering",
      "net-peer-azure-uksouth-back",
    );
    assert.equal(back.inputs.virtualNetworkName, "tachyon-prod-uksouth");
    assert.equal(back.inputs.allowVirtualNetworkAccess, true);
    assert.equal(back.inputs.useRemoteGateways, false);
  });
});

describe("AzureExpressRoute", () => {
  it("connects the circuit with FastPath on an ErGw3AZ gateway", async () => {
    const mocks = await useRecordingMocks();
    new AzureExpressRoute("er", {
      resourceGroupName: "rg",
      location: "eastus",
      gatewaySubnetId: "gateway-subnet",
      circuitId: "circuit-id",
      baseName: "tachyon-prod-eastus",
    });
    await mocks.settle();
    const gateway = mocks.one("azure-native:network:VirtualNetworkGateway", "er-gateway");
    assert.equal(gateway.inputs.gatewayType, "ExpressRoute");
    assert.deepEqual(gateway.inputs.sku, { name: "ErGw3AZ", tier: "ErGw3AZ" });
    assert.equal(gateway.inputs.ipConfigurations[0].subnet.id, "gateway-subnet");
    const connection = mocks.one(
      "azure-native:network:VirtualNetworkGatewayConnection",
      "er-connection",
    );
    assert.equal(connection.inputs.connectionType, "ExpressRoute");
    assert.deepEqual(connection.inputs.peer, { id: "circuit-id" });
    assert.equal(connection.inputs.expressRouteGatewayBypass, true);
  });

  it("leaves FastPath off on a gateway size that lacks it", async () => {
    const mocks = await useRecordingMocks();
    new AzureExpressRoute("er", {
      resourceGroupName: "rg",
      location: "eastus",
      gatewaySubnetId: "gateway-subnet",
      circuitId: "circuit-id",
      baseName: "tachyon-prod-eastus",
      sku: "ErGw1AZ",
    });
    await mocks.settle();
    const connection = mocks.one(
      "azure-native:network:VirtualNetworkGatewayConnection",
      "er-connection",
    );
    assert.equal(connection.inputs.expressRouteGatewayBypass, false);
  });
});
