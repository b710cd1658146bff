/**
 * The multi-cloud latency-critical function: one component, three providers.
 *
 * `LatencyFunction` takes cloud-neutral arguments (site, function spec, bundle, warm instances,
 * memory, timeout, variables, data class), resolves the defaults every cloud shares, and hands a
 * {@link CloudFunctionArgs} to the site's provider file:
 *
 * - `aws-function.ts`   `createAwsFunction`   Lambda, published version, alias `live`, provisioned concurrency
 * - `azure-function.ts` `createAzureFunction` Function App on Flex Consumption with always-ready instances
 * - `gcp-function.ts`   `createGcpFunction`   Cloud Functions gen2 / Cloud Run with `minInstanceCount`
 *
 * Each provider function has the signature `CloudFunctionFactory` (`function-types.ts`): it
 * creates its resources as children of `parent`, names them `${name}-<role>`, and returns a
 * {@link CloudFunctionResult}.
 */
import * as pulumi from "@pulumi/pulumi";
import type { FunctionSpec } from "../../functions/catalog";
import {
  LATENCY_CRITICAL,
  TAG_LATENCY_BUDGET,
  TAG_LATENCY_CLASS,
  TAG_VENUE,
  type DataClass,
  type Site,
} from "../../model/types";
import { physicalName } from "../naming/physical-name";
import { createAwsFunction, type AwsFunctionOptions } from "./aws-function";
import { createAzureFunction, type AzureFunctionOptions } from "./azure-function";
import type { CloudFunctionArgs, CloudFunctionResult, FunctionBundle } from "./function-types";
import { createGcpFunction, type GcpFunctionOptions } from "./gcp-function";

/** Memory of one full vCPU on Lambda; the floor the latency policy enforces. */
export const DEFAULT_MEMORY_MB = 1769;

/** A latency-critical function answers in milliseconds; anything near this is a failure. */
export const DEFAULT_TIMEOUT_SECONDS = 10;

/** Arguments of {@link LatencyFunction}. */
export interface LatencyFunctionArgs {
  /** The site (cloud and region) the function runs in. */
  site: Site;
  /** The environment name (`prod`, `dev`), used in physical names and tags. */
  environment: string;
  /** The function, from `functions/catalog.ts`. */
  spec: FunctionSpec;
  /** The built package to deploy. */
  bundle: FunctionBundle;
  /**
   * Warm instances kept ready: provisioned concurrency (AWS), always-ready instances (Azure),
   * minimum instances (GCP). Zero allows cold starts.
   */
  warmInstances: number;
  /**
   * Memory in MB. Each cloud rounds up to a size it offers (Azure Flex Consumption: 2048 or 4096).
   * @default 1769
   */
  memoryMb?: number;
  /**
   * Maximum run time of one invocation in seconds.
   * @default 10
   */
  timeoutSeconds?: number;
  /**
   * Environment variables of the function.
   * @default {}
   * @example { TABLE_NAME: table.name }
   */
  variables?: Record<string, pulumi.Input<string>>;
  /** The class of the data the function handles; data-holding children carry it as `data-class`. */
  dataClass: DataClass;
  /**
   * The workload's end-to-end latency budget in whole milliseconds. A latency-critical function
   * carries it as `latency-budget-ms`, which the `latency-budget` policy checks its estimated
   * path (invocation, venue round trip, data round trips) against.
   * @default no budget tag: the policy judges the function only with a configured default budget
   * @example 15
   */
  latencyBudgetMs?: number;
  /**
   * Catalog code of the exchange venue the function serves; a latency-critical function carries
   * it as `venue` (GCP lowercases it, and the policy reads it in any case), and the
   * `latency-budget` policy adds the round trip from the function's region to the venue.
   * @default no venue tag: the path has no venue leg
   * @example "NYSE"
   */
  venue?: string;
  /**
   * Extra tags (GCP: labels) on every taggable child.
   * @default {}
   */
  tags?: Record<string, string>;
  /** AWS-only settings (triggers, VPC, reserved concurrency, autoscaling); used on AWS sites. */
  aws?: AwsFunctionOptions;
  /** Azure-only settings; used on Azure sites. */
  azure?: AzureFunctionOptions;
  /** GCP-only settings; used on GCP sites. */
  gcp?: GcpFunctionOptions;
}

/**
 * A latency-critical serverless function on whichever cloud its site is on, with warm capacity.
 *
 * @example
 * const fn = new LatencyFunction("order", {
 *   site, environment: "prod", spec: findFunction("order"), bundle,
 *   warmInstances: 10, dataClass: "confidential",
 * });
 * export const target = fn.invokeTarget;
 */
export class LatencyFunction extends pulumi.ComponentResource {
  /** The deployed function's physical name. */
  readonly functionName: pulumi.Output<string>;
  /** What triggers and targets invoke (AWS: the `live` alias ARN). */
  readonly invokeTarget: pulumi.Output<string>;
  /** HTTPS URL, where the platform gives the function one. */
  readonly url?: pulumi.Output<string>;
  /** The identity the function runs as. */
  readonly identity: pulumi.Output<string>;

  constructor(name: string, args: LatencyFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TYPE, name, {}, opts);
    const resolved = resolveFunctionArgs(args);
    const result = dispatch(name, resolved, args, this);
    this.functionName = result.name;
    this.invokeTarget = result.invokeTarget;
    this.url = result.url;
    this.identity = result.identity;
    this.registerOutputs({
      functionName: this.functionName,
      invokeTarget: this.invokeTarget,
      url: this.url,
    });
  }
}

/**
 * Checks the façade's arguments and resolves the defaults every cloud shares. Throws one error
 * listing every problem.
 */
export function resolveFunctionArgs(args: LatencyFunctionArgs): CloudFunctionArgs {
  const problems: string[] = [];
  const memoryMb = args.memoryMb ?? DEFAULT_MEMORY_MB;
  const timeoutSeconds = args.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS;
  if (!Number.isInteger(args.warmInstances) || args.warmInstances < 0) {
    problems.push(
      `"warmInstances" must be a whole number of instances, got ${args.warmInstances}. Use 0 or more.`,
    );
  }
  if (!Number.isInteger(memoryMb) || memoryMb < 128) {
    problems.push(`"memoryMb" must be a whole number of MB, got ${memoryMb}. Use 128 or more.`);
  }
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 900) {
    problems.push(
      `"timeoutSeconds" must be whole seconds within 1-900, got ${timeoutSeconds}. Use a value in that range.`,
    );
  }
  const budget = args.latencyBudgetMs;
  if (budget !== undefined && (!Number.isInteger(budget) || budget < 1)) {
    problems.push(
      `"latencyBudgetMs" must be a whole number of milliseconds, got ${budget}. Use 1 or more.`,
    );
  }
  if (problems.length > 0) {
    throw new Error(`LatencyFunction "${args.spec.name}": ${problems.join(" ")}`);
  }
  return {
    site: args.site,
    environment: args.environment,
    spec: args.spec,
    bundle: args.bundle,
    warmInstances: args.warmInstances,
    memoryMb,
    timeoutSeconds,
    variables: { ...args.variables },
    dataClass: args.dataClass,
    tags: functionTags(args),
    physicalName: physicalName(args.environment, args.site.region, args.spec.name),
  };
}

/**
 * The function's own tags: the caller's, and on a latency-critical function `latency-class`,
 * `latency-budget-ms` and `venue`, which the latency policies judge it by.
 */
export function functionTags(args: LatencyFunctionArgs): Record<string, string> {
  const tags: Record<string, string> = { ...args.tags };
  if (!args.spec.latencyCritical) return tags;
  tags[TAG_LATENCY_CLASS] = LATENCY_CRITICAL;
  if (args.latencyBudgetMs !== undefined) tags[TAG_LATENCY_BUDGET] = String(args.latencyBudgetMs);
  if (args.venue !== undefined) tags[TAG_VENUE] = args.venue;
  return tags;
}

/**
 * The venue a site's functions serve: the first of the site's venues, the colocation its
 * private link was laid for; `undefined` for a site without one.
 */
export function primaryVenue(site: Site): string | undefined {
  return site.venues[0];
}

function dispatch(
  name: string,
  resolved: CloudFunctionArgs,
  args: LatencyFunctionArgs,
  parent: pulumi.ComponentResource,
): CloudFunctionResult {
  switch (args.site.cloud) {
    case "aws":
      return createAwsFunction(name, resolved, args.aws, parent);
    case "azure":
      return createAzureFunction(name, resolved, args.azure, parent);
    case "gcp":
      return createGcpFunction(name, resolved, args.gcp, parent);
  }
}

const TYPE = "tachyon:compute:LatencyFunction";
