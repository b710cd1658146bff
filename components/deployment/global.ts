/**
 * The global stack of an environment: what spans regions (DESIGN.md §2). It hands the validated
 * topology to the global part of each cloud the topology uses and collects their outputs, which
 * the program exports under the cloud's name for the regional stacks to read.
 */
import * as pulumi from "@pulumi/pulumi";
import { CLOUDS, type Cloud, type Topology } from "../../model/types";
import type * as AwsDeployment from "./aws";
import type * as AzureDeployment from "./azure";
import type { CloudOutputs, GlobalContext } from "./context";
import { withGcpServiceGate } from "../access/gcp-service-gate";
import type * as GcpDeployment from "./gcp";

/** Arguments of {@link GlobalDeployment}. */
export interface GlobalDeploymentArgs {
  /** The validated topology of the environment (from `parseStackConfig`). */
  readonly topology: Topology;
}

/**
 * Each cloud's global deployment function. A cloud's module, with its provider SDK, loads when
 * the topology uses the cloud, not with this file: a stack pays only for the clouds it deploys.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
export const GLOBAL_DEPLOYERS: Readonly<Record<Cloud, (ctx: GlobalContext) => CloudOutputs>> = {
  aws: (ctx) => (require("./aws") as typeof AwsDeployment).deployAwsGlobal(ctx),
  azure: (ctx) => (require("./azure") as typeof AzureDeployment).deployAzureGlobal(ctx),
  gcp: (ctx) => (require("./gcp") as typeof GcpDeployment).deployGcpGlobal(ctx),
};
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * Everything the global stack owns, as one component whose children are each cloud's global
 * resources.
 *
 * @example
 * const global = new GlobalDeployment("prod-global", { topology });
 * export const aws = global.outputs.aws;
 */
export class GlobalDeployment extends pulumi.ComponentResource {
  /** Outputs of each cloud the topology uses, by cloud; clouds without sites are absent. */
  readonly outputs: Readonly<Partial<Record<Cloud, CloudOutputs>>>;

  constructor(name: string, args: GlobalDeploymentArgs, opts?: pulumi.ComponentResourceOptions) {
    super(GLOBAL_DEPLOYMENT_TYPE, name, {}, withGcpServiceGate(opts));
    const outputs: Partial<Record<Cloud, CloudOutputs>> = {};
    for (const cloud of cloudsOf(args.topology)) {
      // AWS comes first (CLOUDS order): its zone holds the other clouds' names.
      const dnsZoneId = outputs.aws?.zoneId as pulumi.Input<string> | undefined;
      outputs[cloud] = GLOBAL_DEPLOYERS[cloud]({
        topology: args.topology,
        parent: this,
        ...(dnsZoneId === undefined ? {} : { dnsZoneId }),
      });
    }
    this.outputs = outputs;
    this.registerOutputs(outputs);
  }
}

/** The clouds that have at least one site, in {@link CLOUDS} order. */
export function cloudsOf(topology: Topology): Cloud[] {
  return CLOUDS.filter((cloud) => topology.sites.some((s) => s.cloud === cloud));
}

/** Type token of {@link GlobalDeployment}. */
export const GLOBAL_DEPLOYMENT_TYPE = "tachyon:deployment:GlobalDeployment";
