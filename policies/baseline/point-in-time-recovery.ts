/**
 * `point-in-time-recovery`: databases can be restored to any second of a recent window —
 * DynamoDB point-in-time recovery on the table and every replica, Cosmos DB continuous backup,
 * and a Spanner version retention period of at least `minSpannerRetentionHours`.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { forTypes } from "../lib/policy";
import { asArray, asString, pathOf } from "../lib/resource";
import { AWS, AZURE, AZURE_OTHER, COSMOS_ACCOUNTS, GCP } from "../lib/resource-types";
import { isUnknown } from "../lib/unknown";

/** Config of `point-in-time-recovery`. */
export interface PitrConfig {
  /** Minimum Spanner `versionRetentionPeriod`, in hours. */
  minSpannerRetentionHours: number;
}

const UNIT_HOURS: Readonly<Record<string, number>> = { s: 1 / 3600, m: 1 / 60, h: 1, d: 24 };

/** Hours in a Spanner duration (`"1h"`, `"3d"`, `"90m"`, `"3600s"`), or `undefined` if malformed. */
export function durationHours(value: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([smhd])$/.exec(value.trim());
  return m ? Number(m[1]) * UNIT_HOURS[m[2]] : undefined;
}

/** The policy. */
export const pointInTimeRecovery: ResourceValidationPolicy = {
  name: "point-in-time-recovery",
  description:
    "Databases keep point-in-time recovery: DynamoDB PITR (replicas too), Cosmos DB continuous backup, Spanner version retention.",
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: {
    properties: {
      minSpannerRetentionHours: {
        type: "number",
        minimum: 1,
        maximum: 168,
        description: "Minimum Spanner versionRetentionPeriod in hours (Spanner allows 1 to 168).",
        default: 24,
      },
    },
  },
  validateResource: forTypes(
    [AWS.dynamodbTable, ...COSMOS_ACCOUNTS, GCP.spannerDatabase],
    (args, reportViolation) => {
      const p = args.props;
      if (args.type === AZURE_OTHER.classicCosmosAccount) {
        // The classic provider spells the backup policy `backup`; an unset one is Periodic.
        const type = asString(pathOf(p, "backup", "type"));
        if (type !== "Continuous" && !isUnknown(p, "backup", "type")) {
          reportViolation(
            `Cosmos DB account must set backup.type to "Continuous"; found ${type === undefined ? "the default periodic backup" : `"${type}"`}.`,
          );
        }
        return;
      }
      switch (args.type) {
        case AWS.dynamodbTable: {
          const enabled = pathOf(p, "pointInTimeRecovery", "enabled");
          if (enabled !== true && !isUnknown(p, "pointInTimeRecovery", "enabled")) {
            reportViolation(
              `DynamoDB table must set pointInTimeRecovery.enabled to true; found ${enabled === undefined ? "unset" : JSON.stringify(enabled)}.`,
            );
          }
          for (const replica of asArray(pathOf(p, "replicas"))) {
            if (pathOf(replica, "pointInTimeRecovery") !== true) {
              const region = asString(pathOf(replica, "regionName")) ?? "?";
              reportViolation(
                `DynamoDB replica must set pointInTimeRecovery to true; found it off in ${region}.`,
              );
            }
          }
          return;
        }
        case AZURE_OTHER.documentdbAccount:
        case AZURE.cosmosAccount: {
          const type = asString(pathOf(p, "backupPolicy", "type"));
          if (type !== "Continuous" && !isUnknown(p, "backupPolicy", "type")) {
            reportViolation(
              `Cosmos DB account must set backupPolicy.type to "Continuous"; found ${type === undefined ? "the default periodic backup" : `"${type}"`}.`,
            );
          }
          return;
        }
        default: {
          const min = configOf<PitrConfig>(args, {
            minSpannerRetentionHours: 24,
          }).minSpannerRetentionHours;
          if (isUnknown(p, "versionRetentionPeriod")) return;
          const period = asString(pathOf(p, "versionRetentionPeriod"));
          const hours = period === undefined ? 1 : durationHours(period);
          if (hours === undefined || hours < min) {
            reportViolation(
              `Spanner database must keep versionRetentionPeriod of at least ${min}h; found ${period === undefined ? "the default 1h" : `"${period}"`}.`,
            );
          }
        }
      }
    },
  ),
};
