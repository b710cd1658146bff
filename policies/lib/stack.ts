/**
 * Navigating the resources of a stack policy: by type, and along the engine's property
 * dependencies (which resources a property's value was computed from — known even when the
 * value itself is not, during preview).
 */
import type { PolicyResource } from "@pulumi/policy";
import { known } from "./resource";

/** The resources of the given types. */
export function ofType(resources: readonly PolicyResource[], ...types: string[]): PolicyResource[] {
  return resources.filter((r) => types.includes(r.type));
}

/** The resources the value of `prop` of `r` was computed from. */
export function dependenciesOf(r: PolicyResource, prop: string): readonly PolicyResource[] {
  return known(() => r.propertyDependencies[prop]) ?? [];
}
