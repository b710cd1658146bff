/**
 * The AWS part of the global stack and of an AWS site's regional stack (DESIGN.md §2).
 *
 * Global: the Route 53 zone of `dns.domain`, the Global Accelerator and its listener, one
 * DynamoDB global table per AWS database (replicas in the database's other sites), the edge
 * distribution with its routing function and one accelerator listener pinned to each AWS site
 * that answers HTTP, and the Direct Connect gateway when the topology has `directConnect` (with
 * the connection's private virtual interface when it gives the VLAN and customer ASN).
 *
 * Site: the VPC and endpoints, peering with every earlier AWS site, the Direct Connect
 * attachment, the cache, the event pipeline, the functions of every workload that lists the
 * site (see `aws-site.ts`) and their alarms, the site's own order-id claims table where the
 * trading database gives it none (`aws-local-tables.ts`), the site's internal load balancer in
 * the accelerator and its latency record in the zone.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Site, Topology } from "../../model/types";
import { AwsGlobalTable, type AwsGlobalTableArgs } from "../data/aws-global-table";
import { AwsEdgeRouting } from "../edge/aws-cdn";
import { AwsGlobalEntry } from "../edge/aws-entry";
import { AwsDirectConnectAttachment, AwsDirectConnectGateway } from "../network/aws-direct-connect";
import {
  AwsNetwork,
  DEFAULT_INTERFACE_ENDPOINTS,
  PRIVATE_ROUTE_TABLES,
} from "../network/aws-network";
import { AwsPeering } from "../network/aws-peering";
import { sharedCacheOf } from "./aws-cache-role";
import { deploySiteWorkloads, siteWorkloads } from "./aws-site";
import { STATE_TABLE_SUFFIX, tablesOf } from "./aws-tables";
import type { AwsGlobalOutputs, AwsSiteOutputs, AwsTableOutputs } from "./aws-outputs";
import { requireGlobal, type CloudOutputs, type GlobalContext, type SiteContext } from "./context";

/** Tags every AWS resource of the environment carries. */
export function environmentTags(topology: Topology, site?: Site): Record<string, string> {
  return {
    "tachyon-environment": topology.environment,
    ...(site === undefined ? {} : { "tachyon-site": site.id }),
  };
}

/** Builds what the global stack owns on AWS; returns the outputs exported as `aws`. */
export function deployAwsGlobal(ctx: GlobalContext): CloudOutputs {
  const { topology, parent } = ctx;
  const tags = environmentTags(topology);
  const httpSites = awsHttpSites(topology);
  const entry = new AwsGlobalEntry(
    "aws-entry",
    {
      domain: topology.dns.domain,
      environment: topology.environment,
      apiCertificate: httpSites.length > 0,
      tags,
    },
    { parent },
  );
  const tables: Record<string, pulumi.Output<AwsTableOutputs>> = {};
  const stateTables: Record<string, pulumi.Output<AwsTableOutputs>> = {};
  for (const database of topology.databases.filter((d) => d.cloud === "aws")) {
    const uses = tablesOf(topology, database);
    const globalTable = (name: string, extra: Partial<AwsGlobalTableArgs>) => {
      const table = new AwsGlobalTable(
        name,
        { database, environment: topology.environment, tags, ...extra },
        { parent },
      );
      return pulumi.output({
        name: table.tableName,
        arn: table.tableArn,
        homeRegion: table.homeRegion,
        regions: [...table.regions],
        keyArns: table.keyArns,
      });
    };
    if (uses.claims) tables[database.name] = globalTable(`aws-db-${database.name}`, {});
    if (uses.state) {
      stateTables[database.name] = globalTable(`aws-db-${database.name}${STATE_TABLE_SUFFIX}`, {
        nameSuffix: STATE_TABLE_SUFFIX,
        rangeKey: "sk",
      });
    }
  }
  const outputs: CloudOutputs = {
    zoneId: entry.zoneId,
    nameServers: entry.nameServers,
    acceleratorArn: entry.acceleratorArn,
    acceleratorDnsName: entry.acceleratorDnsName,
    listenerArn: entry.listenerArn,
    tables,
    ...(Object.keys(stateTables).length > 0 ? { stateTables } : {}),
  };
  if (entry.apiValidationFqdn) outputs.apiValidationFqdn = entry.apiValidationFqdn;
  if (entry.edgeValidationFqdn) outputs.edgeValidationFqdn = entry.edgeValidationFqdn;
  if (httpSites.length > 0) {
    const edge = new AwsEdgeRouting(
      "aws-edge",
      {
        domain: topology.dns.domain,
        environment: topology.environment,
        zoneId: entry.zoneId,
        acceleratorArn: entry.acceleratorArn,
        sites: httpSites,
        tags,
      },
      { parent },
    );
    outputs.pinnedListeners = edge.pinnedListenerArns;
    outputs.edgeHostName = edge.hostName;
    outputs.edgeKeyValueStoreArn = edge.keyValueStoreArn;
  }
  if (topology.directConnect) {
    const dx = new AwsDirectConnectGateway(
      "aws-dx",
      { directConnect: topology.directConnect, environment: topology.environment, tags },
      { parent },
    );
    outputs.dxGatewayId = dx.gatewayId;
    if (dx.virtualInterfaceId) outputs.dxVirtualInterfaceId = dx.virtualInterfaceId;
    if (dx.bgpAuthKey) outputs.dxBgpAuthKey = dx.bgpAuthKey;
  }
  return outputs;
}

/** Builds one AWS site; returns the outputs exported as `aws`. */
export function deployAwsSite(ctx: SiteContext): CloudOutputs {
  const { topology, site, parent } = ctx;
  const tags = environmentTags(topology, site);
  const global = ctx.global("aws") as pulumi.Output<AwsGlobalOutputs>;
  const servesHttp = siteWorkloads(topology, site).some((w) =>
    w.functions.some((f) => f.trigger === "http"),
  );

  const network = new AwsNetwork(
    "aws-network",
    {
      site,
      environment: topology.environment,
      internetGateway: servesHttp,
      // A shared cache's functions read its AUTH token from Secrets Manager at start-up.
      ...(sharedCacheOf(topology, site)
        ? { interfaceEndpoints: [...DEFAULT_INTERFACE_ENDPOINTS, "secretsmanager"] }
        : {}),
      tags,
    },
    { parent },
  );
  const peers = earlierAwsSites(topology, site).map((peer) => {
    const out = ctx.peer(peer.id, "aws") as pulumi.Output<AwsSiteOutputs>;
    const peering = new AwsPeering(
      `aws-peer-${peer.region}`,
      {
        site,
        peer,
        vpcId: network.vpcId,
        routeTableIds: network.routeTableIds,
        peerVpcId: out.apply((o) => o.vpcId),
        peerRouteTableIds: Array.from({ length: PRIVATE_ROUTE_TABLES }, (_, i) =>
          out.apply((o) => o.routeTableIds[i]),
        ),
        tags,
      },
      { parent },
    );
    return { site: peer.id, peeringConnectionId: peering.peeringConnectionId };
  });
  const outputs: CloudOutputs = {
    region: site.region,
    vpcId: network.vpcId,
    cidr: network.cidr,
    routeTableIds: network.routeTableIds,
    subnetIds: network.subnetIds,
    peerings: peers,
    venues: [...site.venues],
  };
  if (topology.directConnect) {
    const dx = new AwsDirectConnectAttachment(
      "aws-dx",
      {
        site,
        environment: topology.environment,
        vpcId: network.vpcId,
        routeTableIds: network.routeTableIds,
        dxGatewayId: global.apply((g) => requireGlobal(g.dxGatewayId, "aws.dxGatewayId")),
        tags,
      },
      { parent },
    );
    outputs.colocation = dx.colocation;
  }
  Object.assign(outputs, deploySiteWorkloads(ctx, { network, global, tags }));
  return outputs;
}

/** The AWS sites where some workload has an HTTP function: the regions the edge routes to. */
export function awsHttpSites(topology: Topology): Site[] {
  return topology.sites.filter(
    (s) =>
      s.cloud === "aws" &&
      siteWorkloads(topology, s).some((w) => w.functions.some((f) => f.trigger === "http")),
  );
}

/** The AWS sites deployed before `site`, in topology order: the ones it peers with. */
export function earlierAwsSites(topology: Topology, site: Site): Site[] {
  return topology.sites.filter((s) => s.cloud === "aws" && s.index < site.index);
}
