/**
 * Latency-routed DNS for every site, whatever its cloud: a Route 53 record per site in the
 * environment's zone, tagged with the AWS region Route 53 measures latency from, and a health
 * check so that an unhealthy site drops out of answers.
 *
 * Route 53 only measures latency from AWS regions, so a site on Azure or GCP is placed at the
 * AWS region nearest to it by the project's latency model ({@link latencyRegionFor}).
 *
 * Every member of the set is a CNAME: Route 53 refuses records of different types under one name
 * and routing policy ("the same name and type" is what makes a set), so a site whose entry is an
 * address (the GCP load balancer) is reached through a per-cloud name ({@link cloudApiName}) that
 * holds the address. Each member's HTTPS health check probes that per-cloud name, never the shared
 * one: resolved by the checkers, the shared name answers with whichever cloud is nearest them.
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-values-latency.html
 */
import * as route53 from "@pulumi/aws/route53";
import * as pulumi from "@pulumi/pulumi";
import { HEALTH_PATH } from "../../functions/adapters/health";
import { estimateRtt } from "../../model/latency";
import { findRegion, regionsOf } from "../../model/regions";
import type { Cloud } from "../../model/types";

/** The longest TTL a latency record may have: clients must move off a failed site quickly. */
export const MAX_LATENCY_TTL = 60;

/** How the health of a site's endpoint is judged. */
export type LatencyHealthCheck =
  /**
   * Route 53 checkers fetch `https://<fqdn><path>` (public endpoints: Front Door, GCP load
   * balancer); `fqdn` is the site's own name, never the shared record name; `path` defaults to
   * the functions' health path, `/health`.
   */
  | { readonly kind: "https"; readonly fqdn: pulumi.Input<string>; readonly path?: string }
  /** A CloudWatch alarm decides (private endpoints Route 53 checkers cannot reach). */
  | {
      readonly kind: "alarm";
      readonly alarmName: pulumi.Input<string>;
      readonly alarmRegion: string;
    };

/** Arguments of {@link LatencyRecord}. */
export interface LatencyRecordArgs {
  /** The environment's Route 53 zone (global stack output). */
  zoneId: pulumi.Input<string>;
  /** Fully qualified record name shared by every site, e.g. `api.trade.example.com`. */
  recordName: string;
  /** The site this record answers for. */
  site: { readonly id: string; readonly cloud: Cloud; readonly region: string };
  /**
   * The host name the record is a CNAME to: a name that resolves to this site's cloud only
   * (accelerator, {@link cloudApiName}).
   */
  target: pulumi.Input<string>;
  /**
   * Seconds resolvers may cache the answer (at most 60).
   * @default 30
   */
  ttl?: number;
  /** How the site's health is judged. */
  healthCheck: LatencyHealthCheck;
  /**
   * Tags on the health check.
   * @default {}
   */
  tags?: Record<string, string>;
}

/**
 * One site's entry in the latency-routed name: a health check and a latency record.
 *
 * @example
 * new LatencyRecord("dns", {
 *   zoneId, recordName: "api.trade.example.com", site,
 *   target: "azure.api.trade.example.com",
 *   healthCheck: { kind: "https", fqdn: "azure.api.trade.example.com" },
 * });
 */
export class LatencyRecord extends pulumi.ComponentResource {
  readonly healthCheckId: pulumi.Output<string>;
  /** The AWS region Route 53 measures this site's latency from. */
  readonly latencyRegion: string;
  readonly fqdn: pulumi.Output<string>;

  constructor(name: string, args: LatencyRecordArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TYPE, name, {}, opts);
    const ttl = args.ttl ?? 30;
    if (!Number.isInteger(ttl) || ttl < 1 || ttl > MAX_LATENCY_TTL) {
      throw new Error(
        `LatencyRecord "${name}": "ttl" must be 1-${MAX_LATENCY_TTL} seconds so clients leave a failed site quickly, got ${ttl}. Lower it.`,
      );
    }
    if (
      args.healthCheck.kind === "https" &&
      typeof args.healthCheck.fqdn === "string" &&
      sameName(args.healthCheck.fqdn, args.recordName)
    ) {
      throw new Error(
        `LatencyRecord "${name}": "healthCheck.fqdn" must name the site's own endpoint, got the shared name "${args.healthCheck.fqdn}", which resolves to whichever site is nearest the checker. Probe the site's own name (e.g. "${args.site.cloud}.${args.recordName}").`,
      );
    }
    this.latencyRegion = latencyRegionFor(args.site);
    const tags = { ...args.tags, Name: `${args.recordName} ${args.site.id}` };
    const check = new route53.HealthCheck(
      `${name}-health`,
      args.healthCheck.kind === "https"
        ? {
            type: "HTTPS",
            fqdn: args.healthCheck.fqdn,
            port: 443,
            resourcePath: args.healthCheck.path ?? HEALTH_PATH,
            enableSni: true,
            requestInterval: 10,
            failureThreshold: 2,
            measureLatency: true,
            tags,
          }
        : {
            type: "CLOUDWATCH_METRIC",
            cloudwatchAlarmName: args.healthCheck.alarmName,
            cloudwatchAlarmRegion: args.healthCheck.alarmRegion,
            insufficientDataHealthStatus: "LastKnownStatus",
            tags,
          },
      { parent: this },
    );
    const record = new route53.Record(
      `${name}-record`,
      {
        zoneId: args.zoneId,
        name: args.recordName,
        type: "CNAME",
        ttl,
        records: [args.target],
        setIdentifier: setIdentifierOf(args.site.id),
        latencyRoutingPolicies: [{ region: this.latencyRegion }],
        healthCheckId: check.id,
      },
      { parent: this },
    );
    this.healthCheckId = check.id;
    this.fqdn = record.fqdn;
    this.registerOutputs({ healthCheckId: this.healthCheckId, fqdn: this.fqdn });
  }
}

/**
 * The name that reaches one cloud's entry point, and only it: `<cloud>.api.<domain>` for Azure
 * (a CNAME to the Front Door endpoint) and GCP (the load balancer's address). Their certificates
 * cover it, and the latency members and health checks of their sites use it.
 */
export function cloudApiName(cloud: "azure" | "gcp", domain: string): string {
  return `${cloud}.api.${domain}`;
}

/** Whether two DNS names are the same (case and a trailing dot do not matter). */
function sameName(a: string, b: string): boolean {
  const norm = (n: string) => n.toLowerCase().replace(/\.$/, "");
  return norm(a) === norm(b);
}

/** The record's set identifier: the site id with `:` replaced, e.g. `azure-westeurope`. */
export function setIdentifierOf(siteId: string): string {
  return siteId.replace(/:/g, "-");
}

/**
 * The AWS region each site holds in the latency set, by site id, given the sites that serve HTTP
 * in topology order; a site missing from the map has no record. Route 53 takes one latency record
 * per region under a name ("You can only create one latency record for each Amazon EC2 region",
 * https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-values-latency.html),
 * and each site's stack only sees the topology, so the holder is decided from it alone: an AWS
 * site holds its own region; any other site, in topology order, the AWS region nearest it
 * ({@link latencyRegionFor}) unless a site already holds that region. Clients Route 53 would have
 * sent to the site go to the holder, which the model places at the same AWS region; a site of the
 * same cloud is still reached through that cloud's entry (Front Door, the GCP load balancer),
 * which routes to its nearest healthy site.
 */
export function latencyRegionHolders(
  httpSites: readonly { readonly id: string; readonly cloud: Cloud; readonly region: string }[],
): Map<string, string> {
  const holders = new Map<string, string>();
  const held = new Set<string>();
  for (const s of httpSites.filter((x) => x.cloud === "aws")) {
    holders.set(s.id, s.region);
    held.add(s.region);
  }
  for (const s of httpSites.filter((x) => x.cloud !== "aws")) {
    const region = latencyRegionFor(s);
    if (held.has(region)) continue;
    holders.set(s.id, region);
    held.add(region);
  }
  return holders;
}

/**
 * The AWS region Route 53 measures a site's latency from: the site's own region on AWS, else
 * the catalog AWS region with the lowest modelled round trip to the site's region.
 */
export function latencyRegionFor(site: { readonly cloud: Cloud; readonly region: string }): string {
  if (site.cloud === "aws") return site.region;
  const here = findRegion(site.cloud, site.region);
  if (here === undefined) {
    throw new Error(
      `"site": ${site.cloud} region "${site.region}" is not in the region catalog, got "${site.cloud}:${site.region}". Use a catalog region.`,
    );
  }
  let best: { code: string; rtt: number } | undefined;
  for (const r of regionsOf("aws")) {
    const rtt = estimateRtt(here, r).rttMs;
    if (best === undefined || rtt < best.rtt || (rtt === best.rtt && r.code < best.code)) {
      best = { code: r.code, rtt };
    }
  }
  if (best === undefined) throw new Error("The region catalog lists no AWS region.");
  return best.code;
}

const TYPE = "tachyon:edge:LatencyRecord";
