/**
 * The functions of an Azure site: one Function App per function of each workload placed there,
 * with its database variables and data-plane grant, its pipeline settings and grants, and — for
 * HTTP functions — its Front Door origin (and route, from the earliest Azure site serving it).
 * Also the topology queries the Azure deployment shares.
 */
import * as pulumi from "@pulumi/pulumi";
import { functionsOf, type FunctionSpec } from "../../functions/catalog";
import { bundleFunction } from "../../functions/build";
import { HEALTH_PATH } from "../../functions/adapters/health";
import { distanceKm } from "../../model/geo";
import { findRegion } from "../../model/regions";
import { EXPOSURE_TAG, type Site, type Topology, type Workload } from "../../model/types";
import { ORDER_CLAIMS_CONTAINER } from "../data/azure-cosmos";
import { requireGlobal } from "./context";
import type { AzureGlobalOutputs } from "./azure-outputs";
import type { AzureSiteStore } from "./azure-site-store";
import { AzureFrontDoorOrigin } from "../edge/azure-front-door";
import type { AzureNetwork } from "../network/azure-network";
import type { AzurePipeline } from "../pipeline/azure-pipeline";
import { grantCosmosData } from "../access/azure-roles";
import { LatencyFunction, primaryVenue } from "../compute/function";

/** Arguments of {@link createAzureSiteFunctions}. */
export interface AzureSiteFunctionsArgs {
  readonly topology: Topology;
  readonly site: Site;
  /** The workloads placed on the site. */
  readonly workloads: readonly Workload[];
  /** The global stack's `azure` output. */
  readonly global: pulumi.Output<AzureGlobalOutputs>;
  readonly resourceGroupName: pulumi.Input<string>;
  readonly network: AzureNetwork;
  /** The site's Application Insights component. */
  readonly insights: { id: pulumi.Input<string>; connectionString: pulumi.Input<string> };
  readonly pipeline?: AzurePipeline;
  /** The site's own store, for the claims and state its workloads' databases do not serve. */
  readonly store?: AzureSiteStore;
  readonly tags: Record<string, string>;
  readonly parent: pulumi.Resource;
}

/** Creates the site's functions; returns each function's URL (or invoke target) by name. */
export function createAzureSiteFunctions(
  args: AzureSiteFunctionsArgs,
): Record<string, pulumi.Output<string>> {
  const {
    topology,
    site,
    workloads,
    global: g,
    network: net,
    insights,
    pipeline,
    store,
    tags,
    parent,
  } = args;
  const env = topology.environment;
  const region = site.region;
  const rg = { name: args.resourceGroupName };
  const cosmos = (db: string) =>
    g.apply((o) => requireGlobal(o.cosmos[db], `azure.cosmos["${db}"]`));
  const urls: Record<string, pulumi.Output<string>> = {};
  for (const w of workloads) {
    for (const spec of functionsOf(w.kind)) {
      const http = spec.trigger === "http";
      const fn = new LatencyFunction(
        `azure-${spec.name}`,
        {
          site,
          environment: env,
          spec,
          bundle: bundleFunction(spec.name, "azure"),
          warmInstances: w.warmInstances,
          ...(w.memoryMb !== undefined ? { memoryMb: w.memoryMb } : {}),
          dataClass: w.dataClass,
          latencyBudgetMs: w.latencyBudgetMs,
          venue: primaryVenue(site),
          tags: { ...tags, ...(http ? EXPOSURE_TAG : {}) },
          variables: {
            ...(w.database && isAzureDatabase(topology, w.database) && COSMOS_CLIENTS.has(spec.name)
              ? cosmosVariables(
                  topology,
                  site,
                  w.database,
                  cosmos(w.database),
                  spec.name === "order",
                )
              : {}),
            ...(store ? siteStoreVariables(store, spec) : {}),
          },
          azure: {
            resourceGroupName: rg.name,
            subnetId: net.functionSubnetId,
            applicationInsights: insights,
            blobPrivateEndpoint: { subnetId: net.endpointSubnetId, dnsZoneId: net.dnsZoneIds.blob },
            ...(http
              ? {
                  frontDoorId: g.apply((o) =>
                    requireGlobal(o.frontDoor?.frontDoorId, "azure.frontDoor.frontDoorId"),
                  ),
                }
              : {}),
            appSettings: pipelineSettings(spec, pipeline),
          },
        },
        { parent },
      );
      const principal = fn.identity;
      if (w.database && isAzureDatabase(topology, w.database) && COSMOS_CLIENTS.has(spec.name)) {
        const c = cosmos(w.database);
        // On the one container the function's code uses: order's claims, the state functions' main.
        grantCosmosData(
          `azure-${spec.name}-cosmos`,
          { site: site.id, function: spec.name },
          {
            resourceGroupName: g.resourceGroupName,
            accountName: c.apply((x) => x.accountName),
            accountId: c.apply((x) => x.accountId),
            databaseName: c.apply((x) => x.databaseName),
            containerName: c.apply((x) => cosmosContainerOf(x, spec.name === "order")),
          },
          principal,
          fn,
        );
      }
      const siteContainer = store && siteStoreContainer(store, spec);
      if (store && siteContainer) {
        // Data Contributor on the function's container of the site's store only: a claim creates,
        // reads by id, upserts and deletes documents (functions/lib/idempotency-cosmos.ts), the
        // state stores read, create, replace and upsert them (functions/portfolio/store-cosmos.ts,
        // functions/fraud/history-cosmos.ts), all data-plane calls.
        grantCosmosData(
          `azure-${spec.name}-site-store`,
          { site: site.id, function: spec.name },
          { ...store, containerName: siteContainer },
          principal,
          fn,
        );
      }
      if (pipeline && spec.trigger === "stream") {
        pipeline.grantMarketDataReceive(`azure-${spec.name}-events`, principal);
      }
      if (pipeline && w.kind === "trading" && spec.name === "normalize")
        pipeline.grantSignalsSend(`azure-${spec.name}-signals-send`, principal);
      if (pipeline && w.kind === "trading" && spec.name === "order")
        pipeline.grantSignalsReceive(`azure-${spec.name}-signals-receive`, principal);
      if (http) {
        new AzureFrontDoorOrigin(
          `azure-${spec.name}-front-door`,
          {
            resourceGroupName: g.resourceGroupName,
            profileName: g.apply((o) =>
              requireGlobal(o.frontDoor?.profileName, "azure.frontDoor.profileName"),
            ),
            endpointName: g.apply((o) =>
              requireGlobal(o.frontDoor?.endpointName, "azure.frontDoor.endpointName"),
            ),
            originGroupId: g.apply((o) =>
              requireGlobal(
                o.frontDoor?.originGroups[spec.name],
                `azure.frontDoor.originGroups["${spec.name}"]`,
              ),
            ),
            customDomainIds: g.apply((o) => o.frontDoor?.customDomainIds ?? []),
            functionName: spec.name,
            hostName: (fn.url ?? pulumi.output("")).apply((u) => u.replace(/^https:\/\//, "")),
            originName: region,
            createRoute: firstAzureSiteServing(topology, spec) === site.id,
            // The latency record's health check probes the health path through the first HTTP function.
            extraPatterns:
              httpFunctionsOn(topology, azureSitesOf(topology))[0]?.name === spec.name
                ? [HEALTH_PATH]
                : [],
          },
          { parent },
        );
      }
      urls[spec.name] = fn.url ?? fn.invokeTarget;
    }
  }
  return urls;
}

/** The database's sites in topology (deployment) order. */
export function inTopologyOrder(topology: Topology, ids: readonly string[]): Site[] {
  return topology.sites.filter((s) => ids.includes(s.id)).sort((a, b) => a.index - b.index);
}

/** The topology's Azure sites. */
export function azureSitesOf(topology: Topology): Site[] {
  return topology.sites.filter((s) => s.cloud === "azure");
}

/** The HTTP functions of the workloads placed on any of `sites`. */
export function httpFunctionsOn(topology: Topology, sites: readonly Site[]): FunctionSpec[] {
  const ids = new Set(sites.map((s) => s.id));
  const kinds = topology.workloads.filter((w) => w.sites.some((id) => ids.has(id)));
  return kinds.flatMap((w) => functionsOf(w.kind)).filter((f) => f.trigger === "http");
}

/** The earliest Azure site serving a function: it creates the function's Front Door route. */
export function firstAzureSiteServing(topology: Topology, spec: FunctionSpec): string | undefined {
  const serving = topology.workloads
    .filter((w) => w.kind === spec.workload)
    .flatMap((w) => w.sites);
  return inTopologyOrder(topology, serving).find((s) => s.cloud === "azure")?.id;
}

/**
 * The functions whose code reads and writes the workload's Cosmos DB database: `order` (its
 * claims container), `portfolio-value` (portfolio state in the main container) and
 * `fraud-score` (account histories in the main container). Only they get its settings and a
 * Data Contributor grant, on that container alone; a grant nobody uses widens the identity.
 */
export const COSMOS_CLIENTS: ReadonlySet<string> = new Set([
  "order",
  "portfolio-value",
  "fraud-score",
]);

/** Whether `name` is an Azure database of the topology. */
export function isAzureDatabase(topology: Topology, name: string): boolean {
  return topology.databases.some((d) => d.name === name && d.cloud === "azure");
}

/**
 * The app settings naming the container of the workload's Cosmos DB database a function uses:
 * the `COSMOS_*` settings of the state functions' main container, or with `claims` (the order
 * function, which reads nothing else) only the `TACHYON_IDEMPOTENCY_COSMOS_*` settings of the
 * claims container the global stack creates for it. Each matches the function's grant.
 */
function cosmosVariables(
  topology: Topology,
  site: Site,
  database: string,
  c: pulumi.Output<AzureGlobalOutputs["cosmos"][string]>,
  claims: boolean,
): Record<string, pulumi.Input<string>> {
  const endpoint = cosmosEndpoint(c.accountName, topology, site, database);
  if (claims)
    return {
      TACHYON_IDEMPOTENCY_COSMOS_ENDPOINT: endpoint,
      // The token audience is the account, not the regional host the requests go to.
      TACHYON_IDEMPOTENCY_COSMOS_ACCOUNT: c.accountName,
      TACHYON_IDEMPOTENCY_COSMOS_DATABASE: c.databaseName,
      TACHYON_IDEMPOTENCY_COSMOS_CONTAINER: c.apply((x) => cosmosContainerOf(x, true)),
    };
  return {
    COSMOS_ENDPOINT: endpoint,
    // The token audience is the account, not the regional host the requests go to.
    COSMOS_ACCOUNT: c.accountName,
    COSMOS_DATABASE: c.databaseName,
    COSMOS_CONTAINER: c.containerName,
  };
}

/**
 * The container of a global account a function reads and writes: with `claims` (the order
 * function) the claims container, else the main container holding the workload's state.
 */
function cosmosContainerOf(c: AzureGlobalOutputs["cosmos"][string], claims: boolean): string {
  return claims ? (c.claimsContainerName ?? ORDER_CLAIMS_CONTAINER) : c.containerName;
}

/**
 * The container of the site's own store that `spec` reads and writes, if any: `order` its claims
 * container, a {@link COSMOS_CLIENTS} state function the main container when its workload keeps
 * state there.
 */
function siteStoreContainer(
  store: AzureSiteStore,
  spec: FunctionSpec,
): pulumi.Output<string> | undefined {
  if (spec.name === "order") return store.claimsContainerName;
  return COSMOS_CLIENTS.has(spec.name) && store.stateWorkloads.includes(spec.workload)
    ? store.stateContainerName
    : undefined;
}

/**
 * The app settings naming the site's own store to a function that uses it: to `order` its claims
 * container (functions/lib/azure-idempotency.ts), to a state function the main container, in the
 * `COSMOS_*` settings a global account gives it (functions/lib/azure-cosmos-env.ts).
 */
function siteStoreVariables(
  store: AzureSiteStore,
  spec: FunctionSpec,
): Record<string, pulumi.Input<string>> {
  const container = siteStoreContainer(store, spec);
  if (container === undefined) return {};
  // The token audience is the account (`_ACCOUNT`), not the regional host requests go to.
  if (spec.name === "order") {
    return {
      TACHYON_IDEMPOTENCY_COSMOS_ENDPOINT: store.endpoint,
      TACHYON_IDEMPOTENCY_COSMOS_ACCOUNT: store.accountName,
      TACHYON_IDEMPOTENCY_COSMOS_DATABASE: store.databaseName,
      TACHYON_IDEMPOTENCY_COSMOS_CONTAINER: container,
    };
  }
  return {
    COSMOS_ENDPOINT: store.endpoint,
    COSMOS_ACCOUNT: store.accountName,
    COSMOS_DATABASE: store.databaseName,
    COSMOS_CONTAINER: container,
  };
}

/**
 * The Cosmos DB location a site's functions send requests to: the site's own region when the
 * database has a location there, else the database site nearest to it by great-circle distance.
 */
export function cosmosLocationFor(topology: Topology, site: Site, database: string): string {
  const sites = topology.databases.find((d) => d.name === database)?.sites ?? [];
  if (sites.includes(site.id)) return site.region;
  const here = findRegion("azure", site.region);
  const regions = topology.sites.filter((s) => sites.includes(s.id)).map((s) => s.region);
  if (here === undefined || regions.length === 0) return site.region;
  const km = (r: string): number => {
    const there = findRegion("azure", r);
    return there === undefined ? Infinity : distanceKm(here, there);
  };
  return regions.reduce((best, r) => (km(r) < km(best) ? r : best));
}

/**
 * The regional endpoint of the account's location for this site,
 * `https://<account>-<location>.documents.azure.com:443/`. A REST client sent to the account's
 * global endpoint is served by the account's first location, wherever that is; the regional one
 * keeps reads and (with multi-region writes) writes in the function's region, and names that
 * region for the `same-region-data-access` policy.
 */
function cosmosEndpoint(
  accountName: pulumi.Input<string>,
  topology: Topology,
  site: Site,
  database: string,
): pulumi.Output<string> {
  const location = cosmosLocationFor(topology, site, database);
  return pulumi.interpolate`https://${accountName}-${location}.documents.azure.com:443/`;
}

function pipelineSettings(
  spec: FunctionSpec,
  pipeline: AzurePipeline | undefined,
): Record<string, pulumi.Input<string>> {
  if (!pipeline) return {};
  if (spec.name === "normalize") {
    return { ...pipeline.consumerSettings(spec.name), ...(pipeline.signalsProducerSettings ?? {}) };
  }
  if (spec.trigger === "stream") return pipeline.consumerSettings(spec.name);
  if (spec.name === "order") return pipeline.signalsConsumerSettings ?? {};
  return {};
}
