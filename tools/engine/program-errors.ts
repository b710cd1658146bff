/**
 * Where a program's own code went wrong: compile errors as `<file>:<line>:<col>: <text>`; the
 * first stack frame in the project (not its dependencies, not this engine); and, for a program
 * that stalls, the line that constructed each registration still waiting. The SDK describes a
 * stalled registration by name and type only; a user with many resources of one type needs the line.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { createRequire } from "node:module";
import type { PositionMapper } from "./monitor-types";
import type { RunRequest, StackFailure } from "./types";

const ENGINE_DIR = __dirname;

interface EsbuildMessage {
  text: string;
  location?: { file: string; line: number; column: number } | null;
}

/**
 * The compile errors of a program that does not parse, relative to the project, or undefined.
 * Columns count from 1, as editors do (esbuild's count from 0). esbuild's own errors carry
 * `errors`; the TypeScript loader passes only their text
 * ("Transform failed with 1 error:\n<path>:<line>:<col>: ERROR: <text>").
 */
export function compileErrors(err: Error, projectDir: string): string | undefined {
  const where = (file: string): string =>
    path.isAbsolute(file) ? path.relative(projectDir, file) : file;
  const structured = (err as { errors?: EsbuildMessage[] }).errors;
  if (
    Array.isArray(structured) &&
    structured.length > 0 &&
    /^(Transform|Build) failed/.test(err.message)
  ) {
    return structured
      .map((e) =>
        e.location
          ? `${where(e.location.file)}:${e.location.line}:${e.location.column + 1}: ${e.text}`
          : e.text,
      )
      .join("\n");
  }
  if (!/^(Transform|Build) failed with \d+ errors?:/.test(err.message)) return undefined;
  const lines = err.message
    .split("\n")
    .slice(1)
    .map((line) => /^(.+):(\d+):(\d+): ERROR: (.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${where(m[1])}:${m[2]}:${Number(m[3]) + 1}: ${m[4]}`);
  return lines.length > 0 ? lines.join("\n") : undefined;
}

/**
 * ` (at <file>:<line>)` for the first frame of `stack` inside the project, else "". With Node's
 * source maps off, `mapPosition` turns a compiled file's line back into its TypeScript line.
 */
export function projectFrame(
  stack: string | undefined,
  projectDir: string,
  mapPosition?: PositionMapper,
): string {
  for (const frame of (stack ?? "").split("\n").slice(1)) {
    const m = /\(?((?:\/|[A-Za-z]:\\)[^():]+):(\d+):(\d+)\)?$/.exec(frame.trim());
    if (
      m !== null &&
      m[1].startsWith(projectDir) &&
      !m[1].includes("node_modules") &&
      !m[1].startsWith(ENGINE_DIR)
    ) {
      const line = mapPosition?.(m[1], Number(m[2]), Number(m[3])).line ?? Number(m[2]);
      return ` (at ${path.relative(projectDir, m[1])}:${line})`;
    }
  }
  return "";
}

interface PendingMap extends Map<object, unknown> {
  set(res: object, pending: unknown): this;
}

interface SdkState {
  getPendingResourceRegistrations?: () => PendingMap;
}

/**
 * The stack at each resource's construction, kept only while it waits to register. An Error's
 * trace is formatted when `.stack` is first read, so a resource that registers costs only the
 * capture.
 */
const constructedAt = new WeakMap<object, Error>();

function sdkState(sdkEntry: string): SdkState {
  const load = createRequire(sdkEntry);
  return load(path.join(path.dirname(sdkEntry), "runtime/state")) as SdkState;
}

/**
 * Remembers where each resource is constructed. The SDK adds a resource to its pending
 * registrations synchronously in the resource's constructor (before its first await), so the
 * stack at that moment holds the program's `new ...` line. An SDK without that map records nothing.
 */
export function trackConstruction(sdkEntry: string): void {
  const pending = sdkState(sdkEntry).getPendingResourceRegistrations?.();
  if (pending === undefined) return;
  const set = pending.set.bind(pending);
  pending.set = (res: object, reg: unknown) => {
    constructedAt.set(res, new Error());
    return set(res, reg);
  };
}

/**
 * The SDK wraps each promise of a registration, invoke and output in `debuggablePromise`, which
 * formats a stack trace for it (`new Error().stack`) only to print in the leaked-promise message
 * a process prints on exit. A check never prints that message: a program that stalls is
 * reported from its pending registrations and where each was constructed (stalledFailure). So
 * the wrapper runs with no trace to capture, which was a third of a regional stack's
 * registration time; everything else it does (the leak bookkeeping that message reads) stays.
 * An SDK without the wrapper is left as it is.
 */
export function untracedPromises(entry: string): void {
  const debuggable = createRequire(entry)(path.join(path.dirname(entry), "runtime/debuggable")) as {
    debuggablePromise?: unknown;
  };
  const traced = debuggable.debuggablePromise;
  if (typeof traced !== "function") return;
  debuggable.debuggablePromise = function (this: unknown, ...args: unknown[]): unknown {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return (traced as (...a: unknown[]) => unknown).apply(this, args);
    } finally {
      Error.stackTraceLimit = limit;
    }
  };
}

/**
 * Why a program went idle before it finished: the registrations still waiting, as the SDK
 * describes them (`"logs" [aws:s3/bucketV2:BucketV2] was waiting for its input property
 * "bucket"`), each with the program line that constructed it. The SDK would print them on exit
 * with advice for its own CLI; the report needs them.
 */
export function stalledFailure(
  req: RunRequest,
  sdkEntry: string,
  mapPosition?: PositionMapper,
): StackFailure {
  const load = createRequire(sdkEntry);
  const debuggable = load(path.join(path.dirname(sdkEntry), "runtime/debuggable")) as {
    leakedPromises(): [Set<unknown>, string];
  };
  // The SDK lists the waiting registrations in the map's order, one "  * " line each.
  const resources = [...(sdkState(sdkEntry).getPendingResourceRegistrations?.().keys() ?? [])];
  const [, text] = debuggable.leakedPromises();
  const waiting = text
    .split("\n")
    .filter((line) => line.startsWith("  * "))
    .map((line, i) => {
      const res = resources[i];
      const where =
        res === undefined
          ? ""
          : projectFrame(constructedAt.get(res)?.stack, req.projectDir, mapPosition);
      return `${line.slice(4)}${where}`;
    });
  const cause =
    waiting.length > 0
      ? `, got registrations that never completed: ${waiting.join("; ")}`
      : ", got promises still pending and no resource waiting on them";
  return {
    message: `Stack "${req.stack}" stopped before the program finished${cause}. Look for a promise or output that never resolves, or resources that depend on each other in a cycle.`,
    problems: [],
  };
}

/**
 * How the tsconfig maps a bare module name the program imports, if it does: `"paths" "<key>"` for
 * an alias, `"baseUrl"` for a name found under the base folder. Node and ts-node resolve neither
 * (https://github.com/dividab/tsconfig-paths#readme), so such an import fails under Pulumi too.
 */
export function tsconfigAlias(name: string, tsconfigFile: string): string | undefined {
  let options: { baseUrl?: unknown; paths?: unknown };
  try {
    const doc = JSON.parse(fs.readFileSync(tsconfigFile, "utf8")) as {
      compilerOptions?: { baseUrl?: unknown; paths?: unknown };
    };
    options = doc.compilerOptions ?? {};
  } catch {
    return undefined;
  }
  if (typeof options.paths === "object" && options.paths !== null) {
    for (const key of Object.keys(options.paths)) {
      const star = key.indexOf("*");
      const matches =
        star < 0
          ? name === key
          : name.startsWith(key.slice(0, star)) && name.endsWith(key.slice(star + 1));
      if (matches) return `"paths" "${key}"`;
    }
  }
  if (typeof options.baseUrl === "string") {
    const base = path.resolve(path.dirname(tsconfigFile), options.baseUrl, name);
    const candidates = [".ts", ".tsx", ".js", "/index.ts", "/index.js"].map((e) => base + e);
    if (candidates.some((c) => fs.existsSync(c))) return '"baseUrl"';
  }
  return undefined;
}
