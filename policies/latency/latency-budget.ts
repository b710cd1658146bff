/**
 * `latency-budget`: the estimated critical path of each latency-critical function fits its
 * budget. The path is the function's invocation overhead, the round trip from its region to the
 * venue it serves (tag `venue`), and for each data store it reads the round trip to the store's
 * nearest replica plus the store's access time. Round trips come from the shared latency model
 * (`model/latency.ts`: distance, metro and backbone costs fitted on published round trips). The
 * budget is the tag `latency-budget-ms`, else `defaultBudgetMs`; functions with neither are not
 * judged.
 *
 * How the estimate's range is used: the path is judged on the central estimate (the model's
 * median-unbiased figure), so a sound same-metro path is not blocked because the range's high end
 * (p90 of held-out errors) grazes the budget. The message gives the path's range (each leg's low
 * and high ends summed), and says so when even the fibre floor of the legs misses the budget: no
 * placement of the same sites can fix that, only moving them.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { estimateRtt, type RttEstimate } from "../../model/latency";
import { findRegion } from "../../model/regions";
import { findVenue } from "../../model/venues";
import { configOf } from "../lib/config";
import { catalogRegionOf, dataStoresOf, FUNCTION_TYPES } from "../lib/data-access";
import { isLatencyCritical, TAG_LATENCY_BUDGET, TAG_VENUE } from "../lib/latency-class";
import { ofType } from "../lib/stack";
import { asNumber, asString, pathOf, tagOf } from "../lib/resource";

/** Config of `latency-budget`. */
export interface LatencyBudgetConfig {
  /** Budget of critical functions without a `latency-budget-ms` tag, in ms; 0 = not judged. */
  defaultBudgetMs: number;
  /** Cost of invoking a warm function, in ms. */
  invokeMs: number;
  /** Cost of one data store operation in the store's region, in ms. */
  dataAccessMs: number;
}

const DEFAULTS: LatencyBudgetConfig = { defaultBudgetMs: 0, invokeMs: 1, dataAccessMs: 2 };

const ms = (n: number) => n.toFixed(1);

/** A store replica in the function's own region: no network round trip. */
const SAME_REGION: RttEstimate = {
  distanceKm: 0,
  pathKm: 0,
  seaKm: 0,
  floorMs: 0,
  rttMs: 0,
  rttLowMs: 0,
  rttHighMs: 0,
};

/** The policy. */
export const latencyBudget: StackValidationPolicy = {
  name: "latency-budget",
  description:
    "Each latency-critical function's estimated path (invocation, venue round trip, data round trips) fits its latency budget.",
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: {
    properties: {
      defaultBudgetMs: {
        type: "number",
        minimum: 0,
        default: 0,
        description: `Budget in ms for critical functions without a "${TAG_LATENCY_BUDGET}" tag; 0 leaves them unjudged.`,
      },
      invokeMs: {
        type: "number",
        minimum: 0,
        default: 1,
        description: "Cost of invoking a warm function, in ms.",
      },
      dataAccessMs: {
        type: "number",
        minimum: 0,
        default: 2,
        description: "Cost of one in-region data store operation, in ms.",
      },
    },
  },
  validateStack: (args, reportViolation) => {
    const config = configOf(args, DEFAULTS);
    const resources = args.resources;
    for (const fn of ofType(resources, ...FUNCTION_TYPES)) {
      if (!isLatencyCritical(fn)) continue;
      const budget =
        asNumber(tagOf(fn, TAG_LATENCY_BUDGET)) ?? (config.defaultBudgetMs || undefined);
      const home = catalogRegionOf(fn);
      if (budget === undefined || home === undefined) continue;
      const site = `${home.cloud}:${home.code}`;
      const name = asString(pathOf(fn.props, "name")) ?? fn.name;
      const legs: string[] = [`invoke ${ms(config.invokeMs)}`];
      let total = config.invokeMs;
      let low = config.invokeMs;
      let high = config.invokeMs;
      let floor = config.invokeMs;
      const venueCode = tagOf(fn, TAG_VENUE);
      if (venueCode !== undefined) {
        const venue = findVenue(venueCode.toUpperCase());
        if (venue === undefined) {
          reportViolation(
            `Latency-critical function ${name} must name a catalog venue in its "${TAG_VENUE}" tag; found "${venueCode}".`,
            fn.urn,
          );
          continue;
        }
        const e = estimateRtt(home, venue);
        total += e.rttMs;
        low += e.rttLowMs;
        high += e.rttHighMs;
        floor += e.floorMs;
        legs.push(`${site} to venue:${venue.code} ${ms(e.rttMs)}`);
      }
      for (const store of dataStoresOf(resources, fn)) {
        const replicas = store.regions.flatMap((r) => findRegion(store.cloud, r) ?? []);
        if (replicas.length === 0) continue;
        const nearest = replicas
          .map((r) => ({
            region: r,
            // The catalog returns one object per region: identity is "same region", which this
            // estimate charges no network round trip (the store's access time covers it).
            e: r === home ? SAME_REGION : estimateRtt(home, r),
          }))
          .sort((a, b) => a.e.rttMs - b.e.rttMs)[0];
        const cost = nearest.e.rttMs + config.dataAccessMs;
        total += cost;
        low += nearest.e.rttLowMs + config.dataAccessMs;
        high += nearest.e.rttHighMs + config.dataAccessMs;
        floor += nearest.e.floorMs + config.dataAccessMs;
        legs.push(`${store.label} at ${nearest.region.cloud}:${nearest.region.code} ${ms(cost)}`);
      }
      if (total > budget) {
        const physics =
          floor > budget
            ? `; even with every round trip at its fibre floor it takes ${floor.toFixed(2)} ms`
            : "";
        reportViolation(
          `Latency-critical path of function ${name} in ${site} must fit its budget of ${budget} ms; estimated ${ms(total)} ms, range ${ms(low)}-${ms(high)} (${legs.join(" + ")})${physics}.`,
          fn.urn,
        );
      }
    }
  },
};
