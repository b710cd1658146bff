/**
 * `replica-residency`: every replica of a global database lives in a jurisdiction its data class
 * allows — DynamoDB global table replicas, Cosmos DB account locations and the regions of a
 * Spanner instance configuration.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { TAG_DATA_CLASS, type Cloud } from "../../model/types";
import { configOf } from "../lib/config";
import {
  dataClassOf,
  listOf,
  RESIDENCY_CONFIG_SCHEMA,
  residencyProblem,
  type ResidencyConfig,
} from "../lib/jurisdiction";
import { forTypes } from "../lib/policy";
import { asArray, asString, normalizeAzureLocation, pathOf } from "../lib/resource";
import { AWS, AZURE, GCP } from "../lib/resource-types";
import { spannerConfigRegions } from "../../model/spanner-configs";

/** Config of `replica-residency`. */
export interface ReplicaResidencyConfig extends ResidencyConfig {
  /** Extra Spanner instance configurations: name -> regions. */
  spannerConfigs: Record<string, string[]>;
}

/** The replica regions of a database resource, by the property that names them. */
function replicasOf(type: string, props: Record<string, unknown>, config: ReplicaResidencyConfig) {
  const list = (path: string, key: string, normalize = (s: string) => s) =>
    asArray(pathOf(props, path)).flatMap((item) => {
      const name = asString(pathOf(item, key));
      return name === undefined ? [] : [normalize(name)];
    });
  switch (type) {
    case AWS.dynamodbTable:
      return {
        cloud: "aws" as Cloud,
        what: "DynamoDB replica",
        regions: list("replicas", "regionName"),
      };
    case AZURE.cosmosAccount:
      return {
        cloud: "azure" as Cloud,
        what: "Cosmos DB location",
        regions: list("locations", "locationName", normalizeAzureLocation),
      };
    default: {
      const spannerConfig = asString(pathOf(props, "config")) ?? "";
      const regions = spannerConfigRegions(spannerConfig, config.spannerConfigs);
      return { cloud: "gcp" as Cloud, what: "Spanner replica", regions, spannerConfig };
    }
  }
}

/** The policy. */
export const replicaResidency: ResourceValidationPolicy = {
  name: "replica-residency",
  description:
    "Every replica of a global database (DynamoDB, Cosmos DB, Spanner) lives in a jurisdiction allowed for its data class.",
  enforcementLevel: "mandatory",
  severity: "critical",
  configSchema: {
    properties: {
      ...RESIDENCY_CONFIG_SCHEMA.properties,
      spannerConfigs: {
        type: "object",
        description:
          "Spanner instance configurations beyond the built-in list: name -> the regions it places replicas in.",
        additionalProperties: { type: "array", items: { type: "string" } },
        default: {},
      },
    },
  },
  validateResource: forTypes(
    [AWS.dynamodbTable, AZURE.cosmosAccount, GCP.spannerInstance],
    (args, reportViolation) => {
      const dataClass = dataClassOf(args);
      const config = configOf<ReplicaResidencyConfig>(args, {
        jurisdictions: {},
        spannerConfigs: {},
      });
      const allowed = dataClass && config.jurisdictions[dataClass];
      if (dataClass === undefined || allowed === undefined) return;
      const replicas = replicasOf(args.type, args.props, config);
      if (replicas.regions === undefined) {
        reportViolation(
          `Spanner instance with ${TAG_DATA_CLASS} "${dataClass}" must use an instance configuration whose regions are known; found "${replicas.spannerConfig}", which neither the built-in list nor the "spannerConfigs" config places.`,
        );
        return;
      }
      for (const region of replicas.regions) {
        const problem = residencyProblem(replicas.cloud, region, allowed);
        if (problem !== undefined) {
          reportViolation(
            `${replicas.what} of a database with ${TAG_DATA_CLASS} "${dataClass}" must live in ${listOf(allowed)}; found ${problem}.`,
          );
        }
      }
    },
  ),
};
