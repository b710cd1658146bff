/**
 * Entry of the child process that runs one stack. The Pulumi SDK keeps its runtime state in
 * module globals, so each stack gets a fresh process: it receives a {@link RunRequest}, runs the
 * program under the recording monitor and answers with a {@link RunResponse}.
 *
 * The SDK is loaded from the project's own dependencies, so that the program and the monitor
 * share one runtime even when the project is not Tachyon.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import { RecordingMonitor } from "./monitor";
import { watchInputs } from "./run-inputs";
import { isModuleProgram } from "./package-type";
import {
  compileErrors,
  projectFrame,
  stalledFailure,
  untracedPromises,
  trackConstruction,
  tsconfigAlias,
} from "./program-errors";
import { typeCheck, type TypeCheckResult } from "./type-check";
import type {
  Callback,
  InvokeRequest,
  PositionMapper,
  ResourceProto,
  StructStatic,
} from "./monitor-types";
import type {
  ProgramProblem,
  ProgramTimings,
  RunRequest,
  RunResponse,
  StackFailure,
} from "./types";

type InvokeHandler = (req: InvokeRequest, callback: Callback) => void;

interface Sdk {
  mocks: {
    setMocks(mocks: unknown, project: string, stack: string, preview: boolean): Promise<void>;
  };
  settings: { getMonitor(): Record<string, unknown>; waitForRPCs(): Promise<void> };
  stack: { runInPulumiStack(init: () => Promise<unknown>): Promise<unknown> };
  config: { setAllConfig(c: Record<string, string>, secretKeys?: string[]): void };
  proto: ResourceProto;
  struct: { Struct: StructStatic };
}

/** The entry of the `@pulumi/pulumi` the project resolves, else Tachyon's own. */
function sdkEntry(projectDir: string): string {
  try {
    return createRequire(path.join(projectDir, "package.json")).resolve("@pulumi/pulumi");
  } catch {
    return require.resolve("@pulumi/pulumi");
  }
}

function loadSdk(projectDir: string): Sdk {
  const entry = sdkEntry(projectDir);
  const root = path.dirname(entry);
  const load = createRequire(entry);
  /* eslint-disable @typescript-eslint/no-unsafe-assignment -- untyped SDK internals, narrowed by Sdk */
  return {
    mocks: load(path.join(root, "runtime/mocks")),
    settings: load(path.join(root, "runtime/settings")),
    stack: load(path.join(root, "runtime/stack")),
    config: load(path.join(root, "runtime/config")),
    proto: load(path.join(root, "proto/resource_pb")),
    struct: load("google-protobuf/google/protobuf/struct_pb"),
  };
  /* eslint-enable @typescript-eslint/no-unsafe-assignment */
}

async function loadProgram(program: string): Promise<unknown> {
  // The program runs as Pulumi's language host runs it: an ES module package (`"type": "module"`)
  // through import(), with top-level await; anything else through require, ESM as the fallback.
  if (isModuleProgram(program))
    return defaultOrNamed((await import(moduleEntry(program))) as Record<string, unknown>);
  try {
    // A folder is required with a trailing "/", so that a `<folder>.json` beside it is not taken.
    const target = isFolder(program) ? `${program}${path.sep}` : program;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(target) as unknown;
  } catch (err) {
    if ((err as { code?: string }).code !== "ERR_REQUIRE_ESM") throw err;
    return defaultOrNamed((await import(pathToFileURL(program).href)) as Record<string, unknown>);
  }
}

function isFolder(file: string): boolean {
  return fs.statSync(file, { throwIfNoEntry: false })?.isDirectory() === true;
}

function defaultOrNamed(mod: Record<string, unknown>): unknown {
  return Object.keys(mod).length === 1 && "default" in mod ? mod["default"] : mod;
}

// import() takes no folder: the language host picks its index.js, .mjs, .ts or .mts, in that order.
function moduleEntry(program: string): string {
  if (!isFolder(program)) return pathToFileURL(program).href;
  const index = ["index.js", "index.mjs", "index.ts", "index.mts"].find((f) =>
    fs.existsSync(path.join(program, f)),
  );
  if (index === undefined) {
    throw new Error(
      `${program}: no entry point in the program folder, got none of index.js, index.mjs, index.ts, index.mts. Add one or set "main" in Pulumi.yaml.`,
    );
  }
  return pathToFileURL(path.join(program, index)).href;
}

/**
 * Runs one stack and resolves to what the parent should hear. `idle` resolves once the event loop
 * has nothing left to do (the process's beforeExit); without it, late registrations are not awaited.
 */
export async function runStack(req: RunRequest, idle?: () => Promise<void>): Promise<RunResponse> {
  const processMs = Math.round(process.uptime() * 1000);
  const t0 = performance.now();
  process.chdir(req.projectDir);
  const sdk = loadSdk(req.projectDir);
  untracedPromises(sdkEntry(req.projectDir));
  const monitor = new RecordingMonitor(req, sdk.struct.Struct, sdk.proto, positionMapper);
  await sdk.mocks.setMocks(
    {
      newResource: () => {
        throw new Error("the recording monitor registers resources itself");
      },
      call: (args: { token: string; inputs: Record<string, unknown>; provider?: string }) =>
        monitor.call(args.token, args.inputs, args.provider),
    },
    req.project,
    req.stack,
    true,
  );
  // After setMocks: it resets the SDK's state, pending registrations included.
  trackConstruction(sdkEntry(req.projectDir));
  // Stand in for the mock monitor's registration methods; its feature and package answers stay,
  // its invoke answers what the table and the user's mocks know, and its getResource invoke
  // reads the outputs recorded here.
  const mockMonitor = sdk.settings.getMonitor();
  const answered = (mockMonitor["invoke"] as InvokeHandler).bind(mockMonitor);
  Object.assign(mockMonitor, {
    invoke: (r: InvokeRequest, cb: Callback) => monitor.invoke(r, cb, answered),
    registerResource: monitor.registerResource.bind(monitor),
    readResource: monitor.readResource.bind(monitor),
    registerResourceOutputs: monitor.registerResourceOutputs.bind(monitor),
    resources: monitor.resources,
  });
  sdk.config.setAllConfig(req.config, req.secretKeys);
  const t1 = performance.now();
  let t2 = t1;

  const loadedBefore = new Set(Object.keys(require.cache));
  const watch = isModuleProgram(req.program)
    ? undefined
    : watchInputs(cacheFolders(), [req.projectDir, path.join(__dirname, "..", "..")]);
  const errors: unknown[] = [];
  const onError = (err: unknown): void => {
    errors.push(err);
  };
  process.on("unhandledRejection", onError);
  process.on("uncaughtException", onError);
  try {
    await sdk.stack.runInPulumiStack(async () => {
      const exported = await loadProgram(req.program);
      t2 = performance.now();
      return exported instanceof Function ? (exported as () => unknown)() : exported;
    });
    await sdk.settings.waitForRPCs();
    // A registration that fails (e.g. an apply callback that throws) surfaces only as an unhandled
    // rejection, which Node reports after the current turn; `pulumi up` fails on it, so wait one
    // turn for it rather than report the stack as done without that resource.
    await new Promise((resolve) => setImmediate(resolve));
    // Libraries register some resources only when the program's work is done, on the process's
    // beforeExit (@pulumi/aws's bucket notifications); the language host waits for those too.
    if (idle !== undefined) {
      for (let seen = -1; seen !== monitor.records.length;) {
        seen = monitor.records.length;
        await idle();
        await sdk.settings.waitForRPCs();
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
  } catch (err) {
    errors.unshift(err);
  }
  watch?.stop();
  if (monitor.missing !== undefined) {
    return {
      kind: "needs",
      stack: monitor.missing.stack,
      reference: monitor.missing.reference,
      also: monitor.missingStacks.filter((m) => m.stack !== monitor.missing?.stack),
    };
  }
  // A file that does not parse or a module not installed says what is wrong more plainly than
  // the type check would (TS1005, TS2307).
  const unloadable = errors.length > 0 ? loadFailure(errors[0], req.projectDir) : undefined;
  if (unloadable !== undefined) return { kind: "failed", failure: unloadable };
  // ts-node stops the program at the first file with a type error, before anything it would run.
  const types = programTypeCheck(req, loadedBefore);
  if (types.failure !== undefined) {
    return { kind: "failed", failure: typeFailure(types.failure) };
  }
  if (errors.length > 0) {
    const failure = failureOf(errors[0], req.projectDir);
    if (monitor.unknownInvokes.length === 0 || failure.problems.length > 0) {
      return { kind: "failed", failure };
    }
    // A program that reads an unknown invoke result as if it were known fails on it: name the cause.
    const tokens = monitor.unknownInvokes.map((t) => `"${t}"`).join(", ");
    const cause = `The program called ${tokens}, which has no offline answer, so the result was unknown. Answer it under "invokes" in a --mocks file.`;
    return { kind: "failed", failure: { message: `${failure.message}\n${cause}`, problems: [] } };
  }
  const timings: ProgramTimings = {
    processMs,
    sdkMs: Math.round(t1 - t0),
    loadMs: Math.round(t2 - t1),
    registrationMs: Math.round(performance.now() - t2 - types.ms),
    typeCheckMs: types.ms,
    typeCheck: types.skipped !== undefined ? "skipped" : types.cached ? "cached" : "checked",
  };
  return {
    kind: "done",
    resources: monitor.records,
    outputs: monitor.stackOutputs(),
    warnings: monitor.warnings,
    timings,
    inputs: watch?.inputs() ?? { repeatable: false, why: "an ES module program" },
  };
}

/** The cache folder the parent named: the engine's own files, not the program's inputs. */
function cacheFolders(): string[] {
  const code = process.env["TACHYON_CODE_CACHE"];
  return code !== undefined && code !== "" ? [path.dirname(code)] : [];
}

/** The type check of the TypeScript files the program loaded (those not loaded before it). */
function programTypeCheck(req: RunRequest, loadedBefore: ReadonlySet<string>): TypeCheckResult {
  // Without the host's TypeScript support there is no ts-node, so no type check.
  if (req.typescript === false) {
    return { skipped: "runtime.options.typescript: false", cached: false, ms: 0 };
  }
  const projectDir = `${req.projectDir}${path.sep}`;
  const esm = isModuleProgram(req.program);
  const files = esm
    ? [fileURLToPath(moduleEntry(req.program))]
    : Object.keys(require.cache).filter(
        (f) =>
          !loadedBefore.has(f) &&
          f.startsWith(projectDir) &&
          // ts-node leaves node_modules alone (its default "ignore").
          !f.includes(`${path.sep}node_modules${path.sep}`),
      );
  return typeCheck({
    projectDir: req.projectDir,
    tsconfig: process.env["TACHYON_PROGRAM_TSCONFIG"] ?? path.join(req.projectDir, "tsconfig.json"),
    sdkEntry: sdkEntry(req.projectDir),
    files,
    esm,
    transpileOnlyEnv: true,
  });
}

/** A type check's errors as the stack's failure, with the two ways out the host offers. */
function typeFailure(lines: string): StackFailure {
  return {
    message: `${lines}\nPulumi's language host type-checks the program with ts-node and stops on these, so pulumi preview fails the same way. Fix them, or set PULUMI_NODEJS_TRANSPILE_ONLY=true (or "noCheck": true in the tsconfig) to skip the type check as Pulumi does.`,
    problems: [],
  };
}

/** Turns what the program threw into a message and, for config errors, the problems list. */
export function failureOf(err: unknown, projectDir: string): StackFailure {
  if (!(err instanceof Error)) return { message: String(err), problems: [] };
  const unloadable = loadFailure(err, projectDir);
  if (unloadable !== undefined) return unloadable;
  const problems = problemsOf(err) ?? problemsOf(err.cause) ?? parseProblemLines(err.message);
  if (problems.length > 0) return { message: err.message, problems };
  return {
    message: `${err.message}${projectFrame(err.stack, projectDir, positionMapper)}`,
    problems: [],
  };
}

/** A program that could not load: a module not installed, a file that does not parse. */
function loadFailure(err: unknown, projectDir: string): StackFailure | undefined {
  if (!(err instanceof Error)) return undefined;
  const message = missingModule(err, projectDir) ?? compileErrors(err, projectDir);
  return message === undefined ? undefined : { message, problems: [] };
}

// Node's text lists the require stack down to the engine; the user needs the importing file.
function missingModule(err: Error, projectDir: string): string | undefined {
  const { code, requireStack } = err as { code?: string; requireStack?: string[] };
  const name = /^Cannot find module '([^']+)'/.exec(err.message)?.[1];
  if (code !== "MODULE_NOT_FOUND" || name === undefined || requireStack === undefined) {
    return undefined;
  }
  const importer = requireStack.find((f) => f.startsWith(projectDir));
  if (importer === undefined) return undefined;
  const file = path.relative(projectDir, importer);
  const tsconfig =
    process.env["TACHYON_PROGRAM_TSCONFIG"] ?? path.join(projectDir, "tsconfig.json");
  const alias = tsconfigAlias(name, tsconfig);
  if (alias !== undefined) {
    return `${file}: cannot find module "${name}", got a module path that only ${path.relative(projectDir, tsconfig)} ${alias} resolves, which the compiler honours for type checking but Pulumi's ts-node does not at run time (pulumi preview fails the same way). Import it by a relative path, or register tsconfig-paths at the top of the program (import "tsconfig-paths/register").`;
  }
  return `${file}: cannot find module "${name}", got nothing installed under that name. Run "npm install" in ${projectDir}, or add "${name}" to its package.json.`;
}

function problemsOf(err: unknown): ProgramProblem[] | undefined {
  const problems = (err as { problems?: unknown } | undefined)?.problems;
  if (!Array.isArray(problems)) return undefined;
  const valid = problems.filter(
    (p): p is ProgramProblem =>
      typeof p === "object" &&
      p !== null &&
      typeof (p as ProgramProblem).path === "string" &&
      typeof (p as ProgramProblem).message === "string",
  );
  return valid.length > 0 ? valid.map((p) => ({ path: p.path, message: p.message })) : undefined;
}

// A wrapped config error keeps its problems only in the text: "  <path>: <message>" lines.
function parseProblemLines(message: string): ProgramProblem[] {
  const problems: ProgramProblem[] = [];
  for (const line of message.split("\n")) {
    const m = /^ {2}([A-Za-z0-9_.:[\]-]+): (.+)$/.exec(line);
    if (m !== null && m[1].includes(":")) problems.push({ path: m[1], message: m[2] });
  }
  return problems;
}

/** True while `untilIdle` waits, when an idle loop is the expected end of a program's work. */
let awaitingIdle = false;

// The IPC channel keeps the loop alive; unreferenced, beforeExit fires once the program is idle.
function untilIdle(): Promise<void> {
  awaitingIdle = true;
  return new Promise((resolve) => {
    const onIdle = (): void => {
      awaitingIdle = false;
      process.off("beforeExit", onIdle);
      process.channel?.ref();
      resolve();
    };
    process.on("beforeExit", onIdle);
    process.channel?.unref();
  });
}

/** Maps positions in compiled files back to TypeScript lines; set by {@link listen}. */
let positionMapper: PositionMapper | undefined;

/**
 * Answers the one request the parent sends over IPC (child-entry.js calls it, with the mapper of
 * the files it compiled when Node's source maps are off).
 */
export function listen(mapPosition?: PositionMapper): void {
  positionMapper = mapPosition;
  if (process.send === undefined) return;
  process.once("message", (req: RunRequest) => {
    // The loop going idle while the program still awaits something means it never will finish.
    const onStalled = (): void => {
      if (awaitingIdle) return;
      process.off("beforeExit", onStalled);
      process.send?.(
        {
          kind: "failed",
          failure: stalledFailure(req, sdkEntry(req.projectDir), positionMapper),
        } satisfies RunResponse,
        () => process.exit(0),
      );
    };
    process.on("beforeExit", onStalled);
    const reply = (res: RunResponse): void => {
      process.off("beforeExit", onStalled);
      process.send?.(res, () => process.exit(0));
    };
    void runStack(req, untilIdle).then(reply, (err: unknown) =>
      reply({ kind: "failed", failure: failureOf(err, req.projectDir) }),
    );
  });
}

if (require.main === module) listen();
