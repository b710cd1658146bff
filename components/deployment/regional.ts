/**
 * A regional stack: one site of the topology (DESIGN.md §2). The topology comes from the
 * environment's global stack through a StackReference; earlier sites' stacks are read the same
 * way, for peering, one StackReference per peer, created on first use.
 */
import * as pulumi from "@pulumi/pulumi";
import {
  GLOBAL_STACK_KEY,
  SITE_KEY,
  regionalStackName,
  type RegionalConfig,
} from "../../model/config";
import type { Problem } from "../../model/problems";
import type { Cloud, Site, SiteId, Topology } from "../../model/types";
import type * as AwsDeployment from "./aws";
import type * as AzureDeployment from "./azure";
import { ConfigRunError } from "./config-error";
import type { CloudOutputs, SiteContext } from "./context";
import { withGcpServiceGate } from "../access/gcp-service-gate";
import type * as GcpDeployment from "./gcp";
import type * as GcpProject from "./gcp-project";

/** Arguments of {@link RegionalDeployment}. */
export interface RegionalDeploymentArgs {
  /** The validated regional config (from `parseStackConfig`). */
  readonly regional: RegionalConfig;
  /** The environment's topology, as the global stack exports it. */
  readonly topology: Topology;
  /** The site of the topology this stack deploys. */
  readonly site: Site;
  /** Reference to the global stack, whose outputs `SiteContext.global()` reads. */
  readonly globalStack: pulumi.StackReference;
}

/**
 * Each cloud's site deployment function. Only the site's cloud module, with its provider SDK,
 * loads: an AWS site never loads the Azure and GCP deployments, nor they the AWS one.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
export const SITE_DEPLOYERS: Readonly<Record<Cloud, (ctx: SiteContext) => CloudOutputs>> = {
  aws: (ctx) => (require("./aws") as typeof AwsDeployment).deployAwsSite(ctx),
  azure: (ctx) => (require("./azure") as typeof AzureDeployment).deployAzureSite(ctx),
  gcp: (ctx) => (require("./gcp") as typeof GcpDeployment).deployGcpSite(ctx),
};

/**
 * What a cloud checks, from the global stack's outputs, before its site registers anything; a
 * problem stops the stack as bad config. Google Cloud: the site's project must be the global
 * stack's (gcp-project.ts). Loaded, like the deployers, only for a site of that cloud.
 */
export const SITE_PREFLIGHTS: Readonly<
  Partial<
    Record<
      Cloud,
      (globalStack: pulumi.StackReference, regional: RegionalConfig) => Promise<Problem | undefined>
    >
  >
> = {
  gcp: (ref, regional) =>
    (require("./gcp-project") as typeof GcpProject).siteGcpProjectProblem(
      ref,
      regional.globalStack,
    ),
};
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * One site of the topology: the component under which the site's cloud builds its network,
 * functions, streams and its entries in the global services.
 *
 * @example
 * const deployment = await RegionalDeployment.create(regional);
 * export const site = deployment.site;
 */
export class RegionalDeployment extends pulumi.ComponentResource {
  /** The site this stack deploys. */
  readonly site: Site;
  /** What the site's cloud deployment returned; exported under the cloud's name. */
  readonly outputs: CloudOutputs;

  constructor(name: string, args: RegionalDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
    super(REGIONAL_DEPLOYMENT_TYPE, name, {}, withGcpServiceGate(opts));
    this.site = args.site;
    const peers = new Map<SiteId, pulumi.StackReference>();
    const ctx: SiteContext = {
      topology: args.topology,
      site: args.site,
      parent: this,
      options: args.regional.options,
      global: (key) => args.globalStack.getOutput(key),
      peer: (siteId, key) => {
        let ref = peers.get(siteId);
        if (ref === undefined) {
          ref = peerReference(this, args, siteId);
          peers.set(siteId, ref);
        }
        return ref.getOutput(key);
      },
    };
    this.outputs = SITE_DEPLOYERS[args.site.cloud](ctx);
    this.registerOutputs(this.outputs);
  }

  /**
   * References the global stack, waits for its `topology` output, checks the configured site is
   * one of its sites and runs its cloud's {@link SITE_PREFLIGHTS} check, then builds the site.
   * Throws a {@link ConfigRunError} when the global stack exports no topology, the topology
   * lacks the site, or the preflight finds a problem.
   */
  static async create(
    regional: RegionalConfig,
    opts?: pulumi.ComponentResourceOptions,
  ): Promise<RegionalDeployment> {
    const globalStack = new pulumi.StackReference(regional.globalStack, {}, opts);
    const details = await globalStack.getOutputDetails("topology");
    const found = siteOf(details.value ?? details.secretValue, regional);
    if ("problem" in found) throw new ConfigRunError(pulumi.getStack(), [found.problem]);
    const { topology, site } = found;
    const problem = await SITE_PREFLIGHTS[site.cloud]?.(globalStack, regional);
    if (problem !== undefined) throw new ConfigRunError(pulumi.getStack(), [problem]);
    const name = regionalStackName("", topology.environment, site.id);
    return new RegionalDeployment(name, { regional, topology, site, globalStack }, opts);
  }
}

/**
 * The site `regional` names within the global stack's exported `topology`, or the problem that
 * prevents deploying it: no topology exported yet, or the site missing from it.
 */
export function siteOf(
  exported: unknown,
  regional: RegionalConfig,
): { topology: Topology; site: Site } | { problem: Problem } {
  if (!isTopology(exported)) {
    return {
      problem: {
        path: GLOBAL_STACK_KEY,
        message: `names a stack that exports no topology, got "${regional.globalStack}". Deploy the global stack first ("pulumi up" on ${regional.globalStack}) or correct the name.`,
      },
    };
  }
  const site = exported.sites.find((s) => s.id === regional.site);
  if (site === undefined) {
    const ids = exported.sites.map((s) => s.id).join(", ");
    return {
      problem: {
        path: SITE_KEY,
        message: `is not a site of the topology of ${regional.globalStack}, got "${regional.site}". Add it to tachyon:topology.sites of ${regional.globalStack} or use one of: ${ids}.`,
      },
    };
  }
  return { topology: exported, site };
}

// The global stack exports the topology its own validation produced; this only guards against
// a stack that is not a Tachyon global stack at all.
function isTopology(value: unknown): value is Topology {
  if (typeof value !== "object" || value === null) return false;
  const t = value as { environment?: unknown; sites?: unknown };
  return (
    typeof t.environment === "string" &&
    Array.isArray(t.sites) &&
    t.sites.every((s: unknown) => typeof s === "object" && s !== null && "id" in s)
  );
}

/**
 * Why `site` may not read the stack of `peer`, or `undefined` when it may: only earlier sites of
 * the topology have deployed before it. A refusal is a programming error in a cloud deployment,
 * not a config problem: peering runs from the newer site to the older, and a reference to a
 * later site would form a cycle.
 */
export function peerRefusal(topology: Topology, site: Site, peer: SiteId): string | undefined {
  const other = topology.sites.find((s) => s.id === peer);
  if (other !== undefined && other.index < site.index) return undefined;
  const earlier = topology.sites.filter((s) => s.index < site.index).map((s) => s.id);
  const allowed = earlier.length > 0 ? earlier.join(", ") : "none, it is the first site";
  return `Site ${site.id} cannot read the stack of ${peer}: only earlier sites of the topology have deployed before it (${allowed}).`;
}

/** The StackReference of an earlier site's regional stack. */
function peerReference(
  parent: RegionalDeployment,
  args: RegionalDeploymentArgs,
  siteId: SiteId,
): pulumi.StackReference {
  const refusal = peerRefusal(args.topology, args.site, siteId);
  if (refusal !== undefined) throw new Error(refusal);
  const stackName = regionalStackName(args.regional.stackPrefix, args.topology.environment, siteId);
  return new pulumi.StackReference(stackName, {}, { parent });
}

/** Type token of {@link RegionalDeployment}. */
export const REGIONAL_DEPLOYMENT_TYPE = "tachyon:deployment:RegionalDeployment";
