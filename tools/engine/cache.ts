/**
 * The check's cache folder: compiled policy packs and programs, each stored under the hash of
 * the files it was built from, so that a run pays a TypeScript compile only for what changed.
 * Kept outside the project (node_modules may be shared between checkouts) and per user; the
 * folder's rules live in cache-dir.js, which bin/tachyon.js reads before any TypeScript loads.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { cacheDir } from "./cache-dir";

export { cacheDir, codeCacheDir, privateDirProblem } from "./cache-dir";

/** SHA-256 of the text parts, hex. */
export function hashOf(...parts: (string | Buffer)[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part).update("\0");
  return hash.digest("hex");
}

/** Writes a file through a temporary name and a rename, so that a reader never sees half of it. */
export function writeAtomic(file: string, data: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  fs.writeFileSync(temp, data);
  fs.renameSync(temp, file);
}

/** What a build read, each file with the hash of its content. */
export type Inputs = Record<string, string>;

/** The hashes of the given files' contents; `undefined` for one that cannot be read. */
export function hashFiles(files: readonly string[]): Inputs | undefined {
  const inputs: Inputs = {};
  for (const file of files) {
    try {
      inputs[file] = hashOf(fs.readFileSync(file));
    } catch {
      return undefined;
    }
  }
  return inputs;
}

/** A build kept in the cache: its output file and the inputs it was made from. */
interface Manifest {
  readonly output: string;
  readonly inputs: Inputs;
}

/** A build found in the cache: its output file and the files it was made from. */
export interface CachedBuild {
  readonly output: string;
  readonly inputs: readonly string[];
}

/**
 * The cached output of the build named `key` if every input it read still has the same content,
 * else `undefined`. `kind` is the cache's subfolder (`packs`, `programs`).
 */
export function cachedBuild(kind: string, key: string): CachedBuild | undefined {
  const manifestFile = path.join(cacheDir(), kind, key, "manifest.json");
  let manifest: Manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(manifestFile, "utf8")) as Manifest;
  } catch {
    return undefined;
  }
  // The output is `<build id>/<file>` in the build's folder (storeBuild); nothing else is read.
  if (typeof manifest.output !== "string" || !/^[0-9a-f]{16}\/[\w.-]+$/.test(manifest.output)) {
    return undefined;
  }
  const output = path.join(path.dirname(manifestFile), manifest.output);
  if (typeof manifest.inputs !== "object" || !fs.existsSync(output)) return undefined;
  const now = hashFiles(Object.keys(manifest.inputs));
  if (now === undefined) return undefined;
  for (const [file, hash] of Object.entries(manifest.inputs))
    if (now[file] !== hash) return undefined;
  return { output, inputs: Object.keys(manifest.inputs) };
}

/** How old an earlier build must be before a new one removes it (a run may still be reading it). */
const KEEP_OLDER_BUILDS_MS = 10 * 60_000;

/**
 * Stores the files of a build (name to content; the first is the output) under `key` with the
 * inputs it read, and returns the output's path. Each build has its own folder named by the
 * inputs' hash, so a run still reading an older build is never handed a file that changes.
 */
export function storeBuild(
  kind: string,
  key: string,
  inputs: Inputs,
  files: readonly { readonly name: string; readonly contents: string | Uint8Array }[],
): string {
  const dir = path.join(cacheDir(), kind, key);
  const id = hashOf(JSON.stringify(Object.entries(inputs).sort())).slice(0, 16);
  for (const f of files) writeAtomic(path.join(dir, id, f.name), Buffer.from(f.contents));
  const output = `${id}/${files[0].name}`;
  writeAtomic(
    path.join(dir, "manifest.json"),
    JSON.stringify({ output, inputs } satisfies Manifest),
  );
  removeOldBuilds(dir, id);
  return path.join(dir, output);
}

function removeOldBuilds(dir: string, keep: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === keep) continue;
    const folder = path.join(dir, entry.name);
    try {
      if (Date.now() - fs.statSync(folder).mtimeMs > KEEP_OLDER_BUILDS_MS)
        fs.rmSync(folder, { recursive: true, force: true });
    } catch {
      // Another run removed it first.
    }
  }
}
