/**
 * Residency checks shared by `data-residency` and `replica-residency`: the config both take and
 * the one judgement they make — is a region of a cloud inside the jurisdictions allowed for a
 * data class?
 */
import type { PolicyConfigSchema } from "@pulumi/policy";
import { EU, inJurisdiction } from "../../model/jurisdictions";
import { findRegion } from "../../model/regions";
import { DATA_CLASSES, TAG_DATA_CLASS, type Cloud, type DataClass } from "../../model/types";
import { tagOf, type JudgedResource } from "./resource";

/** Config of both residency policies. */
export interface ResidencyConfig {
  /** Data class -> allowed jurisdictions (ISO 3166-1 alpha-2, or `EU`); absent classes are unrestricted. */
  jurisdictions: Partial<Record<DataClass, string[]>>;
}

/** JSON schema of {@link ResidencyConfig}. */
export const RESIDENCY_CONFIG_SCHEMA: PolicyConfigSchema = {
  properties: {
    jurisdictions: {
      type: "object",
      description:
        'Data class -> allowed jurisdictions: ISO 3166-1 alpha-2 country codes, or "EU" for any EU member state. Classes not listed are unrestricted.',
      propertyNames: { enum: [...DATA_CLASSES] },
      additionalProperties: {
        type: "array",
        items: { type: "string", pattern: "^(EU|[A-Z]{2})$" },
      },
      default: {},
    },
  },
};

/** The resource's `data-class` tag, if it is one of the known classes. */
export function dataClassOf(resource: JudgedResource): DataClass | undefined {
  const value = tagOf(resource, TAG_DATA_CLASS);
  return (DATA_CLASSES as readonly string[]).includes(value ?? "")
    ? (value as DataClass)
    : undefined;
}

/**
 * Cloud Storage multi-region locations and the jurisdiction each keeps data in: Google stores
 * `EU` data in EU member states and `US` data in the United States. `ASIA` spans several
 * countries and is not listed, so it is refused unless every one of them were allowed.
 */
const GCS_MULTI_REGIONS: Readonly<Record<string, string>> = { eu: EU, us: "US" };

/** Cloud Storage predefined dual-regions and their two regions. */
const GCS_DUAL_REGIONS: Readonly<Record<string, readonly string[]>> = {
  asia1: ["asia-northeast1", "asia-northeast2"],
  eur4: ["europe-north1", "europe-west4"],
  nam4: ["us-central1", "us-east1"],
};

/**
 * Why `region` of `cloud` may not hold data allowed only in `allowed`, or `undefined` when it may.
 * A region the catalog does not know cannot be placed in a country, so it is refused too.
 */
export function residencyProblem(
  cloud: Cloud,
  region: string,
  allowed: readonly string[],
): string | undefined {
  if (cloud === "gcp" && region in GCS_MULTI_REGIONS) {
    const jurisdiction = GCS_MULTI_REGIONS[region];
    return allowed.includes(jurisdiction)
      ? undefined
      : `multi-region ${region.toUpperCase()} (${jurisdiction})`;
  }
  if (cloud === "gcp" && region in GCS_DUAL_REGIONS) {
    const problems = GCS_DUAL_REGIONS[region].flatMap(
      (r) => residencyProblem(cloud, r, allowed) ?? [],
    );
    return problems.length === 0
      ? undefined
      : `dual-region ${region.toUpperCase()}: ${problems.join(", ")}`;
  }
  const r = findRegion(cloud, region);
  if (r === undefined) return `${region}, which the region catalog does not place in a country`;
  return inJurisdiction(r.country, allowed) ? undefined : `${region} (${r.country})`;
}

/** `[US, GB]`, for messages. */
export function listOf(values: readonly string[]): string {
  return `[${values.join(", ")}]`;
}
