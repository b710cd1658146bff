/**
 * The type check Pulumi's language host runs on a TypeScript program. The host registers ts-node
 * with type checking (github.com/pulumi/pulumi sdk/nodejs/cmd/run/run.ts): each .ts file the
 * program loads is checked as it loads, and the first one with a diagnostic stops the program, so
 * `pulumi preview` fails on a type error (or, under the usual `strict`/`noUnused*` settings, an
 * unused local) however sound the resources are. The check does the same, once per content: the
 * verdict is kept in the cache under the files the program loaded, with the compiler's settings
 * and every file the compiler read. As on the host, `PULUMI_NODEJS_TRANSPILE_ONLY=true`, or
 * `"noCheck": true` in the tsconfig's own compilerOptions, leaves nothing to check.
 *
 * The compiler and ts-node are the ones the host would take: those the project's `@pulumi/pulumi`
 * resolves (the project's own), else the copies the SDK vendors. The compiler settings are
 * ts-node's (`create` with the options the host passes); a ts-node without `create` (the vendored
 * 7.0.1) gets the tsconfig read by the compiler itself.
 */
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import type * as TS from "typescript";
import { cacheDir, hashOf, writeAtomic } from "./cache";
import { InputFileError, readInputText } from "./input-file";

/** What the type check found. */
export interface TypeCheckResult {
  /** `<file>:<line>:<column>: error TS<code>: <text>` lines of the first file with errors. */
  readonly failure?: string;
  /** Why the check did not run (`PULUMI_NODEJS_TRANSPILE_ONLY=true`, `noCheck`). */
  readonly skipped?: string;
  /** The verdict came from the cache. */
  readonly cached: boolean;
  readonly ms: number;
}

/** Changes when the way a verdict is reached changes, so that older verdicts are not reused. */
const VERDICT_FORMAT = "type-check 2";

/** "Circularity detected while resolving configuration". */
const CIRCULAR_CONFIG = 18000;

/** ts-node's own ignore list: diagnostics it never reports (ts-node src/index.ts). */
const TS_NODE_IGNORED = [6059, 18002, 18003];

/** What the type check needs to know of a program. */
export interface TypeCheckRequest {
  readonly projectDir: string;
  /** The tsconfig the host names to ts-node (`PULUMI_NODEJS_TSCONFIG_PATH`), absolute. */
  readonly tsconfig: string;
  /** The `@pulumi/pulumi` entry the program runs with. */
  readonly sdkEntry: string;
  /** TypeScript files of the project the program loaded, in the order it loaded them. */
  readonly files: readonly string[];
  /**
   * An ES module program: its files are found from the entry's imports, and every project file
   * among them is checked (ts-node's ESM loader checks each file it is handed).
   */
  readonly esm: boolean;
  /**
   * Whether `PULUMI_NODEJS_TRANSPILE_ONLY=true` turns the check off: so for a program (the
   * language host reads it), not for a policy pack (the policy runner always type-checks).
   */
  readonly transpileOnlyEnv: boolean;
}

/** A cached verdict and what it was made from. */
interface Verdict {
  readonly failure: string | null;
  /** File to `<size>:<mtime>` for files in node_modules, else to the hash of its content. */
  readonly inputs: Record<string, string>;
}

/** Type-checks the program's files as Pulumi's language host would, using the cache. */
export function typeCheck(req: TypeCheckRequest): TypeCheckResult {
  const started = performance.now();
  const elapsed = (): number => Math.round(performance.now() - started);
  // Read once, as a regular text file: the host reads it with no such care, and a named pipe
  // there would block it for good.
  let text: string | undefined;
  if (fs.existsSync(req.tsconfig)) {
    try {
      text = readInputText(req.tsconfig);
    } catch (err) {
      if (!(err instanceof InputFileError)) throw err;
      return { failure: err.message, cached: false, ms: elapsed() };
    }
  }
  const own = ownCompilerOptions(req.tsconfig, text);
  const skipped = skipReason(req.tsconfig, own, req.transpileOnlyEnv);
  if (skipped !== undefined) return { skipped, cached: false, ms: elapsed() };
  const files = req.files.filter((f) => /\.(c|m)?tsx?$/.test(f) && !f.endsWith(".d.ts"));
  if (files.length === 0) return { cached: false, ms: elapsed() };
  const tools = compilerFor(req.sdkEntry);
  const key = hashOf(
    VERDICT_FORMAT,
    tools.typescript,
    tools.tsNode,
    req.tsconfig,
    String(req.esm),
    ...files.flatMap((f) => [f, readOrEmpty(f)]),
  ).slice(0, 32);
  const file = path.join(cacheDir(), "types", `${key}.json`);
  const cached = readVerdict(file);
  if (cached !== undefined) {
    return {
      ...(cached.failure !== null ? { failure: cached.failure } : {}),
      cached: true,
      ms: elapsed(),
    };
  }
  const verdict = check(req, own, files, tools);
  try {
    writeAtomic(file, JSON.stringify(verdict));
  } catch {
    // A verdict that cannot be kept costs the next run its check, never this one its result.
  }
  return {
    ...(verdict.failure !== null ? { failure: verdict.failure } : {}),
    cached: false,
    ms: elapsed(),
  };
}

/**
 * Why the host's check finds nothing: `PULUMI_NODEJS_TRANSPILE_ONLY=true` (ts-node transpiles
 * only), or `noCheck` in the tsconfig's own compilerOptions (the host reads that one file, not
 * those it extends, and hands its options to the compiler, which then checks nothing).
 */
function skipReason(
  tsconfig: string,
  own: Record<string, unknown>,
  transpileOnlyEnv: boolean,
): string | undefined {
  if (transpileOnlyEnv && process.env["PULUMI_NODEJS_TRANSPILE_ONLY"] === "true") {
    return "PULUMI_NODEJS_TRANSPILE_ONLY=true";
  }
  return own["noCheck"] === true ? `"noCheck": true in ${path.basename(tsconfig)}` : undefined;
}

/**
 * The compilerOptions written in the tsconfig file itself, as the host reads them
 * (`loadTypeScriptCompilerOptions`: that one file, `{}` if it is missing), from its `text`.
 */
function ownCompilerOptions(tsconfig: string, text: string | undefined): Record<string, unknown> {
  if (text === undefined) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Comments and trailing commas, which tsconfig files allow.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require("typescript") as typeof TS;
    parsed = ts.parseConfigFileTextToJson(tsconfig, text).config;
  }
  const options = (parsed as { compilerOptions?: unknown } | undefined)?.compilerOptions;
  return typeof options === "object" && options !== null
    ? (options as Record<string, unknown>)
    : {};
}

/**
 * The compilerOptions the host hands ts-node over the tsconfig's: ES2020 and Node's module
 * resolution for a CommonJS program (CommonJS with a compiler before 4.7), ES2022 for an ES
 * module one, the file's own options winning (sdk/nodejs/cmd/run/run.ts).
 */
function hostCompilerOptions(
  version: string,
  esm: boolean,
  own: Record<string, unknown>,
): Record<string, unknown> {
  const [major, minor] = version.split(".").map(Number);
  const nodeNext = major > 4 || (major === 4 && minor >= 7);
  const base = esm
    ? { target: "ES2022", module: "nodenext", moduleResolution: "nodenext" }
    : nodeNext
      ? { target: "ES2020", module: "nodenext", moduleResolution: "nodenext" }
      : { target: "ES2020", module: "commonjs", moduleResolution: "node" };
  return { ...base, sourceMap: true, ...own };
}

/** The compiler and ts-node the host takes: resolved from the SDK, else the SDK's vendored ones. */
function compilerFor(sdkEntry: string): { typescript: string; tsNode: string } {
  const from = createRequire(sdkEntry);
  const vendor = path.join(path.dirname(sdkEntry), "vendor");
  const resolve = (name: string, vendored: string): string => {
    try {
      return from.resolve(name);
    } catch {
      return path.join(vendor, vendored);
    }
  };
  return {
    typescript: resolve("typescript", path.join("typescript@3.8.3", "typescript.js")),
    tsNode: resolve("ts-node", "ts-node@7.0.1"),
  };
}

function readOrEmpty(file: string): string {
  try {
    return hashOf(fs.readFileSync(file));
  } catch {
    return "";
  }
}

/** The stamp a file is compared by: size and time for installed packages, else content. */
function stamp(file: string): string {
  if (file.includes(`${path.sep}node_modules${path.sep}`)) {
    const s = fs.statSync(file, { throwIfNoEntry: false });
    return s === undefined ? "" : `${s.size}:${s.mtimeMs}`;
  }
  return readOrEmpty(file);
}

function readVerdict(file: string): Verdict | undefined {
  let verdict: Verdict;
  try {
    verdict = JSON.parse(fs.readFileSync(file, "utf8")) as Verdict;
  } catch {
    return undefined;
  }
  if (typeof verdict !== "object" || verdict === null || typeof verdict.inputs !== "object") {
    return undefined;
  }
  if (verdict.failure !== null && typeof verdict.failure !== "string") return undefined;
  for (const [input, was] of Object.entries(verdict.inputs)) {
    if (stamp(input) !== was) return undefined;
  }
  return verdict;
}

interface TsNode {
  create?: (options: Record<string, unknown>) => {
    config: TS.ParsedCommandLine;
    options: { ignoreDiagnostics?: (string | number)[] };
  };
}

/** Compiler options and ignored codes as ts-node derives them, and the config files it read. */
function settings(
  ts: typeof TS,
  tsNode: TsNode,
  req: TypeCheckRequest,
  own: Record<string, unknown>,
  typescript: string,
  read: Set<string>,
): { options: TS.CompilerOptions; ignored: Set<number>; errors: readonly TS.Diagnostic[] } {
  const skipProject = !fs.existsSync(req.tsconfig);
  const overrides = hostCompilerOptions(ts.version, req.esm, own);
  const readFile = (f: string): string | undefined => {
    read.add(path.resolve(f));
    return ts.sys.readFile(f);
  };
  const ignoredOnly = new Set(TS_NODE_IGNORED);
  // ts-node follows `extends` with no guard: a cycle hangs it (and the host's run with it).
  // The compiler reads the same chain and names the cycle (TS18000).
  if (!skipProject) {
    const parsed = ts.getParsedCommandLineOfConfigFile(
      req.tsconfig,
      {},
      { ...ts.sys, readFile, onUnRecoverableConfigFileDiagnostic: () => undefined },
    );
    const cycle = (parsed?.errors ?? []).filter((d) => d.code === CIRCULAR_CONFIG);
    if (cycle.length > 0) return { options: {}, ignored: ignoredOnly, errors: cycle };
  }
  if (typeof tsNode.create === "function") {
    try {
      const service = tsNode.create({
        compiler: typescript,
        transpileOnly: false,
        project: req.tsconfig,
        skipProject,
        compilerOptions: overrides,
        readFile,
      });
      const extra = (service.options.ignoreDiagnostics ?? []).map(Number);
      return {
        options: service.config.options,
        ignored: new Set([...TS_NODE_IGNORED, ...extra]),
        errors: [],
      };
    } catch (err) {
      const diagnostics = (err as { diagnostics?: TS.Diagnostic[] }).diagnostics;
      if (!Array.isArray(diagnostics)) throw err;
      return { options: {}, ignored: ignoredOnly, errors: diagnostics };
    }
  }
  // A ts-node without `create` (7.x): the tsconfig as the compiler reads it, the host's options over it.
  let config: { compilerOptions?: Record<string, unknown> } = {};
  if (!skipProject) {
    const file = ts.readConfigFile(req.tsconfig, readFile);
    if (file.error !== undefined)
      return { options: {}, ignored: ignoredOnly, errors: [file.error] };
    config = file.config as typeof config;
  }
  const parsed = ts.parseJsonConfigFileContent(
    { ...config, compilerOptions: { ...config.compilerOptions, ...overrides } },
    { ...ts.sys, readFile },
    path.dirname(req.tsconfig),
  );
  return { options: parsed.options, ignored: ignoredOnly, errors: parsed.errors };
}

function check(
  req: TypeCheckRequest,
  own: Record<string, unknown>,
  files: readonly string[],
  tools: { typescript: string; tsNode: string },
): Verdict {
  /* eslint-disable @typescript-eslint/no-require-imports -- the host's own compiler and ts-node */
  const ts = require(tools.typescript) as typeof TS;
  const tsNode = require(tools.tsNode) as TsNode;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const read = new Set<string>();
  const { options, ignored, errors } = settings(ts, tsNode, req, own, tools.typescript, read);
  const inputs: Record<string, string> = {};
  const versions = [tools.typescript, tools.tsNode].map((f) => packageJsonOf(f));
  for (const f of [...read, req.tsconfig, ...versions]) inputs[f] = stamp(f);
  if (errors.length > 0) {
    return { failure: format(ts, errors, req.projectDir, req.tsconfig), inputs };
  }
  const program = ts.createProgram({ rootNames: [...files], options });
  for (const sf of program.getSourceFiles()) inputs[sf.fileName] = stamp(sf.fileName);
  // npm extracts packages with fixed file times, and rewrites this file on every install.
  for (const lock of installRecords(Object.keys(inputs))) inputs[lock] = stamp(lock);
  const checked = req.esm
    ? program
        .getSourceFiles()
        .filter(
          (sf) =>
            !sf.isDeclarationFile &&
            sf.fileName.startsWith(`${req.projectDir}${path.sep}`) &&
            !sf.fileName.includes(`${path.sep}node_modules${path.sep}`),
        )
        .map((sf) => sf.fileName)
    : files;
  for (const f of checked) {
    const sf = program.getSourceFile(f);
    if (sf === undefined) continue;
    const diagnostics = [
      ...program.getSyntacticDiagnostics(sf),
      ...program.getSemanticDiagnostics(sf),
    ].filter((d) => !ignored.has(d.code));
    if (diagnostics.length > 0) {
      return { failure: format(ts, diagnostics, req.projectDir, req.tsconfig), inputs };
    }
  }
  return { failure: null, inputs };
}

/** `node_modules/.package-lock.json` of each top-level node_modules folder the files are in. */
function installRecords(files: readonly string[]): string[] {
  const marker = `${path.sep}node_modules${path.sep}`;
  const roots = new Set<string>();
  for (const f of files) {
    const at = f.indexOf(marker);
    if (at >= 0) roots.add(path.join(f.slice(0, at + marker.length), ".package-lock.json"));
  }
  return [...roots].filter((f) => fs.existsSync(f));
}

/** The package.json of the package a module file or folder belongs to. */
function packageJsonOf(entry: string): string {
  for (let dir = entry; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (path.basename(path.dirname(dir)) === "node_modules" || /@\d/.test(path.basename(dir))) {
      return path.join(dir, "package.json");
    }
  }
  return entry;
}

/**
 * `<file>:<line>:<column>: error TS<code>: <text>`, a line each, relative to the project; a
 * diagnostic without a file is about the settings, so it names the tsconfig.
 */
function format(
  ts: typeof TS,
  diagnostics: readonly TS.Diagnostic[],
  projectDir: string,
  tsconfig: string,
): string {
  return diagnostics
    .map((d) => {
      const text = ts.flattenDiagnosticMessageText(d.messageText, " ");
      const category = ts.DiagnosticCategory[d.category].toLowerCase();
      if (d.file === undefined || d.start === undefined) {
        return `${path.relative(projectDir, tsconfig)}: ${category} TS${d.code}: ${text}`;
      }
      const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
      const file = path.relative(projectDir, d.file.fileName);
      return `${file}:${line + 1}:${character + 1}: ${category} TS${d.code}: ${text}`;
    })
    .join("\n");
}
