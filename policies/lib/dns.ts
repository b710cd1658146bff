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

/**
 * The routing policy that makes a Route 53 record one member of a set of records under one name:
 * the steering policies of {@link routingPolicyOf}, plus weighted, geolocation, multivalue and
 * IP-based (CIDR) routing.
 */
export function setRoutingPolicyOf(props: Record<string, unknown>): string | undefined {
  const steering = routingPolicyOf(props);
  if (steering !== undefined) return steering;
  if (asArray(pathOf(props, "weightedRoutingPolicies")).length > 0) return "weighted";
  if (asArray(pathOf(props, "geolocationRoutingPolicies")).length > 0) return "geolocation";
  if (pathOf(props, "multivalueAnswerRoutingPolicy") === true) return "multivalue";
  if (pathOf(props, "cidrRoutingPolicy") !== undefined) return "cidr";
  return undefined;
}

/** A DNS name compared as DNS compares it: lower case, without the trailing dot. */
export function dnsName(name: string): string {
  return name.toLowerCase().replace(/\.$/, "");
}

/**
 * The fully qualified name of a record named `name` in the zone `zoneName`: Route 53 (and the
 * Pulumi provider) take a name without the zone's suffix as relative to the zone.
 */
export function qualifiedName(name: string, zoneName: string | undefined): string {
  const n = dnsName(name);
  if (zoneName === undefined) return n;
  const zone = dnsName(zoneName);
  return n === zone || n.endsWith(`.${zone}`) ? n : `${n}.${zone}`;
}

/** Whether a certificate or alias name (`*.example.com` covers one label) covers `host`. */
export function nameCovers(pattern: string, host: string): boolean {
  const p = dnsName(pattern);
  const h = dnsName(host);
  if (!p.startsWith("*.")) return p === h;
  const dot = h.indexOf(".");
  return dot > 0 && h.slice(dot + 1) === p.slice(2);
}
