/**
 * `data-residency`: every resource tagged `data-class` lives in a jurisdiction its class allows.
 * The region is the resource's own `region`/`location` input, else its provider's, so the policy
 * judges any program's resources, not only Tachyon's.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { DATA_CLASSES, TAG_DATA_CLASS } from "../../model/types";
import { configOf } from "../lib/config";
import {
  dataClassOf,
  listOf,
  RESIDENCY_CONFIG_SCHEMA,
  residencyProblem,
  type ResidencyConfig,
} from "../lib/jurisdiction";
import { cloudOfType, regionOf, tagOf } from "../lib/resource";

/** The policy. */
export const dataResidency: ResourceValidationPolicy = {
  name: "data-residency",
  description:
    "Resources tagged with a data-class live in a region of a jurisdiction allowed for that class.",
  enforcementLevel: "mandatory",
  severity: "critical",
  configSchema: RESIDENCY_CONFIG_SCHEMA,
  validateResource: (args, reportViolation) => {
    const cloud = cloudOfType(args.type);
    const tag = tagOf(args, TAG_DATA_CLASS);
    if (cloud === undefined || tag === undefined) return;
    const dataClass = dataClassOf(args);
    if (dataClass === undefined) {
      reportViolation(
        `Resource must carry a ${TAG_DATA_CLASS} tag of ${DATA_CLASSES.join(", ")}; found "${tag}".`,
      );
      return;
    }
    const allowed = configOf<ResidencyConfig>(args, { jurisdictions: {} }).jurisdictions[dataClass];
    const region = regionOf(args);
    if (allowed === undefined || region === undefined) return;
    const problem = residencyProblem(cloud, region, allowed);
    if (problem !== undefined) {
      reportViolation(
        `Resource with ${TAG_DATA_CLASS} "${dataClass}" must live in ${listOf(allowed)}; found ${problem}.`,
      );
    }
  },
};
