/**
 * `provisioned-concurrency-required`: every latency-critical function has at least `minimum`
 * warm instances, so no request of the hot path pays a cold start. A stack policy because Lambda
 * keeps provisioned concurrency in a separate resource on an alias or version. Where the setting
 * lives on the function itself (Azure, GCP) the same policy also remediates: with enforcement
 * level `remediate`, it raises the setting to `minimum` before the stack is judged.
 */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { isLatencyCritical } from "../lib/latency-class";
import { ofType } from "../lib/stack";
import { AWS, AZURE, GCP } from "../lib/resource-types";
import { ownWarmCapacity, provisionedByQualifier, raiseWarmCapacity } from "../lib/warm";

/** Config of `provisioned-concurrency-required`. */
export interface WarmConfig {
  /** Warm instances each latency-critical function needs at least. */
  minimum: number;
}

/** The policy: a stack validation with a resource remediation. */
export const provisionedConcurrencyRequired: StackValidationPolicy &
  Pick<ResourceValidationPolicy, "remediateResource"> = {
  name: "provisioned-concurrency-required",
  description:
    "Every latency-critical function keeps at least `minimum` warm instances (Lambda provisioned concurrency, Azure always-ready / pre-warmed, GCP minimum instances).",
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: {
    properties: {
      minimum: {
        type: "integer",
        minimum: 1,
        default: 1,
        description: "Warm instances each latency-critical function needs at least.",
      },
    },
  },
  validateStack: (args, reportViolation) => {
    const { minimum } = configOf<WarmConfig>(args, { minimum: 1 });
    const resources = args.resources;
    for (const fn of ofType(resources, AWS.lambdaFunction)) {
      if (!isLatencyCritical(fn)) continue;
      const byQualifier = provisionedByQualifier(resources, fn);
      const [best, count] = [...byQualifier].sort((a, b) => b[1] - a[1])[0] ?? ["", 0];
      if (count < minimum) {
        reportViolation(
          `Latency-critical Lambda function must have provisioned concurrency of at least ${minimum} on an alias or version; found ${byQualifier.size === 0 ? "none" : `${count} on "${best}"`}.`,
          fn.urn,
        );
      }
    }
    for (const r of ofType(resources, AZURE.webApp, GCP.cloudRunService, GCP.cloudFunction)) {
      const warm = ownWarmCapacity(r.type, r.props);
      if (warm === undefined || !isLatencyCritical(r) || warm.count >= minimum) continue;
      reportViolation(
        `Latency-critical ${warm.what} must have at least ${minimum} ${warm.where}; found ${warm.count}.`,
        r.urn,
      );
    }
  },
  remediateResource: (args) => {
    if (!isLatencyCritical(args)) return undefined;
    const { minimum } = configOf<WarmConfig>(args, { minimum: 1 });
    return raiseWarmCapacity(args.type, args.props, minimum) ? args.props : undefined;
  },
};
