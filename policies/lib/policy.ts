/**
 * Small builders shared by the packs' policies.
 */
import type { ResourceValidation } from "@pulumi/policy";

/**
 * Restricts a resource validation to the given resource types and tags it with the type as
 * `@pulumi/policy`'s own `validateResourceOfType` does, so the analyzer skips other types without
 * deserialising them. Several types leave the function untagged: it filters itself.
 */
export function forTypes(
  types: readonly string[],
  validate: ResourceValidation,
): ResourceValidation {
  const fn: ResourceValidation = (args, report) =>
    types.includes(args.type) ? validate(args, report) : undefined;
  if (types.length === 1) (fn as { __pulumiType?: string }).__pulumiType = types[0];
  return fn;
}
