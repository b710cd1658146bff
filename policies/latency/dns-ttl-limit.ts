/**
 * `dns-ttl-limit`: latency-, geoproximity- and failover-routed Route 53 records have a short TTL,
 * so resolvers move clients to a healthy or closer region within `maxTtlSeconds`. Alias records
 * have no TTL of their own (Route 53 uses the target's) and are not judged.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { forTypes } from "../lib/policy";
import { asNumber, pathOf } from "../lib/resource";
import { AWS } from "../lib/resource-types";
import { routingPolicyOf } from "../lib/dns";

/** Config of `dns-ttl-limit`. */
export interface DnsTtlConfig {
  /** Longest TTL of a routed record, in seconds. */
  maxTtlSeconds: number;
}

/** The policy. */
export const dnsTtlLimit: ResourceValidationPolicy = {
  name: "dns-ttl-limit",
  description:
    "Latency-, geoproximity- and failover-routed DNS records have a TTL of at most maxTtlSeconds.",
  enforcementLevel: "mandatory",
  severity: "medium",
  configSchema: {
    properties: {
      maxTtlSeconds: {
        type: "integer",
        minimum: 0,
        default: 60,
        description: "Longest TTL of a routed record in seconds.",
      },
    },
  },
  validateResource: forTypes([AWS.route53Record], (args, reportViolation) => {
    const routing = routingPolicyOf(args.props);
    const ttl = asNumber(pathOf(args.props, "ttl"));
    if (routing === undefined || ttl === undefined) return;
    const { maxTtlSeconds } = configOf<DnsTtlConfig>(args, { maxTtlSeconds: 60 });
    if (ttl > maxTtlSeconds) {
      reportViolation(
        `Route 53 record with ${routing} routing must have a ttl of at most ${maxTtlSeconds} s; found ${ttl} s.`,
      );
    }
  }),
};
