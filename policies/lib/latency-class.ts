/**
 * Which resources are latency-critical: those tagged (GCP: labelled) `latency-class: critical`.
 */
import { LATENCY_CRITICAL, TAG_LATENCY_CLASS } from "../../model/types";
import { tagOf, type JudgedResource } from "./resource";

/** Whether the resource carries `latency-class: critical`. */
export function isLatencyCritical(resource: JudgedResource): boolean {
  return tagOf(resource, TAG_LATENCY_CLASS) === LATENCY_CRITICAL;
}

/** The budget and venue tag keys, shared with the components that set them. */
export { TAG_LATENCY_BUDGET, TAG_VENUE } from "../../model/types";
