/**
 * The stamp that lets the bundler reuse a bundle already on disk (`<dir>.inputs.json`, beside the
 * bundle's folder, not in it, so the package stays byte-identical): the hash of the build's
 * options, the content hash of every input esbuild read, and the folder's digest as written.
 */
import { createHash } from "node:crypto";
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import * as path from "node:path";

/** What `<dir>.inputs.json` holds. */
export interface BuildStamp {
  readonly stamp: string;
  /** Input path (relative to the repository root, as in the metafile) to its content's sha256. */
  readonly inputs: Record<string, string>;
  /** The folder's digest as written (build.ts `digestDir`). */
  readonly sha256: string;
}

/**
 * The folder's digest when the stamp matches, every input still has its content and the folder
 * is as it was written; else undefined (build again).
 */
export function reusableDigest(
  dir: string,
  stamp: string,
  root: string,
  digestDir: (dir: string) => string,
): string | undefined {
  let saved: BuildStamp;
  try {
    saved = JSON.parse(readFileSync(`${dir}.inputs.json`, "utf8")) as BuildStamp;
  } catch {
    return undefined;
  }
  if (saved.stamp !== stamp || typeof saved.inputs !== "object") return undefined;
  const now = hashInputs(root, Object.keys(saved.inputs));
  if (now === undefined) return undefined;
  for (const [file, hash] of Object.entries(saved.inputs)) if (now[file] !== hash) return undefined;
  try {
    return digestDir(dir) === saved.sha256 ? saved.sha256 : undefined;
  } catch {
    return undefined;
  }
}

/** Each file (relative to `root`) with its content's sha256; undefined if one cannot be read. */
export function hashInputs(
  root: string,
  files: readonly string[],
): Record<string, string> | undefined {
  const hashes: Record<string, string> = {};
  for (const file of files) {
    try {
      hashes[file] = hashText(readFileSync(path.resolve(root, file)));
    } catch {
      return undefined;
    }
  }
  return hashes;
}

/** Hex sha256. */
export function hashText(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Writes `<dir>.inputs.json` through a temporary file and a rename. */
export function writeStamp(dir: string, stamp: BuildStamp): void {
  const file = `${dir}.inputs.json`;
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(stamp));
  renameSync(temporary, file);
}
