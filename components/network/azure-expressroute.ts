/**
 * A site's private line to an exchange colocation: an ExpressRoute virtual network gateway in the
 * site's GatewaySubnet and its connection to a provisioned ExpressRoute circuit. FastPath
 * (`expressRouteGatewayBypass`) sends data-plane traffic straight from the circuit edge to the
 * VNet, bypassing the gateway's hop; it needs the UltraPerformance or ErGw3AZ gateway size.
 *
 * The topology has no ExpressRoute key: the circuit is given per regional stack
 * (`tachyon:expressRouteCircuitId`), since circuits are ordered from a provider per metro.
 */
import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";

/** Gateway sizes that support FastPath. */
export const FASTPATH_SKUS = ["UltraPerformance", "ErGw3AZ"] as const;

/** Arguments of {@link AzureExpressRoute}. */
export interface AzureExpressRouteArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: string;
  /** The site's `GatewaySubnet`. */
  readonly gatewaySubnetId: pulumi.Input<string>;
  /** Resource id of the ExpressRoute circuit. */
  readonly circuitId: pulumi.Input<string>;
  /** Physical base name. */
  readonly baseName: string;
  /**
   * Gateway size; FastPath needs `ErGw3AZ` or `UltraPerformance`.
   * @default "ErGw3AZ"
   */
  readonly sku?: "ErGw1AZ" | "ErGw2AZ" | "ErGw3AZ" | "UltraPerformance";
  /** Authorization key when the circuit belongs to another subscription. */
  readonly authorizationKey?: pulumi.Input<string>;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * ExpressRoute gateway, its public IP and the circuit connection (FastPath when the size allows).
 *
 * @example
 * new AzureExpressRoute("er", { resourceGroupName: rg.name, location: "eastus",
 *   gatewaySubnetId: net.gatewaySubnetId, circuitId, baseName: "tachyon-prod-eastus" });
 */
export class AzureExpressRoute extends pulumi.ComponentResource {
  /** Resource id of the gateway connection. */
  readonly connectionId: pulumi.Output<string>;

  constructor(name: string, args: AzureExpressRouteArgs, opts?: pulumi.ComponentResourceOptions) {
    super(AZURE_EXPRESS_ROUTE_TYPE, name, {}, opts);
    const sku = args.sku ?? "ErGw3AZ";
    const ip = new network.PublicIPAddress(
      `${name}-ip`,
      {
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        publicIpAddressName: `${args.baseName}-ergw`,
        sku: { name: "Standard", tier: "Regional" },
        publicIPAllocationMethod: "Static",
        tags: args.tags ?? {},
      },
      { parent: this },
    );
    const gateway = new network.VirtualNetworkGateway(
      `${name}-gateway`,
      {
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        virtualNetworkGatewayName: `${args.baseName}-ergw`,
        gatewayType: "ExpressRoute",
        sku: { name: sku, tier: sku },
        ipConfigurations: [
          {
            name: "default",
            privateIPAllocationMethod: "Dynamic",
            subnet: { id: args.gatewaySubnetId },
            publicIPAddress: { id: ip.id },
          },
        ],
        tags: args.tags ?? {},
      },
      { parent: this },
    );
    const connection = new network.VirtualNetworkGatewayConnection(
      `${name}-connection`,
      {
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        virtualNetworkGatewayConnectionName: `${args.baseName}-er`,
        connectionType: "ExpressRoute",
        virtualNetworkGateway1: { id: gateway.id },
        peer: { id: args.circuitId },
        routingWeight: 0,
        expressRouteGatewayBypass: (FASTPATH_SKUS as readonly string[]).includes(sku),
        ...(args.authorizationKey ? { authorizationKey: args.authorizationKey } : {}),
        tags: args.tags ?? {},
      },
      { parent: this },
    );
    this.connectionId = connection.id;
    this.registerOutputs({ connectionId: this.connectionId });
  }
}

/** Type token of {@link AzureExpressRoute}. */
export const AZURE_EXPRESS_ROUTE_TYPE = "tachyon:network:AzureExpressRoute";
