/**
 * The store an Azure site owns for whatever its workloads' databases do not serve it
 * (`site-stores.ts`): order-id claims when `needsSiteClaims`, and the state of each workload
 * `siteStateWorkloads` lists (portfolio positions, fraud account histories). One single-region
 * Cosmos DB account in the site's region and resource group, reached through a private endpoint
 * in the site's VNet as the global accounts are, holding the `order-claims` container only when
 * claims are needed and the main `items` container only when state is: each built as the global
 * accounts build theirs (partitioned on `/id`, TTL on with no default), so the functions' stores
 * work on it unchanged. The functions are named it and granted on it in `azure-site-functions.ts`.
 *
 * The account keeps the capacity mode of every Tachyon account (provisioned throughput), not
 * serverless: serverless gives no assurance of predictable latency
 * (https://learn.microsoft.com/en-us/azure/cosmos-db/serverless-performance), and every order
 * waits for its claim.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Site, Topology, WorkloadKind } from "../../model/types";
import { AzureCosmosDatabase, ORDER_CLAIMS_CONTAINER } from "../data/azure-cosmos";
import { azureName } from "../naming/azure-name";
import type { AzureNetwork } from "../network/azure-network";
import { AzurePrivateEndpoint } from "../network/azure-private-endpoint";
import {
  needsSiteClaims,
  siteStateWorkloads,
  siteStoreDataClass,
  siteStoreWorkloads,
} from "./site-stores";

/** Arguments of {@link createAzureSiteStore}. */
export interface AzureSiteStoreArgs {
  readonly topology: Topology;
  readonly site: Site;
  /** The site's resource group: the account lives and is deleted with the site. */
  readonly resourceGroupName: pulumi.Input<string>;
  readonly network: AzureNetwork;
  readonly tags: Record<string, string>;
  readonly parent: pulumi.Resource;
}

/** A site's own store, as its functions' settings and grants need it. */
export interface AzureSiteStore {
  readonly resourceGroupName: pulumi.Input<string>;
  /** Resource id of the account: the scope root of the Data Contributor grants. */
  readonly accountId: pulumi.Output<string>;
  readonly accountName: pulumi.Output<string>;
  readonly databaseName: pulumi.Output<string>;
  /** The account's regional endpoint in the site's region (its only location). */
  readonly endpoint: pulumi.Output<string>;
  /** The claims container, when trading needs one here. */
  readonly claimsContainerName?: pulumi.Output<string>;
  /** The main container, holding the state of {@link stateWorkloads}. */
  readonly stateContainerName?: pulumi.Output<string>;
  /** The workloads that keep their state here, in topology order. */
  readonly stateWorkloads: readonly WorkloadKind[];
}

/** The SQL database of a site's own account. */
export const SITE_STORE_DATABASE = "site";

/**
 * The physical name of a site's own Cosmos DB account, `tachyon-<env>-1-<region>-site` ("1": one
 * location). A global account is `tachyon-<env>-<db>`, and a database name starts with a letter
 * (`checkDatabaseName`) while the part after the environment here starts with a digit, and the
 * environment has no hyphen: so no database of any environment can take this name, nor give it
 * to a global account's regional host `tachyon-<env>-<db>-<location>`.
 */
export function siteStoreAccountName(environment: string, region: string): string {
  return azureName("cosmosAccount", environment, "1", region, "site");
}

/**
 * Creates the site's own account and its private endpoint when the site needs them; returns
 * `undefined` (and creates nothing) when the workloads' databases serve the site for everything.
 */
export function createAzureSiteStore(args: AzureSiteStoreArgs): AzureSiteStore | undefined {
  const { topology, site, network: net, tags, parent } = args;
  const users = siteStoreWorkloads(topology, site);
  if (users.length === 0) return undefined;
  const claims = needsSiteClaims(topology, site);
  const state = siteStateWorkloads(topology, site);
  const env = topology.environment;
  const region = site.region;
  const store = new AzureCosmosDatabase(
    "azure-site-store",
    {
      resourceGroupName: args.resourceGroupName,
      accountName: siteStoreAccountName(env, region),
      locations: [region],
      multiRegionWrites: false,
      // One location: Strong costs no write latency there (every level commits to a local
      // majority) and twice the RUs of a read; it makes the claim read after a 409, made
      // without a session token, see that write
      // (https://learn.microsoft.com/en-us/azure/cosmos-db/consistency-levels#consistency-levels-and-throughput).
      consistency: "Strong",
      // The account holds the records of every workload that uses it, in place of their databases.
      dataClass: siteStoreDataClass(topology, users),
      databaseName: SITE_STORE_DATABASE,
      ...(claims ? { claimsContainerName: ORDER_CLAIMS_CONTAINER } : {}),
      ...(state.length === 0 ? { claimsOnly: true } : {}),
      lockNotes: `Site store (${storeContents(claims, state)}): remove this lock deliberately before deleting the account.`,
      tags,
    },
    { parent },
  );
  new AzurePrivateEndpoint(
    "azure-site-store-cosmos",
    {
      resourceGroupName: args.resourceGroupName,
      location: region,
      subnetId: net.endpointSubnetId,
      targetId: store.accountId,
      groupId: "Sql",
      dnsZoneId: net.dnsZoneIds.cosmos,
      endpointName: azureName("generic", env, region, "site"),
      tags,
    },
    { parent },
  );
  return {
    resourceGroupName: args.resourceGroupName,
    accountId: store.accountId,
    accountName: store.accountName,
    databaseName: store.databaseName,
    endpoint: pulumi.interpolate`https://${store.accountName}-${region}.documents.azure.com:443/`,
    ...(store.claimsContainerName ? { claimsContainerName: store.claimsContainerName } : {}),
    ...(store.containerName ? { stateContainerName: store.containerName } : {}),
    stateWorkloads: state,
  };
}

/** What a site store holds, for its lock's notes: "order-id claims, portfolio state". */
function storeContents(claims: boolean, state: readonly WorkloadKind[]): string {
  return [...(claims ? ["order-id claims"] : []), ...state.map((w) => `${w} state`)].join(", ");
}
