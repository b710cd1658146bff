/**
 * The order-id claims store an Azure trading site owns when its workload database gives it none
 * (`needsSiteClaims`: no database, or one on another cloud): a single-region Cosmos DB account in
 * the site's region and resource group holding only the claims container, reached through a
 * private endpoint in the site's VNet as the global accounts are. The site's `order` function is
 * named it and granted on it in `azure-site-functions.ts`.
 *
 * The account keeps the capacity mode of every Tachyon account (provisioned throughput), not
 * serverless: serverless gives no assurance of predictable latency
 * (https://learn.microsoft.com/en-us/azure/cosmos-db/serverless-performance), and every order
 * waits for its claim.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Site, Topology } from "../../model/types";
import { AzureCosmosDatabase, ORDER_CLAIMS_CONTAINER } from "../data/azure-cosmos";
import { azureName } from "../naming/azure-name";
import type { AzureNetwork } from "../network/azure-network";
import { AzurePrivateEndpoint } from "../network/azure-private-endpoint";
import { needsSiteClaims } from "./site-claims";

/** Arguments of {@link createAzureSiteClaims}. */
export interface AzureSiteClaimsArgs {
  readonly topology: Topology;
  readonly site: Site;
  /** The site's resource group: the account lives and is deleted with the site. */
  readonly resourceGroupName: pulumi.Input<string>;
  readonly network: AzureNetwork;
  readonly tags: Record<string, string>;
  readonly parent: pulumi.Resource;
}

/** A site's own claims store, as the `order` function's settings and grant need it. */
export interface AzureSiteClaims {
  readonly resourceGroupName: pulumi.Input<string>;
  /** Resource id of the account: the scope root of the Data Contributor grant. */
  readonly accountId: pulumi.Output<string>;
  readonly accountName: pulumi.Output<string>;
  readonly databaseName: pulumi.Output<string>;
  readonly containerName: pulumi.Output<string>;
  /** The account's regional endpoint in the site's region (its only location). */
  readonly endpoint: pulumi.Output<string>;
}

/** The SQL database of a site's claims account. */
export const SITE_CLAIMS_DATABASE = "claims";

/**
 * Creates the site's claims account and its private endpoint when the site needs them; returns
 * `undefined` (and creates nothing) when the trading workload's database serves the site, or
 * trading does not run there.
 */
export function createAzureSiteClaims(args: AzureSiteClaimsArgs): AzureSiteClaims | undefined {
  const { topology, site, network: net, tags, parent } = args;
  if (!needsSiteClaims(topology, site)) return undefined;
  const trading = topology.workloads.find((w) => w.kind === "trading");
  if (trading === undefined) return undefined;
  const env = topology.environment;
  const region = site.region;
  const store = new AzureCosmosDatabase(
    "azure-claims",
    {
      resourceGroupName: args.resourceGroupName,
      // Cosmos DB account names are global DNS labels: the site's region keeps them unique.
      accountName: azureName("cosmosAccount", env, region, "claims"),
      locations: [region],
      multiRegionWrites: false,
      // The claims are the trading workload's records (order ids), classed as its data.
      dataClass: trading.dataClass,
      databaseName: SITE_CLAIMS_DATABASE,
      claimsContainerName: ORDER_CLAIMS_CONTAINER,
      claimsOnly: true,
      tags,
    },
    { parent },
  );
  new AzurePrivateEndpoint(
    "azure-claims-cosmos",
    {
      resourceGroupName: args.resourceGroupName,
      location: region,
      subnetId: net.endpointSubnetId,
      targetId: store.accountId,
      groupId: "Sql",
      dnsZoneId: net.dnsZoneIds.cosmos,
      endpointName: azureName("generic", env, region, "claims"),
      tags,
    },
    { parent },
  );
  return {
    resourceGroupName: args.resourceGroupName,
    accountId: store.accountId,
    accountName: store.accountName,
    databaseName: store.databaseName,
    // Always set here (the container was asked for); the name falls back only for the type.
    containerName: pulumi.output(store.claimsContainerName ?? ORDER_CLAIMS_CONTAINER),
    endpoint: pulumi.interpolate`https://${store.accountName}-${region}.documents.azure.com:443/`,
  };
}
