/**
 * The outputs of a stack that runs only because a selected stack reads them (its global stack,
 * an earlier peer), kept from one check to the next. Checking one regional stack otherwise runs
 * its global stack's whole program first, on the critical path, for outputs that are the same as
 * last time unless something the program read changed.
 *
 * An entry is reused only when the program would run on exactly the same inputs: the same request
 * (config, secret keys, provider config, program, tsconfig, Node arguments, the user's mocks), the
 * same environment, the same outputs of the stacks it read, and every file it read or loaded
 * unchanged (run-inputs.ts: size, times and inode of each, the names in each folder it listed).
 * A run that started a process or ran as an ES module is never kept. Outputs that come from the
 * clock or chance (a timestamp, a random suffix) are kept as the earlier run made them, which a
 * program run offline cannot tell apart anyway.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { cacheDir, hashOf, writeAtomic } from "./cache";
import type { Project } from "./project";
import { currentSignature, type FileSignature, type RunInputs } from "./run-inputs";
import type { RunRequest, StackOutputs } from "./types";

interface Entry {
  readonly request: string;
  /** The stacks the program read, each with the hash of the outputs it got. */
  readonly references: Record<string, string>;
  readonly files: FileSignature[];
  readonly outputs: StackOutputs;
}

/** Outputs reused from an earlier run, with the stacks that run read. */
export interface ReusedOutputs {
  readonly outputs: StackOutputs;
  readonly references: string[];
  /** How many files were found unchanged. */
  readonly files: number;
}

function fileOf(project: Project, stack: string): string {
  const key = hashOf(project.dir, project.stacksDir, stack).slice(0, 24);
  return path.join(cacheDir(), "outputs", `${key}.json`);
}

/** Everything of a request but the other stacks' outputs (compared per stack read), with the env. */
function requestKey(req: RunRequest, env: NodeJS.ProcessEnv): string {
  const { stackOutputs: _others, ...own } = req;
  const vars = Object.entries(env).sort(([a], [b]) => (a < b ? -1 : 1));
  return hashOf(JSON.stringify(own), JSON.stringify(vars));
}

/**
 * The outputs an earlier run of `stack` gave, if it ran on the same inputs as `req` would:
 * undefined otherwise, or when a stack it read has not given its outputs in this run.
 */
export function reusedOutputs(
  project: Project,
  stack: string,
  req: RunRequest,
  env: NodeJS.ProcessEnv = process.env,
): ReusedOutputs | undefined {
  try {
    const entry = JSON.parse(fs.readFileSync(fileOf(project, stack), "utf8")) as Entry;
    if (entry.request !== requestKey(req, env)) return undefined;
    for (const [name, hash] of Object.entries(entry.references)) {
      const outputs = req.stackOutputs[name];
      if (outputs === undefined || hashOf(JSON.stringify(outputs)) !== hash) return undefined;
    }
    for (const [file, signature] of entry.files) {
      if (currentSignature(file) !== signature) return undefined;
    }
    return {
      outputs: entry.outputs,
      references: Object.keys(entry.references),
      files: entry.files.length,
    };
  } catch {
    // No entry, or one this version cannot read: the stack runs.
    return undefined;
  }
}

/** Keeps what a finished run gave, for {@link reusedOutputs}; nothing when it cannot be repeated. */
export function keepOutputs(
  project: Project,
  stack: string,
  req: RunRequest,
  references: readonly string[],
  inputs: RunInputs | undefined,
  outputs: StackOutputs,
  env: NodeJS.ProcessEnv = process.env,
): void {
  const file = fileOf(project, stack);
  try {
    if (inputs?.repeatable !== true) {
      fs.rmSync(file, { force: true });
      return;
    }
    const read: Record<string, string> = {};
    for (const name of references) {
      const got = req.stackOutputs[name];
      if (got === undefined) return;
      read[name] = hashOf(JSON.stringify(got));
    }
    const entry: Entry = {
      request: requestKey(req, env),
      references: read,
      files: inputs.files,
      outputs,
    };
    writeAtomic(file, JSON.stringify(entry));
  } catch {
    // A cache that cannot be written costs the next check a run, nothing more.
  }
}
