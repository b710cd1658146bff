/**
 * The Google Cloud part of the global stack and of a GCP site's regional stack.
 *
 * Global: the one global VPC with a Private Service Connect endpoint for Google APIs; per GCP database a Spanner instance on the configuration covering
 * its sites; the global external Application Load Balancer with a serverless NEG per HTTP function
 * and site (named after the Cloud Run service the site will create). Site: the site's subnet (and
 * optional Interconnect), a source bucket, the market-data pipeline, the workloads' Cloud Run
 * functions (Cloud Functions v2, minimum instances = `warmInstances`), their database grants
 * (on the site's own store where a workload's database does not serve the site:
 * gcp-site-store.ts), alerts and the site's latency record. The Interconnect and the alert address come validated from the regional
 * stack's config (`SiteContext.options`); without an address, alerts go to `oncall@<dns domain>`.
 * The global stack exports its project; a site deploys to the same one (gcp-project.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import * as storage from "@pulumi/gcp/storage";
import { functionsOf } from "../../functions/catalog";
import { bundleFunction } from "../../functions/build";
import { HEALTH_PATH } from "../../functions/adapters/health";
import {
  TAG_DATA_CLASS,
  strictestClass,
  type Site,
  type Topology,
  type Workload,
} from "../../model/types";
import { LatencyFunction, primaryVenue } from "../compute/function";
import { GcpFunctionBuild } from "../compute/gcp-function-build";
import { GcpSpannerDatabase } from "../data/gcp-spanner";
import * as route53 from "@pulumi/aws/route53";
import { cloudApiName, latencyRegionHolders, LatencyRecord } from "../edge/dns";
import { GcpGlobalEntry, type GcpEntryFunction } from "../edge/gcp-load-balancer";
import { GcpGoogleApis, googleApisAddress } from "../network/gcp-google-apis";
import { gcpName } from "../naming/gcp-name";
import { GcpGlobalNetwork, GcpSiteNetwork } from "../network/gcp-network";
import { GcpAlerts } from "../observability/gcp-alerts";
import { GcpPipeline } from "../pipeline/gcp-pipeline";
import { GcpSignals } from "../pipeline/gcp-signals";
import {
  httpSites,
  requireGlobal,
  type CloudOutputs,
  type GlobalContext,
  type SiteContext,
} from "./context";
import { deployGcpSiteStore } from "./gcp-site-store";
import { enableGcpServices, gcpGlobalServices, gcpSiteServices } from "./gcp-services";
import { spannerSchemaDdl } from "./spanner-schema";
import { stackGcpProject } from "./gcp-project";
import {
  grantSpannerClient,
  SPANNER_CLIENTS,
  spannerVariables,
  type SpannerTarget,
} from "./gcp-spanner-clients";

export { SPANNER_CLIENTS } from "./gcp-spanner-clients";

/** What the global stack exports as `gcp`. */
export interface GcpGlobalOutputs {
  /**
   * The project the global stack deploys to; a GCP site must deploy to the same one
   * (gcp-project.ts), and it names the global Spanner databases in it. Absent from a global stack
   * deployed before it was exported.
   */
  readonly project?: string;
  readonly networkSelfLink: string;
  /** Per database name. */
  readonly spanner: Record<string, { instanceName: string; databaseName: string; config: string }>;
  readonly entry?: {
    readonly address: string;
    readonly backendServices: Record<string, string>;
    /** `gcp.api.<domain>`, an A record to `address`, when the environment has a Route 53 zone. */
    readonly hostName?: string;
  };
}

/** Builds what the global stack owns on Google Cloud; returns the outputs exported as `gcp`. */
export function deployGcpGlobal(ctx: GlobalContext): CloudOutputs {
  const { topology, parent } = ctx;
  const sites = topology.sites.filter((s) => s.cloud === "gcp");
  if (sites.length === 0) return {};
  enableGcpServices(parent, gcpGlobalServices(topology));
  const env = topology.environment;
  const network = new GcpGlobalNetwork(
    "gcp-network",
    { networkName: gcpName("resource", env) },
    { parent },
  );
  new GcpGoogleApis(
    "gcp-google-apis",
    {
      network: network.selfLink,
      address: googleApisAddress(topology.sites.map((s) => s.cidr)),
      endpointName: `tachyon${env}apis`.replace(/[^a-z0-9]/g, "").slice(0, 20),
    },
    { parent },
  );
  const databases: Record<string, pulumi.Input<unknown>> = {};
  for (const db of topology.databases.filter((d) => d.cloud === "gcp")) {
    const instance = new GcpSpannerDatabase(
      `gcp-spanner-${db.name}`,
      {
        instanceName: gcpName("spanner", env, db.name),
        databaseName: db.name,
        regions: topology.sites
          .filter((s) => db.sites.includes(s.id))
          .sort((a, b) => a.index - b.index)
          .map((s) => s.region),
        dataClass: db.dataClass,
        // Every database holds every workload's tables: the list may only grow at its end.
        ddls: spannerSchemaDdl(),
        labels: { environment: env },
      },
      { parent },
    );
    databases[db.name] = {
      instanceName: instance.instanceName,
      databaseName: instance.databaseName,
      config: instance.config,
    };
  }
  const outputs: Record<string, pulumi.Input<unknown>> = {
    project: stackGcpProject(parent),
    networkSelfLink: network.selfLink,
    spanner: databases,
  };
  const http = gcpHttpFunctions(topology);
  if (http.length > 0) {
    const entry = new GcpGlobalEntry(
      "gcp-entry",
      {
        environment: env,
        baseName: gcpName("resource", env),
        // Clients arrive as api.<domain> (the latency record), Route 53's checks as gcp.api.<domain>.
        domains: [`api.${topology.dns.domain}`, cloudApiName("gcp", topology.dns.domain)],
        functions: http,
      },
      { parent },
    );
    const entryOutputs: Record<string, pulumi.Input<unknown>> = {
      address: entry.address,
      backendServices: entry.backendServices,
    };
    if (ctx.dnsZoneId) {
      // The load balancer's own name: the GCP sites' latency members are CNAMEs to it, so the
      // latency set holds CNAMEs only, and their health checks probe it.
      new route53.Record(
        "gcp-entry-name",
        {
          zoneId: ctx.dnsZoneId,
          name: cloudApiName("gcp", topology.dns.domain),
          type: "A",
          ttl: 60,
          records: [entry.address],
        },
        { parent },
      );
      entryOutputs.hostName = cloudApiName("gcp", topology.dns.domain);
    }
    outputs.entry = entryOutputs;
  }
  return outputs;
}

/** Builds one GCP site; returns the outputs exported as `gcp`. */
export function deployGcpSite(ctx: SiteContext): CloudOutputs {
  const { topology, site, parent } = ctx;
  const g = ctx.global("gcp") as pulumi.Output<GcpGlobalOutputs>;
  const env = topology.environment;
  const region = site.region;
  const { interconnect, alertEmail } = ctx.options ?? {};
  enableGcpServices(parent, gcpSiteServices(topology, site, ctx.options));
  const workloads = topology.workloads.filter((w) => w.sites.includes(site.id));
  const net = new GcpSiteNetwork(
    "gcp-network",
    {
      network: g.networkSelfLink,
      region,
      cidr: site.cidr,
      baseName: gcpName("resource", env, region),
      ...(interconnect !== undefined ? { interconnect } : {}),
    },
    { parent },
  );
  const bucket = new storage.Bucket(
    "gcp-sources",
    {
      name: gcpName("bucket", env, region, "sources"),
      location: region.toUpperCase(),
      uniformBucketLevelAccess: true,
      publicAccessPrevention: "enforced",
      forceDestroy: true,
      labels: { [TAG_DATA_CLASS]: "internal", environment: env },
    },
    { parent },
  );
  const build = new GcpFunctionBuild(
    "gcp-build",
    { environment: env, region, sourceBucket: bucket.name },
    { parent },
  );
  const streams = workloads.filter((w) => functionsOf(w.kind).some((f) => f.trigger === "stream"));
  const pipeline =
    streams.length > 0
      ? new GcpPipeline(
          "gcp-pipeline",
          { environment: env, region, dataClass: strictestClass(streams.map((w) => w.dataClass)) },
          { parent },
        )
      : undefined;

  // Trading signals travel from normalize to order over the site's signals topic.
  const trading = workloads.find((w) => w.kind === "trading");
  const signals =
    pipeline !== undefined && trading !== undefined
      ? new GcpSignals(
          "gcp-signals",
          {
            environment: env,
            region,
            dataClass: trading.dataClass,
            pushServiceAccountEmail: pipeline.pushServiceAccountEmail,
          },
          { parent },
        )
      : undefined;

  // A global database lives in the global stack's project, which the regional stack checked is
  // its own (gcp-project.ts); naming it keeps the grant and the path right by what they say.
  const spannerOf = (name: string): pulumi.Output<SpannerTarget> =>
    g.apply((o) => ({
      ...requireGlobal(o.spanner[name], `gcp.spanner["${name}"]`),
      project: requireGlobal(o.project, "gcp.project"),
    }));
  // Where a workload's database does not serve the site (trading's claims, portfolio's and
  // fraud's state), its Spanner clients use a store of the site's own instead, in the site's
  // own project.
  const store = deployGcpSiteStore(topology, site, parent);
  const siteStore =
    store === undefined
      ? undefined
      : {
          ...store,
          project: stackGcpProject(parent),
        };
  const urls: Record<string, pulumi.Output<string>> = {};
  for (const w of workloads) {
    const database =
      w.database !== undefined && isGcpDatabase(topology, w.database) ? w.database : undefined;
    const workloadDb = siteStore?.workloads.includes(w.kind)
      ? pulumi.output(siteStore)
      : database === undefined
        ? undefined
        : spannerOf(database);
    for (const spec of functionsOf(w.kind)) {
      const variable = SPANNER_CLIENTS.get(spec.name);
      const db = variable === undefined ? undefined : workloadDb;
      const consumesStream = pipeline !== undefined && spec.trigger === "stream";
      const signalsOf = (name: string) =>
        w.kind === "trading" && spec.name === name ? signals : undefined;
      const publishes = signalsOf("normalize");
      const consumes = signalsOf("order");
      const fn = new LatencyFunction(
        `gcp-${spec.name}`,
        {
          site,
          environment: env,
          spec,
          bundle: bundleFunction(spec.name, "gcp"),
          warmInstances: w.warmInstances,
          ...(w.memoryMb !== undefined ? { memoryMb: w.memoryMb } : {}),
          dataClass: w.dataClass,
          latencyBudgetMs: w.latencyBudgetMs,
          venue: primaryVenue(site),
          tags: { environment: env },
          variables: {
            ...(db === undefined || variable === undefined ? {} : spannerVariables(db, variable)),
            ...(publishes ? { TACHYON_SIGNAL_TOPIC: publishes.topicPath } : {}),
          },
          gcp: {
            sourceBucket: bucket.name,
            dockerRepository: build.dockerRepository,
            buildServiceAccount: build.serviceAccountId,
            network: pulumi.output(g.networkSelfLink).apply(resourceName),
            subnetwork: net.subnetName,
            ...(pipeline !== undefined && (consumesStream || consumes)
              ? { invokers: [pipeline.pushServiceAccountEmail] }
              : {}),
          },
        },
        { parent },
      );
      if (db !== undefined) grantSpannerClient(`gcp-${spec.name}-spanner`, db, fn.identity, fn);
      if (consumesStream && fn.url) pipeline.subscribe(`gcp-${spec.name}`, fn.url);
      publishes?.allowPublisher(`gcp-${spec.name}`, fn.identity);
      if (consumes && fn.url) consumes.subscribe(`gcp-${spec.name}`, fn.url);
      urls[spec.name] = fn.url ?? fn.invokeTarget;
    }
  }
  if (workloads.length > 0) {
    new GcpAlerts(
      "gcp-alerts",
      {
        displayName: `tachyon ${env} ${region}`,
        region,
        p99LatencyMs: Math.min(...workloads.map((w) => w.latencyBudgetMs)),
        email: alertEmail ?? `oncall@${topology.dns.domain}`,
        // Every dead-letter subscription: a dead-lettered signal is an order that never ran.
        deadLetterSubscriptions: [pipeline, signals].flatMap((p) =>
          p ? [p.deadLetterSubscriptionName] : [],
        ),
      },
      { parent },
    );
  }
  addLatencyRecord(ctx, workloads, g);
  return { subnetSelfLink: net.subnetSelfLink, functions: urls };
}

/** The HTTP functions on GCP sites, each with the GCP regions that run it, in topology order. */
export function gcpHttpFunctions(topology: Topology): GcpEntryFunction[] {
  const out = new Map<string, string[]>();
  const sites = [...topology.sites].sort((a, b) => a.index - b.index);
  for (const w of topology.workloads) {
    for (const spec of functionsOf(w.kind).filter((f) => f.trigger === "http")) {
      const regions = sites.filter((s) => s.cloud === "gcp" && w.sites.includes(s.id));
      if (regions.length === 0) continue;
      const list = out.get(spec.name) ?? [];
      for (const s of regions) if (!list.includes(s.region)) list.push(s.region);
      out.set(spec.name, list);
    }
  }
  return [...out].map(([name, regions]) => ({ name, regions }));
}

function isGcpDatabase(topology: Topology, name: string): boolean {
  return topology.databases.some((d) => d.name === name && d.cloud === "gcp");
}

/**
 * The site's entry in the latency-routed name: a CNAME to `gcp.api.<domain>` (the load balancer's
 * anycast address), whose health check probes that name.
 */
function addLatencyRecord(
  ctx: SiteContext,
  workloads: readonly Workload[],
  g: pulumi.Output<GcpGlobalOutputs>,
): void {
  const { topology, site, parent } = ctx;
  const servesHttp = workloads.some((w) => functionsOf(w.kind).some((f) => f.trigger === "http"));
  if (!servesHttp || !topology.sites.some((s: Site) => s.cloud === "aws")) return;
  if (!latencyRegionHolders(httpSites(topology)).has(site.id)) {
    // Another site holds this site's latency region (one record per region), and answers the
    // clients Route 53 would have sent here.
    return;
  }
  const aws = ctx.global("aws") as pulumi.Output<{ zoneId?: string }>;
  const own = g.apply((o) => requireGlobal(o.entry?.hostName, "gcp.entry.hostName"));
  new LatencyRecord(
    "gcp-dns",
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

/** The last segment of a Google Cloud self link or resource path: the resource's name. */
function resourceName(selfLink: string): string {
  return selfLink.slice(selfLink.lastIndexOf("/") + 1);
}
