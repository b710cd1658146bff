/**
 * `same-region-data-access`: a latency-critical function reads its data in its own region. A
 * synchronous call to another region adds that region's round trip to every request; a global
 * table, a Cosmos DB location or a Spanner replica in the function's region removes it. How a
 * function's data stores are found is described in `policies/lib/data-access.ts`.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { dataStoresOf, FUNCTION_TYPES } from "../lib/data-access";
import { isLatencyCritical } from "../lib/latency-class";
import { ofType } from "../lib/stack";
import { cloudOfType, regionOf } from "../lib/resource";
import { isFunctionApp } from "../lib/warm";

/** The policy. */
export const sameRegionDataAccess: StackValidationPolicy = {
  name: "same-region-data-access",
  description:
    "A latency-critical function reads tables, caches and databases through a replica or endpoint in its own region, never across regions.",
  enforcementLevel: "mandatory",
  severity: "high",
  validateStack: (args, reportViolation) => {
    const resources = args.resources;
    for (const fn of ofType(resources, ...FUNCTION_TYPES)) {
      if (!isLatencyCritical(fn) || (fn.type === FUNCTION_TYPES[1] && !isFunctionApp(fn.props)))
        continue;
      const cloud = cloudOfType(fn.type);
      const region = regionOf(fn);
      if (region === undefined) continue;
      for (const store of dataStoresOf(resources, fn)) {
        if (store.regions.length === 0) continue;
        if (store.cloud === cloud && store.regions.includes(region)) continue;
        const found = store.regions.map((r) => `${store.cloud}:${r}`).join(", ");
        reportViolation(
          `Latency-critical function in ${cloud}:${region} must access ${store.label} through a replica in its own region; found it only in ${found}.`,
          fn.urn,
        );
      }
    }
  },
};
