/**
 * Fake deployment contexts for the Azure and Google Cloud deployment specs: the global stack's
 * and earlier sites' outputs are given as plain values.
 */
import * as pulumi from "@pulumi/pulumi";
import type { GlobalContext, SiteContext } from "../../../components/deployment/context";
import type { RegionalOptions } from "../../../model/config-regional";
import type { Topology } from "../../../model/types";
import { SpecParent } from "../azure-gcp-fixtures";

/** A global context under a fresh parent. */
export function globalContext(topology: Topology, dnsZoneId?: string): GlobalContext {
  return {
    topology,
    parent: new SpecParent("global"),
    ...(dnsZoneId === undefined ? {} : { dnsZoneId }),
  };
}

/**
 * A site context whose `global()` and `peer()` answer from the given maps, with the regional
 * stack's validated optional keys `options`.
 */
export function siteContext(
  topology: Topology,
  siteId: string,
  globals: Record<string, unknown>,
  peers: Record<string, Record<string, unknown>> = {},
  options: RegionalOptions = {},
): SiteContext & { peersAsked: string[] } {
  const site = topology.sites.find((s) => s.id === siteId);
  if (!site) throw new Error(`no site ${siteId} in the fixture topology`);
  const peersAsked: string[] = [];
  return {
    topology,
    site,
    parent: new SpecParent("site"),
    options,
    global: (key) => pulumi.output(globals[key]),
    peer: (id, key) => {
      peersAsked.push(`${id}/${key}`);
      return pulumi.output(peers[id]?.[key]);
    },
    peersAsked,
  };
}

/** The global stack's `azure` outputs for the fixture topology (Cosmos DB `orders`, Front Door). */
export const AZURE_GLOBAL = {
  resourceGroupName: "tachyon-prod-global",
  location: "eastus",
  cosmos: {
    orders: {
      accountId:
        "/subscriptions/s/resourceGroups/g/providers/Microsoft.DocumentDB/databaseAccounts/tachyon-prod-orders",
      accountName: "tachyon-prod-orders",
      databaseName: "orders",
      containerName: "items",
      claimsContainerName: "order-claims",
    },
  },
  frontDoor: {
    profileName: "tachyon-prod",
    endpointName: "tachyon-prod",
    frontDoorId: "fd-guid",
    hostName: "tachyon-prod.z01.azurefd.net",
    originGroups: {
      order:
        "/subscriptions/s/resourceGroups/g/providers/Microsoft.Cdn/profiles/tachyon-prod/originGroups/order",
      "fraud-score":
        "/subscriptions/s/resourceGroups/g/providers/Microsoft.Cdn/profiles/tachyon-prod/originGroups/fraud-score",
    },
    customDomainIds: [
      "/subscriptions/s/resourceGroups/g/providers/Microsoft.Cdn/profiles/tachyon-prod/customDomains/api",
      "/subscriptions/s/resourceGroups/g/providers/Microsoft.Cdn/profiles/tachyon-prod/customDomains/azure-api",
    ],
  },
};

/** The global stack's `gcp` outputs for the fixture topology (its project, Spanner `cards`, the entry). */
export const GCP_GLOBAL = {
  // Another project than the mocks' provider project, so that a spec sees which one a site names.
  project: "tachyon-global",
  networkSelfLink: "https://www.googleapis.com/compute/v1/projects/p/global/networks/tachyon-prod",
  spanner: {
    cards: { instanceName: "tachyon-prod-cards", databaseName: "cards", config: "nam-eur-asia1" },
  },
  entry: { address: "203.0.113.10", backendServices: {}, hostName: "gcp.api.trade.example.com" },
};
