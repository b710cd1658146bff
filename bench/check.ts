/**
 * Benchmark of the offline check: Tachyon's own stacks (every environment in stacks/) through
 * every policy pack in policies/, as `npm start` runs them. The cost per resource is the whole
 * wall time (policy packs starting included) over the resources the policies saw.
 *
 * It also times the inner loop of someone editing one regional stack, `check.single_stack_ms`:
 * `prod-aws-us-east-1` with all three packs, its global stack run in the same check for the
 * outputs its `StackReference` reads; and the floor that loop is held against,
 * `check.sdk_load_ms`: a fresh `node` loading `@pulumi/pulumi` and `@pulumi/aws` and nothing
 * else (median of three). `check.single_stack_ratio_vs_sdk_load` is the first over the second,
 * both measured in this run.
 */
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { runCheck, TACHYON_ROOT } from "../tools/analyzer/run-check";

/** The regional stack of `check.single_stack_ms`, and the global stack it reads. */
export const SINGLE_STACK = ["prod-global", "prod-aws-us-east-1"];

/** The stacks of the whole-check figures in quick mode: the small dev environment. */
const QUICK_STACKS = ["dev-global", "dev-aws-us-east-1", "dev-azure-westeurope"];

/** Runs the checks and reports their cost; `quick` checks only the dev environment as a whole. */
export async function bench(
  options: { readonly quick?: boolean } = {},
): Promise<Record<string, { value: number; unit: string }>> {
  const report = await runCheck(options.quick ? { stacks: QUICK_STACKS } : {});
  failIfErrors(report.stacks);
  const resources = report.summary.resources;
  const programMs = report.stacks.reduce((n, s) => n + s.ms, 0);
  const t0 = performance.now();
  const single = await runCheck({ stacks: SINGLE_STACK });
  const singleMs = performance.now() - t0;
  failIfErrors(single.stacks);
  const sdkMs = sdkLoadMs(options.quick ? 1 : 3);
  return {
    "check.ms_per_resource": { value: round(report.ms / resources), unit: "ms" },
    "check.program_ms_per_resource": { value: round(programMs / resources), unit: "ms" },
    "check.total_ms": { value: report.ms, unit: "ms" },
    "check.resources": { value: resources, unit: "count" },
    "check.stacks": { value: report.summary.stacks, unit: "count" },
    "check.single_stack_ms": { value: round(singleMs), unit: "ms" },
    "check.sdk_load_ms": { value: round(sdkMs), unit: "ms" },
    "check.single_stack_ratio_vs_sdk_load": { value: round(singleMs / sdkMs), unit: "ratio" },
  };
}

function failIfErrors(stacks: readonly { name: string; error: unknown }[]): void {
  const failed = stacks.filter((s) => s.error !== null).map((s) => s.name);
  if (failed.length > 0)
    throw new Error(
      `check benchmark: stacks ${failed.join(", ")} failed, got no verdict for them. Run "npm start" to see why.`,
    );
}

/** Median wall time of a fresh `node` that loads the two SDKs a regional AWS stack needs. */
function sdkLoadMs(runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const t0 = performance.now();
    const r = spawnSync(
      process.execPath,
      ["-e", 'require("@pulumi/pulumi"); require("@pulumi/aws");'],
      { cwd: TACHYON_ROOT, encoding: "utf8", timeout: 60_000 },
    );
    if (r.status !== 0) throw new Error(`check benchmark: loading the SDKs failed: ${r.stderr}`);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}
