/**
 * `dns-routing-set-consistency`: the records that share one name and routing policy in a Route 53
 * zone form one set, and each member must be answerable on its own.
 *
 * - A CNAME may not share its name with a record of another type: DNS allows nothing beside a
 *   CNAME, and Route 53 refuses the change (A with AAAA is a legitimate dual-stack pair and
 *   passes). https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/ResourceRecordTypes.html#CNAMEFormat
 * - A member's HTTP(S)/TCP health check must probe the member's own endpoint: one that names the
 *   shared record name with no IP address is resolved by the checkers, which get whichever member
 *   is nearest them, so it tells nothing about this member.
 *   https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/health-checks-creating-values.html
 * - A latency set holds one record per AWS region: Route 53 refuses a second latency record for a
 *   region under the same name and type ("You can only create one latency record for each Amazon
 *   EC2 region").
 *   https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/resource-record-sets-values-latency.html
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { dnsName } from "../lib/dns";
import { asString, pathOf } from "../lib/resource";
import { AWS } from "../lib/resource-types";
import { dnsRecordsOf, type DnsRecord } from "../lib/route53";
import { dependenciesOf, ofType } from "../lib/stack";

/** Health check types that resolve `fqdn` themselves when no `ipAddress` is given. */
const ENDPOINT_CHECKS = ["HTTP", "HTTPS", "HTTP_STR_MATCH", "HTTPS_STR_MATCH", "TCP"];

/** The policy. */
export const dnsRoutingSetConsistency: StackValidationPolicy = {
  name: "dns-routing-set-consistency",
  description:
    "Route 53 records under one name and routing policy do not mix a CNAME with other types, a latency set holds one record per region and type, and each member's health check probes its own endpoint, not the shared name.",
  enforcementLevel: "mandatory",
  severity: "high",
  validateStack: (args, reportViolation) => {
    const records = dnsRecordsOf(args.resources).filter((r) => r.routing !== undefined);
    const sets = new Map<string, DnsRecord[]>();
    for (const r of records) {
      const key = `${r.zoneId} ${r.name} ${r.routing}`;
      sets.set(key, [...(sets.get(key) ?? []), r]);
    }
    for (const members of sets.values()) {
      const types = [...new Set(members.map((m) => m.type))].sort();
      if (types.length < 2 || !types.includes("CNAME")) continue;
      for (const m of members) {
        const others = types.filter((t) => t !== m.type);
        reportViolation(
          `Route 53 record "${m.name}" with ${m.routing} routing must have one type across its set, and a CNAME no other; found ${m.type} here and ${others.join(", ")} on other members.`,
          m.resource.urn,
        );
      }
    }
    for (const members of sets.values()) {
      const byRegion = new Map<string, DnsRecord[]>();
      for (const m of members) {
        const region = asString(pathOf(m.resource.props, "latencyRoutingPolicies", 0, "region"));
        if (m.routing !== "latency" || region === undefined) continue;
        const key = `${m.type} ${region}`;
        byRegion.set(key, [...(byRegion.get(key) ?? []), m]);
      }
      for (const [key, same] of byRegion) {
        if (same.length < 2) continue;
        const region = key.split(" ")[1];
        for (const m of same) {
          const others = same.filter((o) => o !== m).map((o) => o.resource.name);
          reportViolation(
            `Route 53 record "${m.name}" with latency routing must be the only ${m.type} record of its set in region ${region}; found ${others.join(", ")} in ${region} too. Route 53 takes one latency record per region: keep one, or give the others their own regions.`,
            m.resource.urn,
          );
        }
      }
    }
    const checks = ofType(args.resources, AWS.route53HealthCheck);
    for (const r of records) {
      const check = healthCheckOf(r.resource, checks);
      if (check === undefined) continue;
      const type = asString(pathOf(check.props, "type"));
      const fqdn = asString(pathOf(check.props, "fqdn"));
      const ip = asString(pathOf(check.props, "ipAddress"));
      if (type === undefined || !ENDPOINT_CHECKS.includes(type.toUpperCase())) continue;
      if (fqdn === undefined || (ip !== undefined && ip !== "")) continue;
      if (dnsName(fqdn) !== r.name) continue;
      reportViolation(
        `Route 53 record "${r.name}" with ${r.routing} routing must have a health check that probes its own endpoint; found one that probes the shared name "${fqdn}" with no ipAddress, which answers with whichever member is nearest the checker.`,
        r.resource.urn,
      );
    }
  },
};

/** The stack's health check a record names, by property dependency or by id. */
function healthCheckOf(
  record: PolicyResource,
  checks: readonly PolicyResource[],
): PolicyResource | undefined {
  const linked = dependenciesOf(record, "healthCheckId").find(
    (d) => d.type === AWS.route53HealthCheck,
  );
  if (linked !== undefined) return linked;
  const id = asString(pathOf(record.props, "healthCheckId"));
  return id === undefined ? undefined : checks.find((c) => asString(pathOf(c.props, "id")) === id);
}
