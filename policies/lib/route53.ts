/**
 * Route 53 records of a stack as DNS sees them: fully qualified name, type, routing policy and
 * what they point at. Records whose name, zone or type is unknown during preview are left out,
 * so a policy never judges a record it cannot name.
 */
import type { PolicyResource } from "@pulumi/policy";
import { qualifiedName, setRoutingPolicyOf } from "./dns";
import { asArray, asString, pathOf } from "./resource";
import { AWS } from "./resource-types";
import { dependenciesOf, ofType } from "./stack";

/** One Route 53 record of the stack. */
export interface DnsRecord {
  readonly resource: PolicyResource;
  /** Fully qualified, lower case, no trailing dot. */
  readonly name: string;
  readonly zoneId: string;
  readonly type: string;
  /** The routing policy that makes it one member of a set, if any. */
  readonly routing?: string;
  /** Its known values (`records`): host names for a CNAME, addresses for A/AAAA. */
  readonly values: readonly string[];
  /** The known targets of its alias, if it is one. */
  readonly aliasNames: readonly string[];
}

/** The Route 53 records of `resources` whose name, zone and type are known. */
export function dnsRecordsOf(resources: readonly PolicyResource[]): DnsRecord[] {
  const zones = ofType(resources, AWS.route53Zone);
  const out: DnsRecord[] = [];
  for (const r of ofType(resources, AWS.route53Record)) {
    const name = asString(pathOf(r.props, "name"));
    const zoneId = asString(pathOf(r.props, "zoneId"));
    const type = asString(pathOf(r.props, "type"));
    if (name === undefined || zoneId === undefined || type === undefined) continue;
    const zone =
      dependenciesOf(r, "zoneId").find((d) => d.type === AWS.route53Zone) ??
      zones.find((z) => asString(pathOf(z.props, "zoneId")) === zoneId);
    const zoneName = zone === undefined ? undefined : asString(pathOf(zone.props, "name"));
    const routing = setRoutingPolicyOf(r.props);
    out.push({
      resource: r,
      name: qualifiedName(name, zoneName),
      zoneId,
      type: type.toUpperCase(),
      ...(routing === undefined ? {} : { routing }),
      values: asArray(pathOf(r.props, "records")).filter((v) => typeof v === "string"),
      aliasNames: asArray(pathOf(r.props, "aliases"))
        .map((a) => asString(pathOf(a, "name")))
        .filter((n) => n !== undefined),
    });
  }
  return out;
}
