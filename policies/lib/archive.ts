/**
 * Sizing deployed code. The analyzer hands a policy assets and archives as `@pulumi/pulumi`
 * asset objects (`FileArchive`, `FileAsset`, `AssetArchive`, ... whose `path`/`assets` are
 * promises), the wire form being `{ <sig>: ..., path | assets | uri | text }`; both are read here,
 * and the files are found on disk relative to the program's working directory, as Pulumi does.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";

/** The size of a code package and where its esbuild metafile would be. */
export interface CodeSize {
  /** Bytes the function deploys (a zip's file size; a folder's files, less its metafile). */
  readonly bytes: number;
  /** What was measured, for messages: a path or `inline archive`. */
  readonly source: string;
  /** esbuild's metafile of the bundle, if there is one (see {@link codeSize}). */
  readonly metafilePath?: string;
}

/** The file esbuild's metafile is written to inside a bundle's folder. */
const METAFILE = "metafile.json";
/** The suffix of a metafile kept beside the package instead: `<folder or zip>.metafile.json`. */
const METAFILE_SUFFIX = ".metafile.json";

/** Whether `value` looks like a Pulumi asset or archive (runtime object or wire form). */
export function isAssetOrArchive(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return (
    v.__pulumiAsset === true ||
    v.__pulumiArchive === true ||
    "4dabf18193072939515e22adb298388d" in v
  );
}

/** Whether the asset/archive is an archive (a folder, a zip, or a map of assets). */
export function isArchive(value: Record<string, unknown>): boolean {
  return (
    value.__pulumiArchive === true ||
    value["4dabf18193072939515e22adb298388d"] === "0def7320c3a5731c473e5ecbe6d01bc7"
  );
}

/** Total bytes of the files under `dir`, leaving out the metafile (a build report, not code). */
function folderBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += folderBytes(full);
    else if (entry.name !== METAFILE) total += statSync(full).size;
  }
  return total;
}

/**
 * Where a relative asset path is on disk. Pulumi resolves asset paths against the program's
 * folder, which the analyzer is not told; a pack runs in its own folder, so `baseDirs` are tried
 * in order: the configured program folder, then the pack's folder and its ancestors (a pack kept
 * inside the program's repository finds the program's paths).
 */
function resolveAssetPath(p: string, baseDirs: readonly string[]): string | undefined {
  if (path.isAbsolute(p)) return existsSync(p) ? p : undefined;
  for (const base of baseDirs) {
    const full = path.resolve(base, p);
    if (existsSync(full)) return full;
  }
  return undefined;
}

/** The folder `cwd` and its ancestors, nearest first. */
export function ancestorsOf(cwd: string): string[] {
  const out = [cwd];
  while (path.dirname(out[out.length - 1]) !== out[out.length - 1])
    out.push(path.dirname(out[out.length - 1]));
  return out;
}

/**
 * The size of an asset or archive on disk, or `undefined` when it has no local file (remote
 * URIs) or the file does not exist.
 */
export async function codeSize(
  value: Record<string, unknown>,
  baseDirs: readonly string[] = ancestorsOf(process.cwd()),
): Promise<CodeSize | undefined> {
  const assets = (await value.assets) as Record<string, unknown> | undefined;
  if (assets !== undefined && assets !== null && typeof assets === "object") {
    let bytes = 0;
    for (const a of Object.values(assets)) {
      if (!isAssetOrArchive(a)) continue;
      const text = await a.text;
      if (typeof text === "string") bytes += Buffer.byteLength(text, "utf8");
      else bytes += (await codeSize(a, baseDirs))?.bytes ?? 0;
    }
    return { bytes, source: "inline archive" };
  }
  const text = await value.text;
  if (typeof text === "string")
    return { bytes: Buffer.byteLength(text, "utf8"), source: "inline text" };
  const p = await value.path;
  if (typeof p !== "string") return undefined;
  const full = resolveAssetPath(p, baseDirs);
  if (full === undefined) return undefined;
  const stat = statSync(full);
  const dir = stat.isDirectory() ? full : path.dirname(full);
  // In the package's folder (where esbuild users often write it), or beside the package, where a
  // build keeps it out of the deployed code (Tachyon's own bundles: functions/build.ts).
  const metafilePath = [path.join(dir, METAFILE), `${full}${METAFILE_SUFFIX}`].find((f) => {
    try {
      return statSync(f).isFile();
    } catch {
      return false;
    }
  });
  return {
    bytes: stat.isDirectory() ? folderBytes(full) : stat.size,
    source: p,
    metafilePath,
  };
}

/**
 * The `count` input modules contributing most bytes to the bundle's outputs, per esbuild's
 * metafile. `functions/build.ts` ranks modules the same way for its own budget; policies may import
 * only `model/`, and read the metafile from disk, so the ranking is repeated here.
 */
export function largestModules(
  metafilePath: string,
  count: number,
): { path: string; bytes: number }[] {
  let metafile: {
    outputs?: Record<string, { inputs?: Record<string, { bytesInOutput?: number }> }>;
  };
  try {
    metafile = JSON.parse(readFileSync(metafilePath, "utf8")) as typeof metafile;
  } catch {
    return [];
  }
  const totals = new Map<string, number>();
  for (const output of Object.values(metafile.outputs ?? {})) {
    for (const [file, input] of Object.entries(output.inputs ?? {})) {
      totals.set(file, (totals.get(file) ?? 0) + (input.bytesInOutput ?? 0));
    }
  }
  return [...totals]
    .map(([file, bytes]) => ({ path: file, bytes }))
    .sort((a, b) => b.bytes - a.bytes || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .slice(0, count);
}

/** `1.5 MiB`, `312.4 KiB`, `900 B`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} B`;
}
