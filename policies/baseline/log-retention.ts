/**
 * `log-retention`: logs are kept long enough to investigate an incident after the fact —
 * CloudWatch log groups, Azure Log Analytics workspaces and Cloud Logging buckets keep at least
 * `minimumDays`. The default of 365 days follows PCI DSS v4.0 requirement 10.5.1 (audit log
 * history kept for at least twelve months), CKV_AWS_338 and AWS Config's
 * `cw-loggroup-retention-period-check`; a firm with a different record-keeping rule sets its own.
 * A CloudWatch log group that never expires (`retentionInDays` 0) keeps everything and passes; one
 * without `retentionInDays` is reported, as CKV_AWS_66 does, so retention is always a decision.
 * Advisory by default: a shorter retention costs evidence, not exposure; a firm whose rules demand
 * it makes the policy mandatory in its policy config.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { forTypes } from "../lib/policy";
import { asNumber, pathOf } from "../lib/resource";
import { AWS, AZURE, GCP } from "../lib/resource-types";
import { isUnknown } from "../lib/unknown";

/** Config of `log-retention`. */
export interface LogRetentionConfig {
  /** Minimum retention in days. */
  minimumDays: number;
}

/** Retention a resource gets when the input is unset, per type (`undefined`: unset is reported). */
const UNSET_DAYS: Readonly<Record<string, number | undefined>> = {
  [AWS.logGroup]: undefined,
  [AZURE.logAnalyticsWorkspace]: 30,
  [GCP.loggingBucketConfig]: 30,
};

const WHAT: Readonly<Record<string, [resource: string, input: string]>> = {
  [AWS.logGroup]: ["CloudWatch log group", "retentionInDays"],
  [AZURE.logAnalyticsWorkspace]: ["Log Analytics workspace", "retentionInDays"],
  [GCP.loggingBucketConfig]: ["Cloud Logging bucket", "retentionDays"],
};

/** The policy. */
export const logRetention: ResourceValidationPolicy = {
  name: "log-retention",
  description:
    "Logs are kept at least the minimum number of days: CloudWatch log groups (CKV_AWS_66, CKV_AWS_338), Log Analytics workspaces and Cloud Logging buckets.",
  enforcementLevel: "advisory",
  severity: "medium",
  configSchema: {
    properties: {
      minimumDays: {
        type: "integer",
        minimum: 1,
        maximum: 3653,
        description: "Minimum log retention in days (PCI DSS 10.5.1: 365).",
        default: 365,
      },
    },
  },
  validateResource: forTypes(
    [AWS.logGroup, AZURE.logAnalyticsWorkspace, GCP.loggingBucketConfig],
    (args, reportViolation) => {
      const min = configOf<LogRetentionConfig>(args, { minimumDays: 365 }).minimumDays;
      const [resource, input] = WHAT[args.type];
      if (isUnknown(args.props, input)) return;
      const raw = pathOf(args.props, input);
      const days = asNumber(raw);
      // CloudWatch's 0 means "never expire".
      if (args.type === AWS.logGroup && days === 0) return;
      const effective = days ?? UNSET_DAYS[args.type];
      if (effective !== undefined && effective >= min) return;
      const found =
        days !== undefined
          ? `${days} days`
          : effective !== undefined
            ? `unset (the default ${effective} days)`
            : "unset";
      reportViolation(`${resource} must set ${input} to at least ${min}; found ${found}.`);
    },
  ),
};
