/**
 * Benchmark of the offline check: Tachyon's own stacks (every environment in stacks/) through
 * every policy pack in policies/, as `npm start` runs them. The cost per resource is the whole
 * wall time (policy packs starting included) over the resources the policies saw.
 *
 * It also times the inner loop of someone editing one regional stack, `check.single_stack_ms`:
 * `prod-aws-us-east-1` with all three packs, the outputs its `StackReference` reads taken from the
 * whole check just before, since nothing the global stack's program read has changed (as after an
 * edit of the regional stack's config or of a policy); and the floor that loop is held against,
 * `check.sdk_load_ms`: a fresh `node` loading `@pulumi/pulumi` and `@pulumi/aws` and nothing
 * else (median of three). `check.single_stack_ratio_vs_sdk_load` is the first over the second,
 * both measured in this run. `check.single_stack_global_run_ms` (and its ratio,
 * `check.single_stack_global_run_ratio_vs_sdk_load`) is the same check with the global stack run
 * for its outputs in the same check, as after an edit of code the global stack loads.
 *
 * `check.ms_per_resource_large` is the same cost per resource over a generated environment with
 * three times the sites of the reference one (bench/large-environment.ts; `prod`, or `dev` in
 * quick mode), written into a fixed folder of the system's temporary folder, so that, like the
 * reference stacks, it runs with the stack references the check learned in the previous run;
 * `check.large_ratio_vs_reference` holds it against `check.ms_per_resource` of this run (the
 * goal: at most 1.2, the check stays linear).
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { runCheck, TACHYON_ROOT } from "../tools/analyzer/run-check";
import { writeLargeEnvironment } from "./large-environment";

/** The regional stack of `check.single_stack_ms`; the check runs its global stack for its outputs. */
export const SINGLE_STACK = ["prod-aws-us-east-1"];

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
  const t1 = performance.now();
  const globalRun = await runCheck({ stacks: SINGLE_STACK, reuseOutputs: false });
  const globalRunMs = performance.now() - t1;
  failIfErrors(globalRun.stacks);
  const sdkMs = sdkLoadMs(options.quick ? 1 : 3);
  const large = await largeEnvironment(options.quick === true);
  const perResource = report.ms / resources;
  return {
    "check.ms_per_resource": { value: round(perResource), unit: "ms" },
    "check.ms_per_resource_large": { value: round(large.ms / large.resources), unit: "ms" },
    "check.large_ratio_vs_reference": {
      value: round(large.ms / large.resources / perResource),
      unit: "ratio",
    },
    "check.large_resources": { value: large.resources, unit: "count" },
    "check.large_stacks": { value: large.stacks, unit: "count" },
    "check.program_ms_per_resource": { value: round(programMs / resources), unit: "ms" },
    "check.total_ms": { value: report.ms, unit: "ms" },
    "check.resources": { value: resources, unit: "count" },
    "check.stacks": { value: report.summary.stacks, unit: "count" },
    "check.single_stack_ms": { value: round(singleMs), unit: "ms" },
    "check.sdk_load_ms": { value: round(sdkMs), unit: "ms" },
    "check.single_stack_ratio_vs_sdk_load": { value: round(singleMs / sdkMs), unit: "ratio" },
    "check.single_stack_global_run_ms": { value: round(globalRunMs), unit: "ms" },
    "check.single_stack_global_run_ratio_vs_sdk_load": {
      value: round(globalRunMs / sdkMs),
      unit: "ratio",
    },
  };
}

/** Checks the generated environment three times the size of the reference one. */
async function largeEnvironment(
  quick: boolean,
): Promise<{ ms: number; resources: number; stacks: number }> {
  const user = typeof process.getuid === "function" ? process.getuid() : 0;
  const dir = path.join(os.tmpdir(), `tachyon-bench-large-${user}-${quick ? "dev" : "prod"}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  try {
    const stacks = writeLargeEnvironment(
      path.join(TACHYON_ROOT, "stacks"),
      quick ? "dev" : "prod",
      "large",
      dir,
    );
    const report = await runCheck({ stacksDir: dir, stacks });
    failIfErrors(report.stacks);
    return { ms: report.ms, resources: report.summary.resources, stacks: stacks.length };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
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
