/**
 * `tachyon check` without the command line: runs the selected stacks of a project under the
 * offline engine while the policy packs start, then sends each finished stack through every pack.
 * Packs start once per run and are configured once; programs run in parallel up to the core
 * count, and each stack is analyzed as soon as its program is done.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { refuseDuplicateGlobalStacks } from "../engine/environments";
import { readLearnedReferences, saveLearnedReferences } from "../engine/learned-references";
import { listStacks, readProject, type Project } from "../engine/project";
import type { UserMocks } from "../engine/types";
import { runStacks, selectStacks, type StackRun } from "../engine/schedule";
import type { StackFailure } from "../engine/types";
import {
  summarize,
  type CheckReport,
  type PackReport,
  type SourcePosition,
  type StackReport,
} from "../report/types";
import { compare, orderStackReport } from "../report/order";
import { analyzeStack, isAnalyzed, type ConfiguredPack } from "./analyze";
import { readPolicyConfigFiles, type PolicyConfigFile } from "./config";
import { readJudgedTypes, unjudgedTypeWarnings } from "./judged-types";
import { PackSet } from "./pack-set";
import { PolicyPack } from "./pack";

/** Tachyon's own folder: the default project, and the home of the default policy packs. */
export const TACHYON_ROOT = path.resolve(__dirname, "..", "..");

/** What to check. */
export interface CheckOptions {
  /** @default TACHYON_ROOT */
  readonly project?: string;
  /** Overrides the project's `stackConfigDir`. */
  readonly stacksDir?: string;
  /** @default every stack in the stacks folder */
  readonly stacks?: readonly string[];
  /** @default every folder of `policies/` holding a PulumiPolicy.yaml */
  readonly policyPacks?: readonly string[];
  readonly policyPackConfigs?: readonly string[];
  /** More config files for one stack, applied after `policyPackConfigs` (e.g. per environment). */
  readonly policyPackConfigsFor?: (stack: string) => readonly string[];
  /** Most programs running at once. @default os.availableParallelism() */
  readonly parallelism?: number;
  /** Told about things worth a line on stderr (config keys that match no policy). */
  readonly warn?: (message: string) => void;
  /** Answers for invokes and stacks outside the run (`--mocks`). */
  readonly mocks?: UserMocks;
  /** Called as each stack's verdict is ready, for progress output. */
  readonly onStackReport?: (report: StackReport) => void;
  /** Told where the time goes (`--verbose`): each pack's start, each stack's phases. */
  readonly verbose?: (message: string) => void;
  /**
   * Takes a stack run only for its outputs from an earlier check when nothing its program read
   * has changed (outputs-cache.ts). @default true
   */
  readonly reuseOutputs?: boolean;
}

/** The policy packs under Tachyon's `policies/` folder. */
export function defaultPolicyPacks(root = TACHYON_ROOT): string[] {
  const dir = path.join(root, "policies");
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, "PulumiPolicy.yaml")))
    .map((e) => path.join(dir, e.name))
    .sort();
}

/** Runs the check; rejects on bad usage, bad policy config or a failing pack. */
export async function runCheck(opts: CheckOptions = {}): Promise<CheckReport> {
  const started = Date.now();
  const project = readProject(opts.project ?? TACHYON_ROOT, opts.stacksDir);
  const names = selectStacks(project, opts.stacks ?? []);
  refuseDuplicateGlobalStacks(project);
  const packDirs = opts.policyPacks ?? defaultPolicyPacks();
  const judged = readJudgedTypes(packDirs);
  // Each stack's config files, as a key into the parsed sets (parsed now: a bad file fails fast).
  const configKey = new Map<string, string>();
  const sets = new Map<string, PolicyConfigFile[]>();
  for (const name of names) {
    const files = [...(opts.policyPackConfigs ?? []), ...(opts.policyPackConfigsFor?.(name) ?? [])];
    const key = files.join("\n");
    configKey.set(name, key);
    if (!sets.has(key)) sets.set(key, readPolicyConfigFiles(files));
  }

  const abort = new AbortController();
  const startedPacks = Promise.allSettled(packDirs.map((d) => PolicyPack.start(d)));
  const packsReady = startedPacks.then((results) => {
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed !== undefined) throw failed.reason;
    const packs = results.map((r) => (r as PromiseFulfilledResult<PolicyPack>).value);
    // Relative asset paths of any project resolve against its folder, as the Pulumi CLI runs it.
    for (const pack of packs) opts.verbose?.(packTimingLine(pack));
    return PackSet.prepare(packs, sets, opts.warn, { programDir: project.dir });
  });
  // A pack that cannot start ends the run; stop the programs rather than wait for them.
  packsReady.catch(() => abort.abort());

  const reports = new Map<string, StackReport>();
  let analysis = Promise.resolve();
  const onStack = (run: StackRun): void => {
    if (run.forOutputs === true) {
      opts.verbose?.(stackTimingLine(run, undefined));
      return;
    }
    analysis = analysis.then(async () => {
      const packs = await (await packsReady).configureFor(configKey.get(run.name) ?? "");
      const analyzing = Date.now();
      // Sorted here, once, so that every format and the progress callback see one order.
      const report = orderStackReport(await reportStack(project, run, packs));
      opts.verbose?.(stackTimingLine(run, Date.now() - analyzing));
      reports.set(run.name, report);
      opts.onStackReport?.(report);
    });
    // A pack failing mid-run ends the run: stop the programs; the error surfaces at the final await.
    analysis.catch(() => abort.abort());
  };
  try {
    const runs = await runStacks(project, names, {
      parallelism: opts.parallelism,
      onStack,
      signal: abort.signal,
      mocks: opts.mocks,
      available: listStacks(project),
      hints: readLearnedReferences(project),
      reuseOutputs: opts.reuseOutputs ?? true,
    });
    saveLearnedReferences(project, runs);
    const extra = runs.filter((r) => r.forOutputs === true);
    if (extra.length > 0)
      opts.warn?.(
        forOutputsNote(
          extra.filter((r) => r.reusedFrom === undefined).map((r) => r.name),
          extra.filter((r) => r.reusedFrom !== undefined).map((r) => r.name),
        ),
      );
    const { packs } = await packsReady;
    await analysis;
    return {
      project: project.name,
      dir: project.dir,
      stacks: orderStacks(runs.filter((r) => r.forOutputs !== true)).map(
        (r) => reports.get(r.name) as StackReport,
      ),
      packs: packs.map(packReport),
      summary: summarize([...reports.values()]),
      ms: Date.now() - started,
    };
  } finally {
    abort.abort();
    // Every pack process ends here, whichever way the run ends (a failed start stops its own).
    const started = await startedPacks;
    const running = started.filter((r) => r.status === "fulfilled").map((r) => r.value);
    await Promise.all(running.map((pack) => pack.close()));
  }

  async function reportStack(
    proj: Project,
    run: StackRun,
    packs: ConfiguredPack[],
  ): Promise<StackReport> {
    const analyzed = run.resources.filter(isAnalyzed);
    const resourcesByType: Record<string, number> = {};
    for (const r of analyzed) resourcesByType[r.type] = (resourcesByType[r.type] ?? 0) + 1;
    const file = run.file !== "" ? run.file : path.join(proj.stacksDir, `Pulumi.${run.name}.yaml`);
    const base = { name: run.name, file, resources: analyzed.length, resourcesByType, ms: run.ms };
    const failure = run.failure ?? emptyStack(proj, run);
    if (failure !== undefined) {
      return {
        ...base,
        error: { message: failure.message, problems: failure.problems },
        violations: [],
        remediations: [],
        warnings: [],
      };
    }
    const id = {
      project: proj.name,
      stack: run.name,
      config: run.config?.config ?? {},
      secretKeys: run.config?.secretKeys ?? [],
    };
    const { violations, remediations } = await analyzeStack(id, run.resources, packs);
    const sources: Record<string, SourcePosition> = {};
    for (const r of run.resources)
      if (r.source !== undefined && violations.some((v) => v.urn === r.urn))
        sources[r.urn] = r.source;
    return {
      ...base,
      error: null,
      violations,
      remediations,
      sources,
      warnings: [...run.warnings, ...unjudgedTypeWarnings(run.resources, judged)],
    };
  }
}

// A program that registered nothing but its root stack was not checked at all: a CI gate must fail.
function emptyStack(project: Project, run: StackRun): StackFailure | undefined {
  if (run.resources.some((r) => isAnalyzed(r) && r.parent !== "")) return undefined;
  const program = path.relative(project.dir, project.program) || ".";
  return {
    message: `Stack "${run.name}" registered no resources, got only its root stack from program "${program}". Create the resources at the top level of the program or in the function it exports, or point "main" in Pulumi.yaml at the file that does.`,
    problems: [],
  };
}

/**
 * The one line that says which unselected stacks ran (or gave their outputs from an earlier check
 * without running), and why they are not in the report.
 */
export function forOutputsNote(ran: readonly string[], reused: readonly string[] = []): string {
  const its = reused.length === 1 ? "its program" : "their programs";
  const parts = [
    ...(ran.length > 0 ? [`ran ${ran.join(", ")}`] : []),
    ...(reused.length > 0
      ? [`took ${reused.join(", ")} from an earlier check (nothing ${its} read has changed)`]
      : []),
  ];
  return `${parts.join(" and ")} only for the outputs the selected stacks read; not checked or reported (add --stack ${[...ran, ...reused][0]} to check it too).`;
}

/** `--verbose`: how long a pack took to start and which program it ran. */
export function packTimingLine(pack: PolicyPack): string {
  const from = {
    built: "bundled now",
    cached: "bundle from the cache",
    source: "from source",
  }[pack.programSource];
  return `pack ${pack.name}: start ${pack.startMs} ms (${from}).`;
}

/** `--verbose`: the phases of one stack; `analysisMs` undefined for a stack run for its outputs. */
export function stackTimingLine(run: StackRun, analysisMs: number | undefined): string {
  if (run.reusedFrom !== undefined) {
    return `stack ${run.name}: outputs from an earlier check, the ${run.reusedFrom.files} files its program read unchanged (${run.ms} ms to compare); not run, not analyzed.`;
  }
  const t = run.timings;
  const phases =
    t === undefined
      ? [`program ${run.ms} ms`]
      : [
          `process start ${t.processMs} ms`,
          `SDK ${t.sdkMs} ms`,
          `program load ${t.loadMs} ms`,
          `registration ${t.registrationMs} ms`,
          t.typeCheck === "skipped"
            ? "type check skipped"
            : `type check ${t.typeCheckMs} ms${t.typeCheck === "cached" ? " (verdict from the cache)" : ""}`,
        ];
  const analysis =
    analysisMs === undefined ? "not analyzed (run for its outputs)" : `analysis ${analysisMs} ms`;
  const reruns =
    (run.attempts ?? 1) > 1
      ? ` (the last of ${run.attempts} runs: it waited for stacks it read)`
      : "";
  return `stack ${run.name}: ${[...phases, analysis].join(", ")}; ${run.resources.length} registrations, ${run.ms} ms in its process${reruns}.`;
}

function packReport(pack: PolicyPack): PackReport {
  return {
    name: pack.name,
    version: pack.version,
    dir: pack.dir,
    policies: pack.policies.map((p) => ({
      name: p.name,
      description: p.description,
      enforcementLevel: p.enforcementLevel,
      severity: p.severity,
    })),
  };
}

// Referenced stacks (global stacks) first, then by name: the order the engine ran them in.
function orderStacks(runs: StackRun[]): StackRun[] {
  const byName = new Map(runs.map((r) => [r.name, r]));
  const depth = (r: StackRun, seen = new Set<string>()): number => {
    if (seen.has(r.name)) return 0;
    seen.add(r.name);
    return Math.max(
      0,
      ...r.references
        .map((n) => byName.get(n))
        .filter((d): d is StackRun => d !== undefined)
        .map((d) => 1 + depth(d, seen)),
    );
  };
  return [...runs].sort((a, b) => depth(a) - depth(b) || compare(a.name, b.name));
}
