/**
 * `latency-dns-health-check`: every entry point that steers clients between regions can tell a
 * dead region from a live one. Route 53 latency, geoproximity and failover records carry a
 * health check that this stack defines (or are aliases that evaluate target health); Front Door
 * origin groups probe their origins; GCP backend services have a health check or, for serverless
 * NEG backends where health checks are not supported, outlier detection.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { routingPolicyOf } from "../lib/dns";
import { dependenciesOf, ofType } from "../lib/stack";
import { asArray, asString, pathOf } from "../lib/resource";
import { AWS, AZURE, GCP } from "../lib/resource-types";
import { isUnknown } from "../lib/unknown";

/** Config of `latency-dns-health-check`. */
export interface DnsHealthConfig {
  /** Require the record's health check to be defined in the same stack. */
  requireHealthCheckInStack: boolean;
}

/** The policy. */
export const latencyDnsHealthCheck: StackValidationPolicy = {
  name: "latency-dns-health-check",
  description:
    "Latency-routed DNS records, Front Door origin groups and GCP backend services have health checks, so traffic leaves a failed region.",
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: {
    properties: {
      requireHealthCheckInStack: {
        type: "boolean",
        default: true,
        description:
          "Require a record's health check to be a route53.HealthCheck of the same stack.",
      },
    },
  },
  validateStack: (args, reportViolation) => {
    const { requireHealthCheckInStack } = configOf<DnsHealthConfig>(args, {
      requireHealthCheckInStack: true,
    });
    const resources = args.resources;
    const checks = ofType(resources, AWS.route53HealthCheck);
    for (const record of ofType(resources, AWS.route53Record)) {
      const routing = routingPolicyOf(record.props);
      if (routing === undefined) continue;
      const id = asString(pathOf(record.props, "healthCheckId"));
      const evaluates = asArray(pathOf(record.props, "aliases")).some(
        (a) => pathOf(a, "evaluateTargetHealth") === true,
      );
      const linked =
        dependenciesOf(record, "healthCheckId").some((d) => d.type === AWS.route53HealthCheck) ||
        checks.some((c) => id !== undefined && asString(pathOf(c.props, "id")) === id);
      if (id === undefined && !linked && !evaluates) {
        reportViolation(
          `Route 53 record with ${routing} routing must have a healthCheckId (or an alias that evaluates target health); found none.`,
          record.urn,
        );
      } else if (id !== undefined && !linked && requireHealthCheckInStack) {
        reportViolation(
          `Route 53 record with ${routing} routing must use a health check defined in this stack; found healthCheckId "${id}", which no route53.HealthCheck here has.`,
          record.urn,
        );
      }
    }
    for (const group of ofType(resources, AZURE.afdOriginGroup)) {
      if (
        pathOf(group.props, "healthProbeSettings") === undefined &&
        !isUnknown(group.props, "healthProbeSettings")
      ) {
        reportViolation(
          "Front Door origin group must set healthProbeSettings; found none.",
          group.urn,
        );
      }
    }
    for (const backend of ofType(resources, GCP.backendService, GCP.regionBackendService)) {
      if (
        isUnknown(backend.props, "healthChecks") ||
        isUnknown(backend.props, "outlierDetection")
      ) {
        continue;
      }
      const checksOf = pathOf(backend.props, "healthChecks");
      const hasCheck =
        (typeof checksOf === "string" && checksOf !== "") || asArray(checksOf).length > 0;
      if (!hasCheck && pathOf(backend.props, "outlierDetection") === undefined) {
        reportViolation(
          "Backend service must have healthChecks or, for serverless backends, outlierDetection; found neither.",
          backend.urn,
        );
      }
    }
  },
};
