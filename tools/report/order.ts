/**
 * The one order of a stack's lists, so that two runs of the same check write the same bytes in
 * every format and a CI diff shows only real changes. Registration order is no order at all: a
 * program that serializes closures (magic functions) or awaits promises registers its resources
 * in whatever order they settle. Strings compare by UTF-16 code unit (not by locale), so every
 * machine sorts alike. Stacks keep the engine's order (global stacks first, then by name).
 */
import type { Remediation, StackReport, Violation, Warning } from "./types";

/** Violations by pack, policy, resource URN, message, then level and severity. */
export function compareViolations(a: Violation, b: Violation): number {
  return (
    compare(a.pack, b.pack) ||
    compare(a.policy, b.policy) ||
    compare(a.urn, b.urn) ||
    compare(a.message, b.message) ||
    compare(a.level, b.level) ||
    compare(a.severity, b.severity)
  );
}

/** Warnings by kind, resource URN (warnings about no resource first), then message. */
export function compareWarnings(a: Warning, b: Warning): number {
  return (
    compare(a.kind, b.kind) || compare(a.urn ?? "", b.urn ?? "") || compare(a.message, b.message)
  );
}

/** Remediations by pack, policy, then resource URN. */
export function compareRemediations(a: Remediation, b: Remediation): number {
  return compare(a.pack, b.pack) || compare(a.policy, b.policy) || compare(a.urn, b.urn);
}

/**
 * The stack report with its violations, warnings and remediations in the orders above and its
 * `resourcesByType` keyed in type order. Config problems keep the order validation lists them in,
 * which depends on the config alone.
 */
export function orderStackReport(stack: StackReport): StackReport {
  return {
    ...stack,
    resourcesByType: Object.fromEntries(
      Object.entries(stack.resourcesByType).sort(([a], [b]) => compare(a, b)),
    ),
    violations: [...stack.violations].sort(compareViolations),
    remediations: [...stack.remediations].sort(compareRemediations),
    warnings: [...stack.warnings].sort(compareWarnings),
  };
}

/** Two strings by UTF-16 code unit, the same on every machine whatever its locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
