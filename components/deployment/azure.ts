/**
 * The Azure part of the global stack and of an Azure site's regional stack.
 *
 * Global: one resource group; per Azure database a multi-write Cosmos DB account with a location
 * per database site (failover priority in topology order); Front Door with one origin group per
 * HTTP function. Site: resource group, Log Analytics + Application Insights, the VNet (peered with
 * every earlier Azure site), private endpoints to the Cosmos accounts, the site's own account
 * for the order claims and state its workloads' databases do not serve, the event pipeline, the
 * workloads' Function Apps (Flex Consumption, always-ready = `warmInstances`), their grants, the
 * Front Door origins, alerts, an optional ExpressRoute connection and the site's latency record.
 * The circuit and the alert address come validated from the regional stack's config
 * (`SiteContext.options`).
 */
import * as pulumi from "@pulumi/pulumi";
import * as applicationinsights from "@pulumi/azure-native/applicationinsights";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as resources from "@pulumi/azure-native/resources";
import { functionsOf } from "../../functions/catalog";
import { HEALTH_PATH } from "../../functions/adapters/health";
import {
  azureSitesOf,
  createAzureSiteFunctions,
  httpFunctionsOn,
  inTopologyOrder,
} from "./azure-site-functions";
import { createAzureSiteStore } from "./azure-site-store";
import { strictestClass, type Site, type Topology, type Workload } from "../../model/types";
import { AzureCosmosDatabase, ORDER_CLAIMS_CONTAINER } from "../data/azure-cosmos";
import { AzureFrontDoor } from "../edge/azure-front-door";
import { AzureFrontDoorDomains } from "../edge/azure-front-door-domains";
import { cloudApiName, latencyRegionHolders, LatencyRecord } from "../edge/dns";
import { AzureExpressRoute } from "../network/azure-expressroute";
import { azureName } from "../naming/azure-name";
import { AzureNetwork, type AzurePeer } from "../network/azure-network";
import { AzurePrivateEndpoint } from "../network/azure-private-endpoint";
import { AzureAlerts } from "../observability/azure-alerts";
import { AzurePipeline, SIGNALS_QUEUE } from "../pipeline/azure-pipeline";
import {
  httpSites,
  requireGlobal,
  type CloudOutputs,
  type GlobalContext,
  type SiteContext,
} from "./context";
import type { AzureGlobalOutputs, AzureSiteOutputs } from "./azure-outputs";

/** Builds what the global stack owns on Azure; returns the outputs exported as `azure`. */
export function deployAzureGlobal(ctx: GlobalContext): CloudOutputs {
  const { topology, parent } = ctx;
  const sites = azureSitesOf(topology);
  if (sites.length === 0) return {};
  const env = topology.environment;
  const location = sites[0].region;
  const tags = { environment: env };
  const rg = new resources.ResourceGroup(
    "azure-global",
    { resourceGroupName: azureName("resourceGroup", env, "global"), location, tags },
    { parent },
  );
  const cosmos: Record<string, pulumi.Input<unknown>> = {};
  for (const db of topology.databases.filter((d) => d.cloud === "azure")) {
    const account = new AzureCosmosDatabase(
      `azure-cosmos-${db.name}`,
      {
        resourceGroupName: rg.name,
        accountName: azureName("cosmosAccount", env, db.name),
        locations: inTopologyOrder(topology, db.sites).map((s) => s.region),
        dataClass: db.dataClass,
        databaseName: db.name,
        // The order function claims order ids in this database when trading uses it.
        ...(topology.workloads.some((w) => w.kind === "trading" && w.database === db.name)
          ? { claimsContainerName: ORDER_CLAIMS_CONTAINER }
          : {}),
        tags,
      },
      { parent },
    );
    cosmos[db.name] = {
      accountId: account.accountId,
      accountName: account.accountName,
      databaseName: account.databaseName,
      containerName: account.containerName,
      ...(account.claimsContainerName ? { claimsContainerName: account.claimsContainerName } : {}),
    };
  }
  const http = httpFunctionsOn(topology, sites);
  const outputs: Record<string, pulumi.Input<unknown>> = {
    resourceGroupName: rg.name,
    location,
    cosmos,
  };
  if (http.length > 0) {
    const fd = new AzureFrontDoor(
      "azure-front-door",
      {
        resourceGroupName: rg.name,
        profileName: azureName("generic", env),
        endpointName: azureName("frontDoor", env),
        functions: http.map((f) => f.name),
        tags,
      },
      { parent },
    );
    // Clients arrive as api.<domain> (the latency record), Route 53's checks as azure.api.<domain>.
    const domains = ctx.dnsZoneId
      ? new AzureFrontDoorDomains(
          "azure-front-door-domains",
          {
            resourceGroupName: rg.name,
            profileName: fd.profileName,
            endpointHostName: fd.hostName,
            zoneId: ctx.dnsZoneId,
            domain: topology.dns.domain,
            subdomains: ["api", "azure.api"],
            direct: "azure.api",
          },
          { parent },
        )
      : undefined;
    outputs.frontDoor = {
      profileName: fd.profileName,
      endpointName: fd.endpointName,
      frontDoorId: fd.frontDoorId,
      hostName: fd.hostName,
      originGroups: fd.originGroups,
      ...(domains ? { customDomainIds: domains.customDomainIds } : {}),
    };
  }
  return outputs;
}

/** Builds one Azure site; returns the outputs exported as `azure`. */
export function deployAzureSite(ctx: SiteContext): CloudOutputs {
  const { topology, site, parent } = ctx;
  const g = ctx.global("azure") as pulumi.Output<AzureGlobalOutputs>;
  const env = topology.environment;
  const region = site.region;
  const tags = { environment: env, site: site.id };
  const workloads = topology.workloads.filter((w) => w.sites.includes(site.id));

  const rg = new resources.ResourceGroup(
    "azure-site",
    { resourceGroupName: azureName("resourceGroup", env, region), location: region, tags },
    { parent },
  );
  const insights = createInsights(env, region, rg.name, tags, parent);
  const net = new AzureNetwork(
    "azure-network",
    {
      resourceGroupName: rg.name,
      location: region,
      cidr: site.cidr,
      vnetName: azureName("generic", env, region),
      peers: earlierAzureSites(topology, site).map((p) => peerOf(ctx, p)),
      tags,
    },
    { parent },
  );
  const cosmos = (db: string) => g.apply((o) => o.cosmos[db]);
  for (const db of azureDatabasesAt(topology, site, workloads)) {
    new AzurePrivateEndpoint(
      `azure-cosmos-${db}`,
      {
        resourceGroupName: rg.name,
        location: region,
        subnetId: net.endpointSubnetId,
        targetId: cosmos(db).apply((c) => c.accountId),
        groupId: "Sql",
        dnsZoneId: net.dnsZoneIds.cosmos,
        endpointName: azureName("generic", env, region, db, "cosmos"),
        tags,
      },
      { parent },
    );
  }
  const store = createAzureSiteStore({
    topology,
    site,
    resourceGroupName: rg.name,
    network: net,
    tags,
    parent,
  });
  const pipeline = createPipeline(env, region, rg.name, workloads, net, tags, parent);
  const { expressRouteCircuitId: circuit, alertEmail } = ctx.options ?? {};
  if (circuit !== undefined) {
    new AzureExpressRoute(
      "azure-express-route",
      {
        resourceGroupName: rg.name,
        location: region,
        gatewaySubnetId: net.gatewaySubnetId,
        circuitId: circuit,
        baseName: azureName("generic", env, region),
        tags,
      },
      { parent },
    );
  }

  const urls = createAzureSiteFunctions({
    topology,
    site,
    workloads,
    global: g,
    resourceGroupName: rg.name,
    network: net,
    insights,
    pipeline,
    ...(store ? { store } : {}),
    tags,
    parent,
  });
  if (workloads.length > 0) {
    new AzureAlerts(
      "azure-alerts",
      {
        resourceGroupName: rg.name,
        location: region,
        baseName: azureName("generic", env, region),
        applicationInsightsId: insights.id,
        p99LatencyMs: Math.min(...workloads.map((w) => w.latencyBudgetMs)),
        ...(alertEmail !== undefined ? { emails: [alertEmail] } : {}),
        ...(pipeline?.serviceBusNamespaceId
          ? {
              deadLetter: { namespaceId: pipeline.serviceBusNamespaceId, queueName: SIGNALS_QUEUE },
            }
          : {}),
        tags,
      },
      { parent },
    );
  }
  addLatencyRecord(ctx, workloads, g);
  return {
    resourceGroupName: rg.name,
    location: region,
    vnetId: net.vnetId,
    vnetName: net.vnetName,
    functions: urls,
  };
}

/** Azure sites before `site` in the topology: the ones this site peers with. */
export function earlierAzureSites(topology: Topology, site: Site): Site[] {
  return topology.sites.filter((s) => s.cloud === "azure" && s.index < site.index);
}

/** Azure databases this site reaches: those of its workloads, and those with a replica here. */
function azureDatabasesAt(
  topology: Topology,
  site: Site,
  workloads: readonly Workload[],
): string[] {
  const used = new Set(workloads.flatMap((w) => (w.database ? [w.database] : [])));
  return topology.databases
    .filter((d) => d.cloud === "azure" && (used.has(d.name) || d.sites.includes(site.id)))
    .map((d) => d.name);
}

function peerOf(ctx: SiteContext, p: Site): AzurePeer {
  const o = ctx.peer(p.id, "azure") as pulumi.Output<AzureSiteOutputs>;
  return {
    site: p.id,
    vnetId: o.vnetId,
    vnetName: o.vnetName,
    resourceGroupName: o.resourceGroupName,
  };
}

/**
 * The site's event pipeline: the market-data hub when a stream function runs here (one consumer
 * group per stream function), the orders queue when the trading workload does.
 */
function createPipeline(
  env: string,
  region: string,
  resourceGroupName: pulumi.Input<string>,
  workloads: readonly Workload[],
  net: AzureNetwork,
  tags: Record<string, string>,
  parent: pulumi.Resource,
): AzurePipeline | undefined {
  const streams = workloads.flatMap((w) =>
    functionsOf(w.kind)
      .filter((f) => f.trigger === "stream")
      .map((f) => ({ fn: f.name, dataClass: w.dataClass })),
  );
  if (streams.length === 0) return undefined;
  return new AzurePipeline(
    "azure-pipeline",
    {
      resourceGroupName,
      location: region,
      baseName: azureName("namespace", env, region),
      dataClass: strictestClass(streams.map((s) => s.dataClass)),
      consumers: streams.map((s) => s.fn),
      orders: workloads.some((w) => w.kind === "trading"),
      // Premium is the only Service Bus tier with private endpoints: signals stay in the VNet.
      serviceBusSku: "Premium",
      privateEndpoints: { subnetId: net.endpointSubnetId, dnsZoneId: net.dnsZoneIds.servicebus },
      tags,
    },
    { parent },
  );
}

function createInsights(
  env: string,
  region: string,
  resourceGroupName: pulumi.Input<string>,
  tags: Record<string, string>,
  parent: pulumi.Resource,
): { id: pulumi.Output<string>; connectionString: pulumi.Output<string> } {
  const workspace = new operationalinsights.Workspace(
    "azure-logs",
    {
      resourceGroupName,
      location: region,
      workspaceName: azureName("generic", env, region),
      sku: { name: "PerGB2018" },
      // A year of interactive retention: function and alert logs are audit evidence.
      retentionInDays: 365,
      tags,
    },
    { parent },
  );
  const component = new applicationinsights.Component(
    "azure-insights",
    {
      resourceGroupName,
      location: region,
      resourceName: azureName("generic", env, region),
      kind: "web",
      applicationType: "web",
      ingestionMode: "LogAnalytics",
      workspaceResourceId: workspace.id,
      disableLocalAuth: true,
      tags,
    },
    { parent },
  );
  return { id: component.id, connectionString: component.connectionString };
}

/** The site's latency member, when it serves HTTP: a CNAME to (and check of) `azure.api.<domain>`. */
function addLatencyRecord(
  ctx: SiteContext,
  workloads: readonly Workload[],
  g: pulumi.Output<AzureGlobalOutputs>,
): void {
  const { topology, site, parent } = ctx;
  const servesHttp = workloads.some((w) => functionsOf(w.kind).some((f) => f.trigger === "http"));
  if (!servesHttp || !topology.sites.some((s) => s.cloud === "aws")) return;
  if (!latencyRegionHolders(httpSites(topology)).has(site.id)) {
    // Another site holds this site's latency region (one record per region), and answers the
    // clients Route 53 would have sent here.
    return;
  }
  const aws = ctx.global("aws") as pulumi.Output<{ zoneId?: string }>;
  // azure.api.<domain> is a CNAME to the endpoint and a custom domain on every route, so the
  // check goes through Front Door exactly as clients do, with its own Host and certificate.
  const own = g.apply((o) => {
    requireGlobal(o.frontDoor?.customDomainIds, "azure.frontDoor.customDomainIds");
    return cloudApiName("azure", topology.dns.domain);
  });
  new LatencyRecord(
    "azure-dns",
    {
      zoneId: aws.apply((o) => requireGlobal(o.zoneId, "aws.zoneId")),
      recordName: `api.${topology.dns.domain}`,
      site,
      target: own,
      healthCheck: { kind: "https", fqdn: own, path: HEALTH_PATH },
    },
    { parent },
  );
}
