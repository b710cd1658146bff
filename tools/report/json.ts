/**
 * The JSON report: exactly the contract shape of DESIGN.md §6, nothing more, so that tools reading
 * it can rely on every key.
 */
import type { CheckReport } from "./types";

/** Renders the contract JSON (two-space indented, trailing newline). */
export function renderJson(report: CheckReport): string {
  const doc = {
    stacks: report.stacks.map((s) => ({
      name: s.name,
      resources: s.resources,
      resourcesByType: s.resourcesByType,
      error:
        s.error === null
          ? null
          : {
              message: s.error.message,
              problems: s.error.problems.map((p) => ({ path: p.path, message: p.message })),
            },
      violations: s.violations.map((v) => ({
        pack: v.pack,
        policy: v.policy,
        level: v.level,
        severity: v.severity,
        urn: v.urn,
        message: v.message,
      })),
      warnings: s.warnings.map((w) => ({
        kind: w.kind,
        message: w.message,
        ...(w.urn !== undefined ? { urn: w.urn } : {}),
      })),
    })),
    summary: {
      stacks: report.summary.stacks,
      resources: report.summary.resources,
      mandatory: report.summary.mandatory,
      advisory: report.summary.advisory,
      warnings: report.summary.warnings,
    },
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
