/**
 * `latency-budget`: the estimated critical path of each latency-critical function fits its
 * budget. The path is the function's invocation overhead, the round trip from its region to the
 * venue it serves (tag `venue`), and for each data store it reads the round trip to the store's
 * nearest replica plus the store's access time. Round trips come from the shared latency model
 * (`model/latency.ts`: great-circle distance, fitted on published inter-region latencies). The
 * budget is the tag `latency-budget-ms`, else `defaultBudgetMs`; functions with neither are not
 * judged.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { estimateRtt } from "../../model/latency";
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
        const rtt = estimateRtt(home, venue).rttMs;
        total += rtt;
        legs.push(`${site} to venue:${venue.code} ${ms(rtt)}`);
      }
      for (const store of dataStoresOf(resources, fn)) {
        const replicas = store.regions.flatMap((r) => findRegion(store.cloud, r) ?? []);
        if (replicas.length === 0) continue;
        const nearest = replicas
          .map((r) => ({
            region: r,
            // The catalog returns one object per region: identity is "same region", which this
            // estimate charges no network round trip (the store's access time covers it).
            rtt: r === home ? 0 : estimateRtt(home, r).rttMs,
          }))
          .sort((a, b) => a.rtt - b.rtt)[0];
        const cost = nearest.rtt + config.dataAccessMs;
        total += cost;
        legs.push(`${store.label} at ${nearest.region.cloud}:${nearest.region.code} ${ms(cost)}`);
      }
      if (total > budget) {
        reportViolation(
          `Latency-critical path of function ${name} in ${site} must fit its budget of ${budget} ms; estimated ${ms(total)} ms (${legs.join(" + ")}).`,
          fn.urn,
        );
      }
    }
  },
};
