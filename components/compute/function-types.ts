/**
 * The types the function façade (`function.ts`) and its provider files share. They live apart
 * from the façade, which imports the providers, so that no provider imports the façade back.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { FunctionSpec } from "../../functions/catalog";
import type { DataClass, Site } from "../../model/types";

/**
 * A built function package: a folder holding the entry module, its handler and a content hash.
 * The bundler (`functions/build.ts`) produces one per function and cloud; its output is
 * deterministic, so an unchanged function yields the same `sha256` and no diff.
 */
export interface FunctionBundle {
  /** Absolute path of the folder to deploy (holds `index.mjs`). */
  readonly dir: string;
  /** The handler as the platform names it, e.g. `index.handler`. */
  readonly handler: string;
  /** Hex SHA-256 of the package contents. */
  readonly sha256: string;
  /** Size of the package in bytes. */
  readonly bytes: number;
}

/** What every provider file receives: the façade's arguments with shared defaults resolved. */
export interface CloudFunctionArgs {
  readonly site: Site;
  readonly environment: string;
  readonly spec: FunctionSpec;
  readonly bundle: FunctionBundle;
  readonly warmInstances: number;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly variables: Record<string, pulumi.Input<string>>;
  readonly dataClass: DataClass;
  /** Tags for the function itself: the caller's, plus `latency-class`, `latency-budget-ms` and `venue` when the spec is latency-critical. */
  readonly tags: Record<string, string>;
  /** Physical base name `tachyon-<env>-<region>-<function>`; provider files cut it to their limits. */
  readonly physicalName: string;
}

/**
 * What every provider returns. Triggers and targets must use `invokeTarget`, never the bare
 * function: on AWS it is the `live` alias ARN, which holds the provisioned concurrency.
 */
export interface CloudFunctionResult {
  /** The deployed function's physical name. */
  readonly name: pulumi.Output<string>;
  /** What callers, triggers and targets invoke: alias ARN (AWS), function resource id (Azure), service URI/name (GCP). */
  readonly invokeTarget: pulumi.Output<string>;
  /** HTTPS URL, where the platform gives the function one. */
  readonly url?: pulumi.Output<string>;
  /** The identity the function runs as: role ARN (AWS), principal id (Azure), service account email (GCP). */
  readonly identity: pulumi.Output<string>;
}

/**
 * A provider's function builder. Creates children of `parent` named `${name}-<role>` and returns
 * the common result. `options` is the façade's per-cloud section for that provider.
 */
export type CloudFunctionFactory<Options> = (
  name: string,
  args: CloudFunctionArgs,
  options: Options | undefined,
  parent: pulumi.ComponentResource,
) => CloudFunctionResult;
