/**
 * Warm capacity of a function, wherever each platform keeps it: Lambda provisioned concurrency
 * (a separate resource on an alias or version), Azure Flex Consumption always-ready instances or
 * Elastic Premium pre-warmed instances, Cloud Run and Cloud Functions minimum instances.
 */
import type { PolicyResource } from "@pulumi/policy";
import { lambdaTarget } from "./lambda";
import { ofType } from "./stack";
import { asArray, asNumber, asString, pathOf } from "./resource";
import { AWS, AZURE, GCP } from "./resource-types";

/** Provisioned concurrent executions per qualifier of a Lambda function (`?` when unknown). */
export function provisionedByQualifier(
  resources: readonly PolicyResource[],
  fn: PolicyResource,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const pc of ofType(resources, AWS.provisionedConcurrencyConfig)) {
    const target = lambdaTarget(resources, pc, "functionName", "qualifier");
    if (target?.fn !== fn) continue;
    const n = asNumber(pathOf(pc.props, "provisionedConcurrentExecutions")) ?? 0;
    const q = target.qualifier ?? "?";
    out.set(q, (out.get(q) ?? 0) + n);
  }
  return out;
}

/** Whether an Azure web app is a function app. */
export function isFunctionApp(props: Record<string, unknown>): boolean {
  return (asString(pathOf(props, "kind")) ?? "").includes("functionapp");
}

/** Warm instances of a resource that keeps them on itself (Azure, GCP), with where they live. */
export interface OwnWarmCapacity {
  /** The platform's term, for messages. */
  readonly what: string;
  /** The property (or properties) that holds it. */
  readonly where: string;
  readonly count: number;
}

/** Warm capacity of an Azure function app or a GCP service/function; `undefined` for other types. */
export function ownWarmCapacity(
  type: string,
  props: Record<string, unknown>,
): OwnWarmCapacity | undefined {
  switch (type) {
    case AZURE.webApp: {
      if (!isFunctionApp(props)) return undefined;
      const scale = pathOf(props, "functionAppConfig", "scaleAndConcurrency");
      if (pathOf(props, "functionAppConfig") !== undefined) {
        const counts = asArray(pathOf(scale, "alwaysReady")).map(
          (e) => asNumber(pathOf(e, "instanceCount")) ?? 0,
        );
        return {
          what: "Flex Consumption function app",
          where: "always-ready instances (functionAppConfig.scaleAndConcurrency.alwaysReady)",
          count: Math.max(0, ...counts),
        };
      }
      const preWarmed = asNumber(pathOf(props, "siteConfig", "preWarmedInstanceCount")) ?? 0;
      const minimum = asNumber(pathOf(props, "siteConfig", "minimumElasticInstanceCount")) ?? 0;
      return {
        what: "Elastic Premium function app",
        where:
          "pre-warmed instances (siteConfig.preWarmedInstanceCount or minimumElasticInstanceCount)",
        count: Math.max(preWarmed, minimum),
      };
    }
    case GCP.cloudRunService:
      return {
        what: "Cloud Run service",
        where: "minimum instances (template.scaling.minInstanceCount or scaling.minInstanceCount)",
        count: Math.max(
          asNumber(pathOf(props, "template", "scaling", "minInstanceCount")) ?? 0,
          asNumber(pathOf(props, "scaling", "minInstanceCount")) ?? 0,
        ),
      };
    case GCP.cloudFunction:
      return {
        what: "Cloud Function",
        where: "minimum instances (serviceConfig.minInstanceCount)",
        count: asNumber(pathOf(props, "serviceConfig", "minInstanceCount")) ?? 0,
      };
    default:
      return undefined;
  }
}

/** A writable child object of `obj` (created when absent). */
function child(obj: Record<string, unknown>, key: string): Record<string, unknown> {
  const existing = obj[key];
  if (existing !== null && typeof existing === "object" && !Array.isArray(existing)) {
    return existing as Record<string, unknown>;
  }
  const created: Record<string, unknown> = {};
  obj[key] = created;
  return created;
}

/**
 * Raises a resource's own warm capacity to `minimum` in place; returns whether it changed
 * anything. Flex Consumption apps get every always-ready group raised (with no group there is no
 * way to know which trigger group serves the hot path, so nothing is invented).
 */
export function raiseWarmCapacity(
  type: string,
  props: Record<string, unknown>,
  minimum: number,
): boolean {
  const current = ownWarmCapacity(type, props);
  if (current === undefined || current.count >= minimum) return false;
  switch (type) {
    case AZURE.webApp: {
      if (props.functionAppConfig !== undefined) {
        const groups = asArray(
          pathOf(props, "functionAppConfig", "scaleAndConcurrency", "alwaysReady"),
        );
        for (const g of groups) {
          const group = g as Record<string, unknown>;
          if ((asNumber(group.instanceCount) ?? 0) < minimum) group.instanceCount = minimum;
        }
        return groups.length > 0;
      }
      child(props, "siteConfig").preWarmedInstanceCount = minimum;
      return true;
    }
    case GCP.cloudRunService:
      child(child(props, "template"), "scaling").minInstanceCount = minimum;
      return true;
    default:
      child(props, "serviceConfig").minInstanceCount = minimum;
      return true;
  }
}
