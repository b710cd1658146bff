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
import { runStackProcess } from "./run-stack";
import type {
  CheckWarning,
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

/** Runs every named stack; resolves once all have finished, in the order given. */
export async function runStacks(
  project: Project,
  names: readonly string[],
  opts: RunStacksOptions = {},
): Promise<StackRun[]> {
  const parallelism = Math.max(1, opts.parallelism ?? os.availableParallelism());
  const runner = opts.runner ?? runStackProcess;
  const done = new Map<string, StackRun>();
  const configs = new Map<string, StackConfig>();
  for (const name of names) {
    try {
      configs.set(name, readStackConfig(project, name));
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
  // Guessed references only order the run; a wrong guess costs nothing but a little parallelism.
  const waitsFor = new Map<string, Set<string>>();
  for (const [name, config] of configs) waitsFor.set(name, guessReferences(name, config, names));
  // References a program actually read; only these can form a cycle.
  const confirmed = new Map<string, Set<string>>(names.map((n) => [n, new Set<string>()]));
  const pending = names.filter((n) => configs.has(n));
  const running = new Set<string>();
  const attempts = new Map<string, number>();

  function finish(run: StackRun): void {
    done.set(run.name, run);
    opts.onStack?.(run);
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
    if (attempt > names.length + 1) {
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
    const started = Date.now();
    const res = await runner(
      {
        projectDir: project.dir,
        program: project.program,
        project: project.name,
        stack: name,
        config: config.config,
        secretKeys: config.secretKeys,
        providerConfig: config.providerConfig,
        stackOutputs,
        mocks: opts.mocks ?? { invokes: {}, stacks: {} },
      },
      opts.signal,
    );
    const ms = Date.now() - started;
    const base = {
      name,
      file: config.file,
      config,
      ms,
      references: [...(confirmed.get(name) as Set<string>)],
      warnings: [],
    };
    if (res.kind === "done") {
      // Stacks read without a rerun (ordered by a guess) show up as StackReference reads.
      const read = res.resources
        .filter((r) => r.type === STACK_REFERENCE)
        .map((r) => String(r.id).split("/").pop() as string);
      const references = [...new Set([...base.references, ...read])].filter((n) =>
        names.includes(n),
      );
      finish({
        ...base,
        references,
        resources: res.resources,
        outputs: res.outputs,
        failure: undefined,
        warnings: res.warnings,
      });
    } else if (res.kind === "failed") {
      finish({ ...base, resources: [], outputs: undefined, failure: res.failure });
    } else {
      const problem = referenceProblem(name, res.stack, res.reference);
      if (problem !== undefined)
        finish({
          ...base,
          // The failed read still orders the report: the referenced stack comes first.
          references: [...new Set([...base.references, res.stack])].filter((n) =>
            names.includes(n),
          ),
          resources: [],
          outputs: undefined,
          failure: { message: problem, problems: [] },
        });
      else {
        (waitsFor.get(name) as Set<string>).add(res.stack);
        (confirmed.get(name) as Set<string>).add(res.stack);
        if (!(confirmed.get(res.stack) as Set<string>).has(name))
          waitsFor.get(res.stack)?.delete(name);
        pending.push(name);
      }
    }
  }

  function referenceProblem(name: string, needed: string, reference: string): string | undefined {
    if (!names.includes(needed)) {
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
  return names.map((n) => done.get(n) as StackRun);
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
