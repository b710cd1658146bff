/**
 * Fresh-process measurements: a bundle's import time and the cold start of a Node process that
 * loads it, against an empty Node process measured in the same run.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { buildSync } from "esbuild";
import { esbuildOptions } from "../functions/build";
import { median, msSince, now } from "./stats";

// The time goes on its own last line: a bundle may log while it loads (where its state lives).
const IMPORT_TIMER =
  "const t=performance.now();await import(process.argv[1]);process.stdout.write(`\\n${performance.now()-t}`);";

/** Median import time (ms) of an ES module in a fresh Node process, over `runs` processes. */
export function importMs(file: string, runs: number): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const result = spawnSync(
      process.execPath,
      ["--input-type=module", "-e", IMPORT_TIMER, pathToFileURL(file).href],
      {
        encoding: "utf8",
        timeout: 30_000,
      },
    );
    if (result.status !== 0) {
      throw new Error(`bench/process.ts: importing ${file} failed: ${result.stderr}`);
    }
    const ms = Number(result.stdout.trimEnd().split("\n").pop());
    if (!Number.isFinite(ms)) {
      throw new Error(
        `bench/process.ts: importing ${file} printed no time, got ${JSON.stringify(result.stdout.slice(-200))}.`,
      );
    }
    samples.push(ms);
  }
  return median(samples);
}

/**
 * Writes an ES module with no imports and no work into `dir` and returns it: its import time is
 * the floor under every bundle's (Node's module loader starting, resolving, reading, compiling).
 */
export function emptyModule(dir: string): string {
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "index.mjs");
  writeFileSync(file, "export const handler = async () => null;\n");
  return file;
}

/** Wall time (ms) of one Node process, from spawn to exit, running `code` as a module. */
function processMs(code: string, arg?: string): number {
  const start = now();
  const result = spawnSync(
    process.execPath,
    ["--input-type=module", "-e", code, ...(arg ? [arg] : [])],
    {
      stdio: "ignore",
      timeout: 30_000,
    },
  );
  const ms = msSince(start);
  if (result.status !== 0)
    throw new Error(`bench/process.ts: a measured process exited with ${result.status}`);
  return ms;
}

/**
 * Cold start of processes importing each bundle over the cold start of an empty process,
 * interleaved run by run so that machine noise hits both sides alike: mean over the bundles of
 * median(bundle process) ÷ median(empty process).
 */
export function coldStartRatio(
  files: readonly string[],
  runs: number,
): { ratio: number; emptyMs: number; bundleMs: number } {
  const empty: number[] = [];
  const bundles: number[][] = files.map(() => []);
  for (let i = 0; i < runs; i++) {
    empty.push(processMs(""));
    files.forEach((file, k) => {
      bundles[k].push(processMs("await import(process.argv[1]);", pathToFileURL(file).href));
    });
  }
  const emptyMs = median(empty);
  const bundleMs = bundles.reduce((s, b) => s + median(b), 0) / files.length;
  return { ratio: bundleMs / emptyMs, emptyMs, bundleMs };
}

/**
 * Builds the AWS entry of function `name` with every package left external, into
 * `dir/index.mjs` (`dir` inside the repository, so that Node resolves the packages from its
 * node_modules): the same handler as the bundle, loaded the way an unbundled deployment loads it.
 * Returns the file.
 */
export function buildUnbundled(name: string, dir: string): string {
  const outfile = path.join(dir, "index.mjs");
  const { alias: _alias, ...options } = esbuildOptions(name, "aws", dir);
  buildSync({ ...options, outfile, packages: "external", write: true, metafile: false });
  return outfile;
}

/**
 * Cold start (median ms over `runs`) of a process importing `unbundled` against one importing
 * `bundled`, interleaved run by run.
 */
export function coldStartUnbundled(
  bundled: string,
  unbundled: string,
  runs: number,
): { ratio: number; bundleMs: number; unbundledMs: number } {
  const bundle: number[] = [];
  const plain: number[] = [];
  const code = "await import(process.argv[1]);";
  for (let i = 0; i < runs; i++) {
    bundle.push(processMs(code, pathToFileURL(bundled).href));
    plain.push(processMs(code, pathToFileURL(unbundled).href));
  }
  const bundleMs = median(bundle);
  const unbundledMs = median(plain);
  return { ratio: unbundledMs / bundleMs, bundleMs, unbundledMs };
}
