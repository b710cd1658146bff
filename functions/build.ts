/**
 * The bundler: one esbuild bundle per function and cloud, built synchronously so that the
 * Pulumi program can call it while it runs (no separate build step before `pulumi up` or
 * `tachyon check`).
 *
 * API (components import these):
 *
 * ```ts
 * import { bundleFunction } from "../../functions/build";
 * const bundle = bundleFunction("order", "aws");
 * // bundle.dir          folder to archive as the deployment package (index.mjs and what the
 * //                     cloud needs beside it: host.json, package.json)
 * // bundle.entry        "index.mjs"
 * // bundle.handler      aws: "index.handler"; azure: "index.mjs" (the app's main, which registers
 * //                     the function with the worker's core API); gcp: "handler" (entry point)
 * // bundle.runtime      "nodejs22.x" | "22" | "nodejs22" — the cloud's runtime name for Node 22
 * // bundle.bytes        size of index.mjs
 * // bundle.sha256       hex sha256 over every file of dir (names and contents, sorted): stable
 * //                     for unchanged code, so an unchanged bundle yields no diff
 * // bundle.metafilePath esbuild's metafile, `<dir>.metafile.json`: beside the package, not in it
 * ```
 *
 * - `bundleFunction(name, cloud, outDir?, options?)`: builds (once per process and arguments)
 *   into `outDir`, default `functions/dist/<cloud>/<name>`; throws {@link BundleBudgetError}
 *   when the bundle exceeds its budget ({@link BUDGETS}), naming the three largest modules.
 * - `bundleAll(outRoot?)`: every function of the catalog for every cloud.
 *
 * Output: ESM (`index.mjs`), minified, tree-shaken, target Node 22 — the newest Node major that
 * Lambda (`nodejs22.x`), Azure Functions (v4 host, Node 22) and Cloud Functions / Cloud Run
 * (`nodejs22`) all run. Nothing is taken from the Lambda runtime: the workload functions call
 * AWS through Tachyon's own signed client (`functions/lib/aws-client.ts`), and the one function
 * that needs an AWS SDK client (the edge drain, for SigV4A) bundles it, which pins its version
 * and lets esbuild drop what is unused. Deterministic: paths
 * are relative to the repository root, there are no timestamps, and files are written in a
 * fixed order, so the same sources give the same bytes and the same sha256.
 *
 * `npm run build` (`tsx functions/build.ts`) builds everything and prints the sizes.
 */
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import * as path from "node:path";
import { buildSync, version, type Metafile } from "esbuild";
import { hashInputs, hashText, reusableDigest, writeStamp } from "./build-stamp";
import { FUNCTIONS } from "./catalog";

/** A cloud the bundler targets (same names as `model/types.ts`' `Cloud`). */
export type BundleCloud = "aws" | "azure" | "gcp";

/** Every cloud, in build order. */
export const BUNDLE_CLOUDS: readonly BundleCloud[] = ["aws", "azure", "gcp"];

/** The Node.js major the bundles target and the functions run on. */
export const NODE_MAJOR = 22;

/** Each cloud's runtime identifier for {@link NODE_MAJOR}. */
export const RUNTIMES: Readonly<Record<BundleCloud, string>> = {
  aws: "nodejs22.x",
  azure: "22",
  gcp: "nodejs22",
};

/**
 * Size budget of `index.mjs` per function, in bytes: `"<cloud>/<name>"` for one cloud, else
 * `"<name>"` for every cloud. AWS's order bundle signs its own DynamoDB calls
 * (functions/lib/aws-client.ts) instead of bundling the AWS SDK, and is held to 64 KB. Azure's
 * bundles register with the worker's core API (functions/adapters/azure-core.ts) instead of
 * bundling `@azure/functions`, and are all held to 64 KB.
 */
export const BUDGETS: Readonly<Record<string, number>> = {
  normalize: 160 * 1024,
  order: 160 * 1024,
  "aws/order": 64 * 1024,
  "azure/normalize": 64 * 1024,
  "azure/order": 64 * 1024,
  "azure/fraud-score": 64 * 1024,
  "azure/portfolio-value": 64 * 1024,
  "fraud-score": 160 * 1024,
  "portfolio-value": 160 * 1024,
  "edge-drain": 384 * 1024,
};

/**
 * Functions outside the workload catalog that components deploy, with the clouds they are built
 * for. Not latency-critical: `edge-drain` (functions/edge/drain.ts) keeps the edge's drained
 * regions in step with each AWS site's health alarm.
 */
export const SUPPORT_FUNCTIONS: Readonly<Record<string, readonly BundleCloud[]>> = {
  "edge-drain": ["aws"],
};

/** A built deployment package. */
export interface Bundle {
  readonly name: string;
  readonly cloud: BundleCloud;
  /** Absolute path of the folder to archive. */
  readonly dir: string;
  /** The bundle's file name inside `dir`. */
  readonly entry: string;
  /** What the cloud's function configuration names as handler or entry point. */
  readonly handler: string;
  /** The cloud's runtime identifier. */
  readonly runtime: string;
  /** Size of the bundle file in bytes. */
  readonly bytes: number;
  /** Hex sha256 over the names and contents of every file in `dir`, sorted by name. */
  readonly sha256: string;
  /**
   * Absolute path of esbuild's metafile, `<dir>.metafile.json`. It stays out of the package: it
   * records every source file's size, so a comment edited in a shared file would change every
   * package that includes the file, and a deploy would publish new versions of unchanged code.
   */
  readonly metafilePath: string;
  /** File names in `dir`, sorted. */
  readonly files: readonly string[];
}

/** Options of {@link bundleFunction}. */
export interface BundleOptions {
  /** Overrides the function's budget in bytes. @default budgetOf(name, cloud) */
  readonly budgetBytes?: number;
}

/** A bundle over its size budget. */
export class BundleBudgetError extends Error {
  /**
   * @param largest The three largest modules with their bytes in the output.
   */
  constructor(
    readonly bundleName: string,
    readonly cloud: BundleCloud,
    readonly bytes: number,
    readonly budget: number,
    readonly largest: readonly { readonly path: string; readonly bytes: number }[],
  ) {
    super(
      `functions/build.ts: bundle "${bundleName}" for ${cloud} is ${bytes} bytes, over its budget of ${budget} bytes; largest modules: ${largest
        .map((m) => `${m.path} (${m.bytes} bytes)`)
        .join(", ")}. Trim those imports or raise BUDGETS["${bundleName}"].`,
    );
    this.name = "BundleBudgetError";
  }
}

/** The repository root: esbuild resolves and records every path relative to it. */
export const ROOT = path.resolve(__dirname, "..");

const ENTRY = "index.mjs";
/** The Functions Framework version the GCP package declares (the only dependency installed at deploy). */
export const GCP_FUNCTIONS_FRAMEWORK = "5.0.5";
const METAFILE_SUFFIX = ".metafile.json";

// createRequire lets CommonJS dependencies inside the ESM bundle require Node built-ins, and the
// Azure entries require @azure/functions-core, which the Azure Functions worker provides at run
// time (it is not on npm).
const BANNER =
  'import{createRequire as __tachyonCreateRequire}from"node:module";const require=__tachyonCreateRequire(import.meta.url);';

const cache = new Map<string, Bundle>();

/** Builds (or returns the already built) bundle of one function for one cloud. */
export function bundleFunction(
  name: string,
  cloud: BundleCloud,
  outDir?: string,
  options: BundleOptions = {},
): Bundle {
  const spec = FUNCTIONS.find((f) => f.name === name);
  const support = SUPPORT_FUNCTIONS[name];
  if (support && !support.includes(cloud)) {
    throw new Error(
      `functions/build.ts: function "${name}" is built for ${support.join(", ")} only, got cloud "${String(cloud)}". Deploy it on ${support.join(" or ")}.`,
    );
  }
  if (!spec && !support) {
    throw new Error(
      `functions/build.ts: function must be one of ${FUNCTIONS.map((f) => f.name).join(", ")}, got "${name}". Use a name from functions/catalog.ts.`,
    );
  }
  if (!BUNDLE_CLOUDS.includes(cloud)) {
    throw new Error(
      `functions/build.ts: cloud must be one of ${BUNDLE_CLOUDS.join(", ")}, got "${String(cloud)}". Pass aws, azure or gcp.`,
    );
  }
  const dir = path.resolve(outDir ?? path.join(ROOT, "functions", "dist", cloud, name));
  const budget = options.budgetBytes ?? budgetOf(name, cloud);
  const key = `${name}\0${cloud}\0${dir}\0${budget}`;
  const cached = cache.get(key);
  if (cached) return cached;
  const bundle = buildBundle(name, cloud, dir, budget);
  cache.set(key, bundle);
  return bundle;
}

/** The budget of one bundle: its cloud's entry in {@link BUDGETS}, else the function's. */
export function budgetOf(name: string, cloud: BundleCloud): number {
  return BUDGETS[`${cloud}/${name}`] ?? BUDGETS[name] ?? 128 * 1024;
}

/** Builds every function of the catalog for every cloud. */
export function bundleAll(outRoot?: string): Bundle[] {
  return FUNCTIONS.flatMap((f) =>
    BUNDLE_CLOUDS.map((cloud) =>
      bundleFunction(f.name, cloud, outRoot ? path.join(outRoot, cloud, f.name) : undefined),
    ),
  );
}

/** The esbuild options of one bundle; exported so that a spec can assert them exactly. */
export function esbuildOptions(name: string, cloud: BundleCloud, dir: string) {
  return {
    absWorkingDir: ROOT,
    entryPoints: [path.join(ROOT, "functions", "entries", cloud, `${name}.ts`)],
    outfile: path.join(dir, ENTRY),
    bundle: true,
    platform: "node" as const,
    format: "esm" as const,
    target: `node${NODE_MAJOR}`,
    minify: true,
    treeShaking: true,
    // ESM builds of dependencies (the AWS SDK ships dist-es) tree-shake far better.
    mainFields: ["module", "main"],
    conditions: ["module", "import", "node"],
    // msgpackr's Node entry adds a loader for an optional native extension that no package
    // ships; its portable build is the same codec without that dead weight.
    alias: { msgpackr: "./node_modules/msgpackr/index.js" },
    external: cloud === "azure" ? ["@azure/functions-core"] : [],
    banner: { js: BANNER },
    legalComments: "none" as const,
    sourcemap: false,
    charset: "utf8" as const,
    metafile: true,
    write: false,
    logLevel: "silent" as const,
    define: { "process.env.NODE_ENV": '"production"' },
  };
}

/**
 * Builds one bundle into `dir`, or reuses the one already there when nothing it was built from
 * changed: a stamp beside the folder (`<dir>.inputs.json`) holds the hash of the options, budget
 * and extra files, the content hash of every input esbuild read, and the folder's digest. Each
 * stack of an offline check is a fresh process, so without it every stack rebuilt every bundle.
 */
export function buildBundle(name: string, cloud: BundleCloud, dir: string, budget: number): Bundle {
  const options = esbuildOptions(name, cloud, dir);
  const extras = extraFiles(name, cloud);
  const stamp = hashText(JSON.stringify([options, budget, extras, version]));
  const reused = reusableDigest(dir, stamp, ROOT, digestDir);
  if (reused !== undefined && existsSync(`${dir}${METAFILE_SUFFIX}`)) {
    return bundleIn(name, cloud, dir, reused);
  }
  const result = buildSync(options);
  const code = result.outputFiles?.find((f) => f.path.endsWith(ENTRY));
  if (!code || !result.metafile)
    throw new Error(`functions/build.ts: esbuild produced no ${ENTRY} for "${name}".`);
  // Output keys depend on where the bundle is written; name it by its file alone so that the
  // same sources give the same metafile (and digest) wherever they are built.
  const built = result.metafile;
  const metafile: Metafile = {
    inputs: built.inputs,
    outputs: Object.fromEntries(Object.values(built.outputs).map((o) => [ENTRY, o])),
  };
  const bytes = code.contents.byteLength;
  if (bytes > budget) {
    throw new BundleBudgetError(name, cloud, bytes, budget, largestModules(metafile, 3));
  }
  const files = new Map<string, Uint8Array>();
  files.set(ENTRY, code.contents);
  for (const [file, text] of Object.entries(extras)) {
    files.set(file, Buffer.from(text, "utf8"));
  }
  writeDir(dir, files);
  writeFileAtomic(
    `${dir}${METAFILE_SUFFIX}`,
    Buffer.from(`${JSON.stringify(metafile, null, 2)}\n`, "utf8"),
  );
  const sha256 = digestDir(dir);
  const inputs = hashInputs(ROOT, Object.keys(metafile.inputs));
  if (inputs !== undefined) writeStamp(dir, { stamp, inputs, sha256 });
  return bundleIn(name, cloud, dir, sha256);
}

function bundleIn(name: string, cloud: BundleCloud, dir: string, sha256: string): Bundle {
  return {
    name,
    cloud,
    dir,
    entry: ENTRY,
    handler: cloud === "aws" ? "index.handler" : cloud === "azure" ? ENTRY : "handler",
    runtime: RUNTIMES[cloud],
    bytes: statSync(path.join(dir, ENTRY)).size,
    sha256,
    metafilePath: `${dir}${METAFILE_SUFFIX}`,
    files: readdirSync(dir).sort(),
  };
}

/**
 * Makes `dir` hold exactly `files`. Unchanged files are left alone and changed ones replaced by
 * rename, so that processes building the same bundle at once (parallel stacks of an offline
 * check) never see a half-written or missing file.
 */
export function writeDir(dir: string, files: ReadonlyMap<string, Uint8Array>): void {
  mkdirSync(dir, { recursive: true });
  for (const existing of readdirSync(dir)) {
    if (!files.has(existing)) rmSync(path.join(dir, existing), { recursive: true, force: true });
  }
  for (const [file, contents] of files) writeFileAtomic(path.join(dir, file), contents);
}

/** Writes `target` unless it already holds `contents`, by rename, so no reader sees half a file. */
function writeFileAtomic(target: string, contents: Uint8Array): void {
  if (existsSync(target) && readFileSync(target).equals(contents)) return;
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, target);
}

/** The `count` modules contributing most bytes to the bundle. */
export function largestModules(
  metafile: Metafile,
  count: number,
): { path: string; bytes: number }[] {
  const output = Object.values(metafile.outputs)[0];
  if (!output) return [];
  return Object.entries(output.inputs)
    .map(([file, input]) => ({ path: file, bytes: input.bytesInOutput }))
    .sort((a, b) => b.bytes - a.bytes || a.path.localeCompare(b.path))
    .slice(0, count);
}

/** The files a cloud needs beside the bundle. */
function extraFiles(name: string, cloud: BundleCloud): Record<string, string> {
  if (cloud === "aws") return {};
  const manifest: Record<string, unknown> = {
    name: `tachyon-${name}`,
    version: "1.0.0",
    private: true,
    type: "module",
    main: ENTRY,
    engines: { node: `>=${NODE_MAJOR}` },
  };
  if (cloud === "gcp") {
    // Cloud Functions would add the Functions Framework itself; pinning it keeps builds
    // reproducible, and `start` lets the same source deploy to Cloud Run.
    manifest.scripts = { start: "functions-framework --target=handler" };
    manifest.dependencies = { "@google-cloud/functions-framework": GCP_FUNCTIONS_FRAMEWORK };
  }
  const files: Record<string, string> = {
    "package.json": `${JSON.stringify(manifest, null, 2)}\n`,
  };
  if (cloud === "azure") {
    // The host reads host.json from the package root; the extension bundle provides the Event
    // Hubs trigger binding.
    const host = {
      version: "2.0",
      extensionBundle: {
        id: "Microsoft.Azure.Functions.ExtensionBundle",
        version: "[4.*, 5.0.0)",
      },
      logging: { logLevel: { default: "Warning", Function: "Information" } },
    };
    files["host.json"] = `${JSON.stringify(host, null, 2)}\n`;
  }
  return files;
}

/** Hex sha256 over the sorted names and contents of a folder's files. */
export function digestDir(dir: string): string {
  const hash = createHash("sha256");
  for (const file of readdirSync(dir).sort()) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(path.join(dir, file)));
    hash.update("\0");
  }
  return hash.digest("hex");
}

function main(): void {
  const rows = bundleAll();
  const width = Math.max(...rows.map((b) => `${b.cloud}/${b.name}`.length));
  for (const b of rows) {
    const label = `${b.cloud}/${b.name}`.padEnd(width);
    const budget = budgetOf(b.name, b.cloud);
    console.log(
      `${label}  ${String(b.bytes).padStart(8)} bytes  ${((100 * b.bytes) / budget).toFixed(0).padStart(3)}% of budget  ${b.sha256.slice(0, 12)}`,
    );
  }
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  }
}
