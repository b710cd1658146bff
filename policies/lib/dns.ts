/**
 * Route 53 routing policies that steer clients between regions, and hence need health checks and
 * short TTLs.
 */
import { asArray, pathOf } from "./resource";

/** The steering routing policy of a Route 53 record: `latency`, `geoproximity`, `failover`, or `undefined`. */
export function routingPolicyOf(props: Record<string, unknown>): string | undefined {
  if (asArray(pathOf(props, "latencyRoutingPolicies")).length > 0) return "latency";
  if (pathOf(props, "geoproximityRoutingPolicy") !== undefined) return "geoproximity";
  if (asArray(pathOf(props, "failoverRoutingPolicies")).length > 0) return "failover";
  return undefined;
}
