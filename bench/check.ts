/**
 * Benchmark of the offline check: Tachyon's own stacks (every environment in stacks/) through
 * every policy pack in policies/, as `npm start` runs them. The cost per resource is the whole
 * wall time (policy packs starting included) over the resources the policies saw.
 */
import { runCheck } from "../tools/analyzer/run-check";

/** Runs one full check and reports its cost. */
export async function bench(): Promise<Record<string, { value: number; unit: string }>> {
  const report = await runCheck();
  const failed = report.stacks.filter((s) => s.error !== null).map((s) => s.name);
  if (failed.length > 0)
    throw new Error(
      `check benchmark: stacks ${failed.join(", ")} failed, got no verdict for them. Run "npm start" to see why.`,
    );
  const resources = report.summary.resources;
  const programMs = report.stacks.reduce((n, s) => n + s.ms, 0);
  return {
    "check.ms_per_resource": { value: round(report.ms / resources), unit: "ms" },
    "check.program_ms_per_resource": { value: round(programMs / resources), unit: "ms" },
    "check.total_ms": { value: report.ms, unit: "ms" },
    "check.resources": { value: resources, unit: "count" },
    "check.stacks": { value: report.summary.stacks, unit: "count" },
  };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
