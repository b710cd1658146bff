/**
 * Which resources are latency-critical: those tagged (GCP: labelled) `latency-class: critical`.
 */
import { LATENCY_CRITICAL, TAG_LATENCY_CLASS } from "../../model/types";
import { tagOf, type JudgedResource } from "./resource";

/** Whether the resource carries `latency-class: critical`. */
export function isLatencyCritical(resource: JudgedResource): boolean {
  return tagOf(resource, TAG_LATENCY_CLASS) === LATENCY_CRITICAL;
}

/** Tag (GCP: label) holding a function's end-to-end latency budget in milliseconds. */
export const TAG_LATENCY_BUDGET = "latency-budget-ms";

/** Tag (GCP: label) naming the exchange venue a function serves (catalog code, any case). */
export const TAG_VENUE = "venue";
