/**
 * One Azure site's private network: a VNet from the site's CIDR, a delegated subnet for the
 * Function Apps' VNet integration, a subnet for private endpoints, a GatewaySubnet for an
 * ExpressRoute gateway, the private DNS zones that private endpoints register in, and global VNet
 * peering to every earlier Azure site of the topology — both directions created from this (newer)
 * stack, so sites deploy in topology order with no second pass.
 */
import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";
import * as privatedns from "@pulumi/azure-native/privatedns";
import { subnetCidr } from "./azure-cidr";

/**
 * Private DNS zones of the private endpoints Tachyon creates: Cosmos DB SQL API, blob storage,
 * and Event Hubs (which shares its zone with Service Bus).
 */
export const AZURE_PRIVATE_DNS_ZONES = {
  cosmos: "privatelink.documents.azure.com",
  blob: "privatelink.blob.core.windows.net",
  servicebus: "privatelink.servicebus.windows.net",
} as const;

/** The delegation Flex Consumption apps require on their integration subnet. */
export const FLEX_SUBNET_DELEGATION = "Microsoft.App/environments";

/** The delegation Elastic Premium (and dedicated) apps require on their integration subnet. */
export const PREMIUM_SUBNET_DELEGATION = "Microsoft.Web/serverFarms";

/** An earlier Azure site's network, as its regional stack exports it. */
export interface AzurePeer {
  /** Site id of the earlier site, e.g. `azure:eastus`. */
  readonly site: string;
  readonly vnetId: pulumi.Input<string>;
  readonly vnetName: pulumi.Input<string>;
  readonly resourceGroupName: pulumi.Input<string>;
}

/** Arguments of {@link AzureNetwork}. */
export interface AzureNetworkArgs {
  /** Resource group of the site. */
  readonly resourceGroupName: pulumi.Input<string>;
  /** Azure region, e.g. `westeurope`. */
  readonly location: string;
  /** The site's address space; split into four equal subnets (functions, endpoints, gateway, spare). */
  readonly cidr: string;
  /** Physical name of the VNet. */
  readonly vnetName: string;
  /**
   * Earlier Azure sites to peer with (global VNet peering, both directions).
   * @default []
   */
  readonly peers?: readonly AzurePeer[];
  /**
   * Delegation of the function integration subnet: Flex Consumption needs
   * `Microsoft.App/environments`, Elastic Premium `Microsoft.Web/serverFarms`.
   * @default "Microsoft.App/environments"
   */
  readonly functionSubnetDelegation?: string;
  /** Tags on every taggable child. @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * A site's VNet with its subnets, private DNS zones and peerings.
 *
 * @example
 * const net = new AzureNetwork("site", {
 *   resourceGroupName: rg.name, location: "westeurope", cidr: "10.30.0.0/16",
 *   vnetName: "tachyon-prod-westeurope",
 *   peers: [{ site: "azure:eastus", vnetId, vnetName, resourceGroupName }],
 * });
 */
export class AzureNetwork extends pulumi.ComponentResource {
  /** Resource id of the VNet. */
  readonly vnetId: pulumi.Output<string>;
  /** Name of the VNet. */
  readonly vnetName: pulumi.Output<string>;
  /** Subnet the Function Apps integrate with (delegated). */
  readonly functionSubnetId: pulumi.Output<string>;
  /** Subnet private endpoints are placed in. */
  readonly endpointSubnetId: pulumi.Output<string>;
  /** `GatewaySubnet`, for an ExpressRoute virtual network gateway. */
  readonly gatewaySubnetId: pulumi.Output<string>;
  /** Private DNS zone ids by purpose. */
  readonly dnsZoneIds: {
    readonly cosmos: pulumi.Output<string>;
    readonly blob: pulumi.Output<string>;
    readonly servicebus: pulumi.Output<string>;
  };

  constructor(name: string, args: AzureNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super(AZURE_NETWORK_TYPE, name, {}, opts);
    const parent = { parent: this };
    const tags = args.tags ?? {};

    const vnet = new network.VirtualNetwork(
      `${name}-vnet`,
      {
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        virtualNetworkName: args.vnetName,
        addressSpace: { addressPrefixes: [args.cidr] },
        tags,
      },
      parent,
    );
    const functions = new network.Subnet(
      `${name}-functions`,
      {
        resourceGroupName: args.resourceGroupName,
        virtualNetworkName: vnet.name,
        subnetName: "functions",
        addressPrefix: subnetCidr(args.cidr, 2, 0),
        delegations: [
          {
            name: "functions",
            serviceName: args.functionSubnetDelegation ?? FLEX_SUBNET_DELEGATION,
          },
        ],
      },
      parent,
    );
    // Azure updates one subnet of a VNet at a time; chaining them avoids conflicting operations.
    const endpoints = new network.Subnet(
      `${name}-endpoints`,
      {
        resourceGroupName: args.resourceGroupName,
        virtualNetworkName: vnet.name,
        subnetName: "private-endpoints",
        addressPrefix: subnetCidr(args.cidr, 2, 1),
        privateEndpointNetworkPolicies: "Disabled",
      },
      { parent: this, dependsOn: [functions] },
    );
    // Azure requires the gateway subnet to be named exactly "GatewaySubnet".
    const gateway = new network.Subnet(
      `${name}-gateway`,
      {
        resourceGroupName: args.resourceGroupName,
        virtualNetworkName: vnet.name,
        subnetName: "GatewaySubnet",
        addressPrefix: subnetCidr(args.cidr, 2, 2),
      },
      { parent: this, dependsOn: [endpoints] },
    );

    const zone = (role: keyof typeof AZURE_PRIVATE_DNS_ZONES) => {
      const z = new privatedns.PrivateZone(
        `${name}-dns-${role}`,
        {
          resourceGroupName: args.resourceGroupName,
          privateZoneName: AZURE_PRIVATE_DNS_ZONES[role],
          location: "Global",
          tags,
        },
        parent,
      );
      new privatedns.VirtualNetworkLink(
        `${name}-dns-${role}-link`,
        {
          resourceGroupName: args.resourceGroupName,
          privateZoneName: z.name,
          virtualNetworkLinkName: args.vnetName,
          location: "Global",
          registrationEnabled: false,
          virtualNetwork: { id: vnet.id },
          tags,
        },
        parent,
      );
      return z.id;
    };

    this.dnsZoneIds = {
      cosmos: zone("cosmos"),
      blob: zone("blob"),
      servicebus: zone("servicebus"),
    };
    for (const peer of args.peers ?? []) this.peerWith(name, vnet, args, peer);

    this.vnetId = vnet.id;
    this.vnetName = vnet.name;
    this.functionSubnetId = functions.id;
    this.endpointSubnetId = endpoints.id;
    this.gatewaySubnetId = gateway.id;
    this.registerOutputs({
      vnetId: this.vnetId,
      vnetName: this.vnetName,
      functionSubnetId: this.functionSubnetId,
      endpointSubnetId: this.endpointSubnetId,
      gatewaySubnetId: this.gatewaySubnetId,
    });
  }

  /** Both halves of a global VNet peering; the remote half lives in the peer's resource group. */
  private peerWith(
    name: string,
    vnet: network.VirtualNetwork,
    args: AzureNetworkArgs,
    peer: AzurePeer,
  ): void {
    const key = peer.site.replace(/[^a-zA-Z0-9-]/g, "-");
    const peerRegion = peer.site.slice(peer.site.indexOf(":") + 1);
    const common = {
      allowVirtualNetworkAccess: true,
      // Traffic between sites may be forwarded by a gateway in either VNet.
      allowForwardedTraffic: true,
      allowGatewayTransit: false,
      useRemoteGateways: false,
    };
    new network.VirtualNetworkPeering(
      `${name}-peer-${key}`,
      {
        resourceGroupName: args.resourceGroupName,
        virtualNetworkName: vnet.name,
        virtualNetworkPeeringName: `to-${peerRegion}`,
        remoteVirtualNetwork: { id: peer.vnetId },
        ...common,
      },
      { parent: this },
    );
    new network.VirtualNetworkPeering(
      `${name}-peer-${key}-back`,
      {
        resourceGroupName: peer.resourceGroupName,
        virtualNetworkName: peer.vnetName,
        virtualNetworkPeeringName: `to-${args.location}`,
        remoteVirtualNetwork: { id: vnet.id },
        ...common,
      },
      { parent: this },
    );
  }
}

/** Type token of {@link AzureNetwork}. */
export const AZURE_NETWORK_TYPE = "tachyon:network:AzureNetwork";
