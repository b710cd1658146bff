/**
 * Runs the selected stacks of a project, in parallel up to the core count, so that a stack that
 * reads another through a `StackReference` runs after it and receives its outputs.
 *
 * References are found two ways. Before the run, a config value naming another selected stack
 * (`dev-global`, `org/project/dev-global`) is taken as a likely reference and ordered first. During
 * the run, a program that reads a stack that has not run yet stops and names it; the stack is run
 * again once that one is done. This works for any project, whatever its config keys.
 */
import * as os from "node:os";
import {
  listStacks,
  ProjectError,
  readStackConfig,
  type Project,
  type StackConfig,
} from "./project";
import { mockedStack } from "./monitor-helpers";
import { keepOutputs, reusedOutputs } from "./outputs-cache";
import { runStackProcess } from "./run-stack";
import type {
  CheckWarning,
  ProgramTimings,
  RecordedResource,
  RunRequest,
  RunResponse,
  StackFailure,
  StackOutputs,
  UserMocks,
} from "./types";

const STACK_REFERENCE = "pulumi:pulumi:StackReference";

/** The outcome of one stack. */
export interface StackRun {
  readonly name: string;
  /** Absolute path of the stack's config file. */
  readonly file: string;
  readonly resources: RecordedResource[];
  readonly outputs: StackOutputs | undefined;
  /** Set when the program failed or its config was rejected. */
  readonly failure: StackFailure | undefined;
  /** Wall time of the final run of the program, in milliseconds. */
  readonly ms: number;
  /** Stacks whose outputs the program read through a StackReference. */
  readonly references: string[];
  /** The config the program ran with; absent when the stack file could not be read. */
  readonly config?: StackConfig;
  /** What the run could not do as a preview would; empty when it failed. */
  readonly warnings: CheckWarning[];
  /** Where the program's process spent its time, when it finished. */
  readonly timings?: ProgramTimings;
  /** Set on a stack that was not selected and ran only for the outputs a selected stack reads. */
  readonly forOutputs?: true;
  /** How many times the program ran: once, plus once per wait for stacks it read. */
  readonly attempts?: number;
  /**
   * Set on a stack run for its outputs whose program did not run: an earlier check ran it on the
   * same inputs, this many files of them (outputs-cache.ts).
   */
  readonly reusedFrom?: { readonly files: number };
}

/** Runs a request; replaceable in specs. */
export type Runner = (req: RunRequest, signal?: AbortSignal) => Promise<RunResponse>;

/** Options of {@link runStacks}. */
export interface RunStacksOptions {
  /** Most stacks running at once. @default os.availableParallelism() */
  readonly parallelism?: number;
  /** Called as each stack finishes, in completion order. */
  readonly onStack?: (run: StackRun) => void;
  readonly runner?: Runner;
  /** Stops the stacks still running (their child processes are killed). */
  readonly signal?: AbortSignal;
  /** The user's answers for invokes and stacks outside the run (`--mocks`). */
  readonly mocks?: UserMocks;
  /**
   * Stacks of the project that may run, unselected, when a selected stack reads them (its
   * global stack, earlier peers). @default none
   */
  readonly available?: readonly string[];
  /**
   * Stacks each stack's program read in earlier checks: ordered first like the stacks its config
   * names. @default none
   */
  readonly hints?: Readonly<Record<string, readonly string[]>>;
  /**
   * Keeps each stack's outputs with what its program read, and takes a stack that runs only for
   * its outputs from an earlier check when none of that changed (outputs-cache.ts). @default false
   */
  readonly reuseOutputs?: boolean;
}

/** Resolves `--stack` names against the project, all stacks when none are given. */
export function selectStacks(project: Project, names: readonly string[]): string[] {
  const all = listStacks(project);
  if (all.length === 0) {
    // Checking nothing must not pass a CI gate.
    throw new ProjectError(
      `${project.stacksDir}: no stacks to check, got no Pulumi.<stack>.yaml in the folder. Add one per stack (even with an empty "config:"), or pass --stacks-dir with the folder that holds them.`,
    );
  }
  if (names.length === 0) return all;
  for (const name of names) {
    if (!all.includes(name)) {
      throw new ProjectError(
        `--stack: no stack named "${name}" in ${project.stacksDir}, got only ${all.join(", ")}. Pick one of them or add Pulumi.${name}.yaml.`,
      );
    }
  }
  return [...new Set(names)];
}

/**
 * Runs every named stack, and every stack of `available` one of them reads (for its outputs only,
 * marked `forOutputs`); resolves once all have finished: the named ones in the order given, then
 * the others in the order they joined.
 */
export async function runStacks(
  project: Project,
  names: readonly string[],
  opts: RunStacksOptions = {},
): Promise<StackRun[]> {
  const parallelism = Math.max(1, opts.parallelism ?? os.availableParallelism());
  const runner = opts.runner ?? runStackProcess;
  const mocks = opts.mocks ?? { invokes: {}, stacks: {} };
  // The selected stacks, then those run only for the outputs a selected stack reads.
  const all: string[] = [];
  const forOutputs = new Set<string>();
  const candidates = [...new Set([...names, ...(opts.available ?? [])])];
  const done = new Map<string, StackRun>();
  const configs = new Map<string, StackConfig>();
  // Guessed references only order the run; a wrong guess costs nothing but a little parallelism.
  const waitsFor = new Map<string, Set<string>>();
  // References a program actually read; only these can form a cycle.
  const confirmed = new Map<string, Set<string>>();
  const pending: string[] = [];
  const running = new Set<string>();
  const attempts = new Map<string, number>();
  for (const name of names) add(name, true);
  for (const name of names) guess(name);

  function add(name: string, selected: boolean): void {
    all.push(name);
    if (!selected) forOutputs.add(name);
    confirmed.set(name, new Set<string>());
    waitsFor.set(name, new Set<string>());
    try {
      configs.set(name, readStackConfig(project, name));
      pending.push(name);
    } catch (err) {
      finish({
        name,
        file: "",
        resources: [],
        outputs: undefined,
        failure: {
          message: (err as Error).message,
          problems: err instanceof ProjectError ? [...err.problems] : [],
        },
        ms: 0,
        references: [],
        warnings: [],
      });
    }
  }

  // A stack the config names that is not selected joins the run for its outputs, unless the
  // user's mocks answer for it.
  function guess(name: string): void {
    const config = configs.get(name);
    if (config === undefined) return;
    const hinted = (opts.hints?.[name] ?? []).filter((d) => d !== name && candidates.includes(d));
    for (const d of new Set([...guessReferences(name, config, candidates), ...hinted])) {
      if (!all.includes(d)) {
        if (mockedStack(mocks, project.name, d) !== undefined) continue;
        add(d, false);
        guess(d);
      }
      (waitsFor.get(name) as Set<string>).add(d);
    }
  }

  function finish(run: StackRun): void {
    const marked = forOutputs.has(run.name) ? { ...run, forOutputs: true as const } : run;
    done.set(run.name, marked);
    opts.onStack?.(marked);
  }

  function nextReady(): string | undefined {
    const ready = pending.find((n) => [...(waitsFor.get(n) ?? [])].every((d) => done.has(d)));
    if (ready !== undefined || running.size > 0 || pending.length === 0) return ready;
    // Only guesses can block everything (a real cycle fails when it is read): drop them for a
    // stack whose confirmed references are all done.
    return (
      pending.find((n) => [...(confirmed.get(n) as Set<string>)].every((d) => done.has(d))) ??
      pending[0]
    );
  }

  async function runOne(name: string): Promise<void> {
    const config = configs.get(name) as StackConfig;
    // Each rerun adds a confirmed reference, so a stack runs at most once per stack plus once.
    const attempt = (attempts.get(name) ?? 0) + 1;
    attempts.set(name, attempt);
    if (attempt > all.length + 1) {
      const message = `Stack "${name}" kept asking for other stacks, got ${attempt - 1} runs without an answer. Check its StackReference names.`;
      finish({
        name,
        file: config.file,
        config,
        ms: 0,
        references: [],
        resources: [],
        outputs: undefined,
        failure: { message, problems: [] },
        warnings: [],
      });
      return;
    }
    const stackOutputs: Record<string, StackOutputs> = {};
    for (const [n, r] of done) if (r.outputs !== undefined) stackOutputs[n] = r.outputs;
    const request: RunRequest = {
      projectDir: project.dir,
      program: project.program,
      ...(project.tsconfig !== undefined ? { tsconfig: project.tsconfig } : {}),
      ...(project.nodeArgs !== undefined ? { nodeArgs: project.nodeArgs } : {}),
      ...(project.typescript === false ? { typescript: false as const } : {}),
      project: project.name,
      stack: name,
      config: config.config,
      secretKeys: config.secretKeys,
      providerConfig: config.providerConfig,
      stackOutputs,
      mocks,
    };
    const started = Date.now();
    const reused =
      opts.reuseOutputs === true && forOutputs.has(name)
        ? reusedOutputs(project, name, request)
        : undefined;
    if (reused !== undefined) {
      finish({
        name,
        file: config.file,
        config,
        ms: Date.now() - started,
        attempts: attempt,
        references: reused.references.filter((n) => all.includes(n)),
        resources: [],
        outputs: reused.outputs,
        failure: undefined,
        warnings: [],
        reusedFrom: { files: reused.files },
      });
      return;
    }
    const res = await runner(request, opts.signal);
    const ms = Date.now() - started;
    const base = {
      name,
      file: config.file,
      config,
      ms,
      attempts: attempt,
      references: [...(confirmed.get(name) as Set<string>)],
      warnings: [],
    };
    if (res.kind === "done") {
      // Stacks read without a rerun (ordered by a guess) show up as StackReference reads.
      const read = res.resources
        .filter((r) => r.type === STACK_REFERENCE)
        .map((r) => String(r.id).split("/").pop() as string);
      const references = [...new Set([...base.references, ...read])].filter((n) => all.includes(n));
      if (opts.reuseOutputs === true)
        keepOutputs(project, name, request, references, res.inputs, res.outputs);
      finish({
        ...base,
        references,
        resources: res.resources,
        outputs: res.outputs,
        failure: undefined,
        warnings: res.warnings,
        ...(res.timings !== undefined ? { timings: res.timings } : {}),
      });
    } else if (res.kind === "failed") {
      finish({ ...base, resources: [], outputs: undefined, failure: res.failure });
    } else {
      const needs = [{ stack: res.stack, reference: res.reference }, ...(res.also ?? [])];
      const problem = needs
        .map((n) => referenceProblem(name, n.stack, n.reference))
        .find((p) => p !== undefined);
      if (problem !== undefined)
        finish({
          ...base,
          // The failed read still orders the report: the referenced stack comes first.
          references: [...new Set([...base.references, res.stack])].filter((n) => all.includes(n)),
          resources: [],
          outputs: undefined,
          failure: { message: problem, problems: [] },
        });
      else {
        for (const { stack } of needs) {
          (waitsFor.get(name) as Set<string>).add(stack);
          (confirmed.get(name) as Set<string>).add(stack);
          if (!(confirmed.get(stack) as Set<string>).has(name)) waitsFor.get(stack)?.delete(name);
        }
        pending.push(name);
      }
    }
  }

  function referenceProblem(name: string, needed: string, reference: string): string | undefined {
    if (!all.includes(needed) && candidates.includes(needed)) {
      add(needed, false);
      guess(needed);
    }
    if (!all.includes(needed)) {
      // A stack of another project can only be answered by the user; one of this project can run.
      const orRun = needed.includes("/") ? "" : `, or add Pulumi.${needed}.yaml to check both`;
      return `Stack "${name}" reads StackReference "${reference}", got no stack "${needed}" in this run and no answer in --mocks. Give its outputs under "stacks" in a --mocks file${orRun}.`;
    }
    const dependency = done.get(needed);
    if (dependency?.failure !== undefined) {
      return `Stack "${name}" reads StackReference "${reference}", got stack "${needed}" failing, so its outputs are unknown. Fix "${needed}" first.`;
    }
    if (dependsOn(needed, name)) {
      return `Stack "${name}" reads StackReference "${reference}", got a cycle: "${needed}" also reads "${name}". Remove one of the two references.`;
    }
    return undefined;
  }

  function dependsOn(from: string, to: string, seen = new Set<string>()): boolean {
    if (from === to) return true;
    if (seen.has(from)) return false;
    seen.add(from);
    return [...(confirmed.get(from) ?? [])].some(
      (d) => done.get(d) === undefined && dependsOn(d, to, seen),
    );
  }

  await new Promise<void>((resolve, reject) => {
    const pump = (): void => {
      while (running.size < parallelism) {
        const name = nextReady();
        if (name === undefined) break;
        pending.splice(pending.indexOf(name), 1);
        running.add(name);
        runOne(name).then(() => {
          running.delete(name);
          pump();
        }, reject);
      }
      if (running.size === 0 && pending.length === 0) resolve();
    };
    pump();
  });
  return all.map((n) => done.get(n) as StackRun);
}

function guessReferences(name: string, config: StackConfig, names: readonly string[]): Set<string> {
  const found = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === "string") {
      const last = value.split("/").pop() as string;
      if (last !== name && names.includes(last)) found.add(last);
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === "object" && value !== null) Object.values(value).forEach(visit);
  };
  visit(config.values);
  return found;
}
