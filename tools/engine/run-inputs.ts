/**
 * What a stack's program read while it ran, so that a later check can tell whether running it
 * again could give other outputs (outputs-cache.ts). Recorded in the stack's process: every module
 * loaded (Node's require cache), and every path the program read, listed, opened or tested through
 * `fs` while it ran. Each file is identified as Git's index identifies one: size, modification and
 * change times, inode (a change time cannot be set back, so a file rewritten with its old size and
 * times still differs), a folder that was listed by its names, a path that was missing as missing.
 *
 * What cannot be followed makes the run unrepeatable, so its outputs are never reused: a program
 * that starts a process or a worker thread (their reads are their own: esbuild, a shell command),
 * and an ES module program (its imports bypass the require cache). The esbuild process the engine
 * starts to compile a file of the program is the engine's (compile-hook.js), the file a module.
 */
import * as path from "node:path";
import { fileURLToPath } from "node:url";

// The modules' own objects, which the program's `require` returns: an `import * as` namespace is
// a copy whose properties cannot be replaced.
/* eslint-disable @typescript-eslint/no-require-imports */
const fs = require("node:fs") as typeof import("node:fs");
const childProcess = require("node:child_process") as typeof import("node:child_process");
const workerThreads = require("node:worker_threads") as typeof import("node:worker_threads");
/* eslint-enable @typescript-eslint/no-require-imports */

/** A path and what it was when read: `<size>:<mtime>:<ctime>:<inode>`, `dir:<names hash>`, `missing`. */
export type FileSignature = readonly [file: string, signature: string];

/** Why a run's outputs may not be reused, or the files it read. */
export type RunInputs =
  | { readonly repeatable: true; readonly files: FileSignature[] }
  | { readonly repeatable: false; readonly why: string };

const INSTALL_RECORDS = [".package-lock.json", ".modules.yaml", ".yarn-integrity"];

/** At most this many files are signed; a program that reads more is not worth remembering. */
export const MAX_INPUT_FILES = 20_000;

const READS = [
  "readFileSync",
  "readFile",
  "openSync",
  "open",
  "createReadStream",
  "statSync",
  "stat",
  "lstatSync",
  "lstat",
  "existsSync",
  "accessSync",
  "access",
  "readlinkSync",
  "realpathSync",
] as const;
const LISTS = ["readdirSync", "readdir", "opendirSync", "opendir"] as const;
const PROMISE_READS = ["readFile", "open", "stat", "lstat", "access", "readlink", "realpath"];
const PROMISE_LISTS = ["readdir", "opendir"];
const SPAWNS = [
  "spawn",
  "spawnSync",
  "fork",
  "exec",
  "execSync",
  "execFile",
  "execFileSync",
] as const;

/**
 * Records what the program reads until `stop`. `ignore` holds folders that are not inputs (the
 * cache); `roots` the folders whose installed packages count (the project's, Tachyon's).
 */
export function watchInputs(
  ignore: readonly string[],
  roots: readonly string[],
): {
  readonly stop: () => void;
  readonly inputs: () => RunInputs;
} {
  const read = new Set<string>();
  const listed = new Set<string>();
  let spawned: string | undefined;
  const restore: (() => void)[] = [];
  const wrap = <T extends object>(target: T, name: string, note: (arg: unknown) => void): void => {
    const original = (target as Record<string, unknown>)[name];
    if (typeof original !== "function") return;
    (target as Record<string, unknown>)[name] = function (this: unknown, ...args: unknown[]) {
      note(args[0]);
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
    restore.push(() => {
      (target as Record<string, unknown>)[name] = original;
    });
  };
  const into = (set: Set<string>) => (arg: unknown) => {
    const file = pathOf(arg);
    if (file !== undefined) set.add(file);
  };
  for (const name of READS) wrap(fs, name, into(read));
  for (const name of LISTS) wrap(fs, name, into(listed));
  for (const name of PROMISE_READS) wrap(fs.promises, name, into(read));
  for (const name of PROMISE_LISTS) wrap(fs.promises, name, into(listed));
  for (const name of SPAWNS) {
    wrap(childProcess, name, (command) => {
      if (engineAtWork()) return;
      spawned ??= typeof command === "string" ? path.basename(command) : "a process";
    });
  }
  // A worker thread has modules of its own, whose reads are not seen here.
  const Worker = workerThreads.Worker;
  (workerThreads as { Worker: unknown }).Worker = class extends Worker {
    constructor(...args: ConstructorParameters<typeof Worker>) {
      if (!engineAtWork()) spawned ??= "a worker thread";
      super(...args);
    }
  };
  restore.push(() => {
    (workerThreads as { Worker: unknown }).Worker = Worker;
  });
  let stopped = false;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    for (const undo of restore.reverse()) undo();
  };
  return {
    stop,
    inputs(): RunInputs {
      stop();
      if (spawned !== undefined) {
        return { repeatable: false, why: `the program started ${spawned}` };
      }
      const skip = ignore.map((d) => `${path.resolve(d)}${path.sep}`);
      const kept = (f: string): boolean => !skip.some((d) => f.startsWith(d));
      const modules = Object.keys(require.cache);
      const files = new Set([...modules, ...read].filter(kept));
      // A file added beside a project module could change what an import resolves to; an install
      // rewrites the package manager's record of node_modules (npm, pnpm, Yarn 1).
      const folders = [
        ...new Set([
          ...listed,
          ...modules
            .filter((m) => !m.includes(`${path.sep}node_modules${path.sep}`))
            .map((m) => path.dirname(m)),
        ]),
      ].filter(kept);
      for (const root of roots)
        for (const record of INSTALL_RECORDS) files.add(path.join(root, "node_modules", record));
      if (files.size + folders.length > MAX_INPUT_FILES) {
        return { repeatable: false, why: `the program read over ${MAX_INPUT_FILES} files` };
      }
      const signed: FileSignature[] = [...files].map((f) => [f, signatureOf(f)]);
      for (const dir of folders) signed.push([`${dir}${path.sep}`, listingOf(dir)]);
      return { repeatable: true, files: signed.sort((a, b) => (a[0] < b[0] ? -1 : 1)) };
    },
  };
}

/** Whether the engine is compiling a file of the program (compile-hook.js), not the program. */
function engineAtWork(): boolean {
  const work = (globalThis as Record<symbol, { depth?: number } | undefined>)[
    Symbol.for("tachyon.engineWork")
  ];
  return (work?.depth ?? 0) > 0;
}

/** A file as it is now: the same string as when the program read it means it is unchanged. */
export function signatureOf(file: string): string {
  // Called once the watch has stopped (inputs()), so signing is not recorded as a read.
  const stat = fs.statSync(file, { throwIfNoEntry: false, bigint: true });
  if (stat === undefined) return "missing";
  return `${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}:${stat.ino}`;
}

/** A folder as it is now: the names it holds. */
export function listingOf(dir: string): string {
  try {
    return `dir:${fs.readdirSync(dir).sort().join("/")}`;
  } catch {
    return "missing";
  }
}

/** The signature of a recorded entry as it is now (a folder's ends with the separator). */
export function currentSignature(entry: string): string {
  return entry.endsWith(path.sep) ? listingOf(entry.slice(0, -1)) : signatureOf(entry);
}

function pathOf(arg: unknown): string | undefined {
  try {
    if (typeof arg === "string") return path.resolve(arg);
    if (arg instanceof URL && arg.protocol === "file:") return fileURLToPath(arg);
    if (Buffer.isBuffer(arg)) return path.resolve(arg.toString());
  } catch {
    // Not a path the program could have read.
  }
  return undefined;
}
