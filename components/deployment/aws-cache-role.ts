/**
 * Which part an AWS site's cache plays in a shared cache (`workloads.<kind>.globalCache`): the
 * first AWS site of the workload, in topology order, holds the Global Datastore's primary; each
 * later AWS site of the workload joins it as a secondary, reading the global group and the AUTH
 * token's secret from the primary site's stack outputs the way peering reads earlier sites.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Site, Topology } from "../../model/types";
import type { AwsCacheGlobalRole } from "../data/aws-cache";
import type { SiteContext } from "./context";

/** The sites of a shared cache: the primary and its secondaries, in topology order. */
export interface SharedCacheSites {
  readonly primary: Site;
  readonly secondaries: readonly Site[];
}

/** The shared cache `site` belongs to, or `undefined` when its cache is site-local. */
export function sharedCacheOf(topology: Topology, site: Site): SharedCacheSites | undefined {
  const workload = topology.workloads.find((w) => w.globalCache && w.sites.includes(site.id));
  if (workload === undefined || site.cloud !== "aws") return undefined;
  const [primary, ...secondaries] = topology.sites.filter(
    (s) => s.cloud === "aws" && workload.sites.includes(s.id),
  );
  return { primary, secondaries };
}

/** The cache outputs of a primary site's stack that its secondaries read. */
export interface PrimaryCacheOutputs {
  readonly globalReplicationGroupId?: string;
  readonly authSecretArn?: string;
}

/**
 * What a secondary at `site` joins, from the primary site's exported cache: the global group, and
 * the AUTH token's secret replica in the secondary's region (a replica's ARN is the primary
 * secret's with the replica's region). Throws when the primary's stack lacks them.
 */
export function joinSharedCache(
  exported: PrimaryCacheOutputs | undefined,
  primary: Site,
  site: Site,
): { globalReplicationGroupId: string; authSecretArn: string } {
  const group = exported?.globalReplicationGroupId;
  const secret = exported?.authSecretArn;
  if (group === undefined || secret === undefined) {
    const missing = group === undefined ? "globalReplicationGroupId" : "authSecretArn";
    throw new Error(
      `Stack of ${primary.id}: output "aws.cache.${missing}" is missing, got ${JSON.stringify(exported ?? null)}. Deploy ${primary.id} with the workload's globalCache set before ${site.id}.`,
    );
  }
  return {
    globalReplicationGroupId: group,
    authSecretArn: secret.replace(`:${primary.region}:`, `:${site.region}:`),
  };
}

/** The `global` argument of the site's `AwsCache`, or `undefined` for a site-local cache. */
export function awsCacheRole(ctx: SiteContext): AwsCacheGlobalRole | undefined {
  const shared = sharedCacheOf(ctx.topology, ctx.site);
  if (shared === undefined) return undefined;
  const { primary, secondaries } = shared;
  if (primary.id === ctx.site.id) {
    return { role: "primary", replicaRegions: secondaries.map((s) => s.region) };
  }
  const peer = ctx.peer(primary.id, "aws") as pulumi.Output<{ cache?: PrimaryCacheOutputs }>;
  const joined = peer.apply((o) => joinSharedCache(o.cache, primary, ctx.site));
  return {
    role: "secondary",
    globalReplicationGroupId: joined.apply((j) => j.globalReplicationGroupId),
    authSecretArn: joined.apply((j) => j.authSecretArn),
  };
}
