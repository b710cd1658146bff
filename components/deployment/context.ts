/**
 * What the global and regional programs hand to each cloud's deployment.
 *
 * The global stack exports `topology` plus one object per cloud (`aws`, `azure`, `gcp`) built by
 * that cloud's `deploy<Cloud>Global`. A regional stack reads those through a StackReference, and
 * reads the outputs of earlier sites' stacks (for peering) through `peer()`.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { RegionalOptions } from "../../model/config-regional";
import { functionsOf } from "../../functions/catalog";
import type { Site, SiteId, Topology } from "../../model/types";

/** Inputs of one cloud's part of the global stack. */
export interface GlobalContext {
  readonly topology: Topology;
  /** Parent of every resource the cloud's global part creates. */
  readonly parent: pulumi.ComponentResource;
  /**
   * The environment's Route 53 zone, when the topology has an AWS site (the AWS global part
   * creates it): where the other clouds' global parts write their per-cloud names and their
   * certificates' validation records.
   * @default undefined (no zone)
   */
  readonly dnsZoneId?: pulumi.Input<string>;
}

/** Inputs of one cloud's regional stack for one site. */
export interface SiteContext {
  readonly topology: Topology;
  readonly site: Site;
  /** Parent of every resource the site creates. */
  readonly parent: pulumi.ComponentResource;
  /**
   * The regional stack's optional keys, validated with the rest of its config before any
   * resource was registered: each cloud reads its own and never reads config itself.
   * @default {} (none set)
   */
  readonly options?: RegionalOptions;
  /** An output of this environment's global stack, e.g. `global("aws")`. */
  global(key: string): pulumi.Output<unknown>;
  /** An output of an earlier site's regional stack, e.g. `peer("aws:us-east-1", "aws")`. */
  peer(site: SiteId, key: string): pulumi.Output<unknown>;
}

/**
 * A global stack output a regional stack needs, e.g. `requireGlobal(g.zoneId, "aws.zoneId")`.
 * Missing (or empty) means the global stack was last deployed with another topology or an older
 * Tachyon, so the fix is to update it first; a stand-in value would deploy a broken resource.
 */
export function requireGlobal<T>(value: T | undefined, key: string): T {
  if (value === undefined || value === "") {
    throw new Error(
      `tachyon:globalStack: the global stack exports no ${key}, which this site needs. Run \`pulumi up\` on the global stack first, then on this stack.`,
    );
  }
  return value;
}

/** Stack outputs a cloud's deployment contributes: exported under the cloud's name. */
export type CloudOutputs = Record<string, pulumi.Input<unknown>>;

/** The sites that serve HTTP (run a workload with an HTTP function), in topology order. */
export function httpSites(topology: Topology): Site[] {
  return topology.sites.filter((s) =>
    topology.workloads.some(
      (w) => w.sites.includes(s.id) && functionsOf(w.kind).some((f) => f.trigger === "http"),
    ),
  );
}
