/**
 * A private endpoint to an Azure PaaS resource (Cosmos DB, storage) in a site's endpoint subnet,
 * registered in the site's private DNS zone, so the site's functions reach the service over the
 * Microsoft backbone at a private address instead of its public endpoint.
 */
import * as pulumi from "@pulumi/pulumi";
import * as network from "@pulumi/azure-native/network";

/** Arguments of {@link AzurePrivateEndpoint}. */
export interface AzurePrivateEndpointArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  readonly location: string;
  /** Subnet the endpoint's network interface is placed in. */
  readonly subnetId: pulumi.Input<string>;
  /** Resource id of the target (Cosmos DB account, storage account). */
  readonly targetId: pulumi.Input<string>;
  /**
   * Sub-resource of the target: `Sql` for a Cosmos DB SQL API account, `blob` for blob storage.
   * @example "Sql"
   */
  readonly groupId: string;
  /** Private DNS zone the endpoint's A records are written to. */
  readonly dnsZoneId: pulumi.Input<string>;
  /** Physical name of the endpoint. */
  readonly endpointName: string;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * A private endpoint with its DNS zone group.
 *
 * @example
 * new AzurePrivateEndpoint("cosmos", { resourceGroupName, location: "westeurope",
 *   subnetId: net.endpointSubnetId, targetId: accountId, groupId: "Sql",
 *   dnsZoneId: net.dnsZoneIds.cosmos, endpointName: "tachyon-prod-westeurope-cosmos" });
 */
export class AzurePrivateEndpoint extends pulumi.ComponentResource {
  /** Resource id of the private endpoint. */
  readonly endpointId: pulumi.Output<string>;

  constructor(
    name: string,
    args: AzurePrivateEndpointArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super(AZURE_PRIVATE_ENDPOINT_TYPE, name, {}, opts);
    const endpoint = new network.PrivateEndpoint(
      `${name}-endpoint`,
      {
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        privateEndpointName: args.endpointName,
        subnet: { id: args.subnetId },
        privateLinkServiceConnections: [
          {
            name: args.endpointName,
            privateLinkServiceId: args.targetId,
            groupIds: [args.groupId],
          },
        ],
        tags: args.tags ?? {},
      },
      { parent: this },
    );
    new network.PrivateDnsZoneGroup(
      `${name}-dns`,
      {
        resourceGroupName: args.resourceGroupName,
        privateEndpointName: endpoint.name,
        privateDnsZoneGroupName: "default",
        privateDnsZoneConfigs: [
          { name: args.groupId.toLowerCase(), privateDnsZoneId: args.dnsZoneId },
        ],
      },
      { parent: this },
    );
    this.endpointId = endpoint.id;
    this.registerOutputs({ endpointId: this.endpointId });
  }
}

/** Type token of {@link AzurePrivateEndpoint}. */
export const AZURE_PRIVATE_ENDPOINT_TYPE = "tachyon:network:AzurePrivateEndpoint";
