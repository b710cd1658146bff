/**
 * Keeps the cache folder from growing without end. Compiled program files (`programs/`), V8's
 * compiled code (`code/`, code-cache.js) and type-check verdicts (`types/`) are stored under the
 * hash of their content, so every edit (and every SDK upgrade) adds entries and none is ever
 * overwritten; compiled packs (`packs/<key>/`), learned references (`references/<key>.json`) and
 * stacks' outputs (`outputs/<key>.json`, outputs-cache.ts) are stored under the hash of their
 * folder's path, so every checkout or temporary copy of a project adds its own. Once a day, a
 * finished check removes the entries nobody has used for {@link UNUSED_DAYS} days.
 *
 * "Used" is the later of a file's access and modification times (for a pack, its
 * `manifest.json`, read on every hit). Linux's default `relatime` mount option updates the access
 * time on a read at most once a day, which is all this needs; on a `noatime` mount an entry goes
 * 30 days after it was written and is rebuilt once (a compile of a few milliseconds, a pack
 * bundle, or one type check) by the next run that needs it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { cacheDir } from "./cache-dir";

/** An entry unused for this many days is removed. */
export const UNUSED_DAYS = 30;

/** How often the cache is pruned: the stamp file's modification time says when it last was. */
const PRUNE_EVERY_MS = 24 * 3600_000;

/** The stamp file, in the cache folder. */
export const PRUNE_STAMP = "pruned";

/** What a prune did. */
export interface PruneResult {
  /** Whether it ran (false: pruned less than a day ago). */
  readonly ran: boolean;
  /** Files removed. */
  readonly removed: number;
}

/**
 * Removes the entries of `programs/`, `code/`, `types/`, `references/`, `outputs/` and `packs/`
 * unused for {@link UNUSED_DAYS} days, and the temporary files of writes that never finished,
 * unless the cache was pruned less than a day ago. Never throws: a cache that cannot be pruned costs disk
 * space, never a check its result.
 */
export function pruneCache(dir: string = cacheDir(), now: number = Date.now()): PruneResult {
  const stamp = path.join(dir, PRUNE_STAMP);
  try {
    if (now - fs.statSync(stamp).mtimeMs < PRUNE_EVERY_MS) return { ran: false, removed: 0 };
  } catch {
    // Never pruned.
  }
  try {
    fs.writeFileSync(stamp, "");
    fs.utimesSync(stamp, now / 1000, now / 1000);
  } catch {
    return { ran: false, removed: 0 };
  }
  const before = now - UNUSED_DAYS * 24 * 3600_000;
  let removed = 0;
  const programs = path.join(dir, "programs");
  for (const shard of entries(programs)) {
    if (!/^[0-9a-f]{2}$/.test(shard)) continue;
    removed += removeUnused(path.join(programs, shard), /^[0-9a-f]{64}\.js(\.\d+\.tmp)?$/, before);
  }
  removed += removeUnused(path.join(dir, "code"), /^[0-9a-f]{40}\.bin(\.\d+\.tmp)?$/, before);
  removed += removeUnused(
    path.join(dir, "types"),
    /^[0-9a-f]{32}\.json(\.\d+\.\d+\.tmp)?$/,
    before,
  );
  for (const kept of ["references", "outputs"]) {
    removed += removeUnused(path.join(dir, kept), /^[0-9a-f]{24}\.json(\.\d+\.\d+\.tmp)?$/, before);
  }
  const packs = path.join(dir, "packs");
  for (const key of entries(packs)) {
    if (!/^[0-9a-f]{24}$/.test(key)) continue;
    const folder = path.join(packs, key);
    try {
      const stat = fs.lstatSync(folder);
      if (!stat.isDirectory()) continue;
      // A build being stored has its files before its manifest: the folder's time counts too.
      if (Math.max(stat.mtimeMs, lastUsed(path.join(folder, "manifest.json"))) >= before) continue;
      fs.rmSync(folder, { recursive: true, force: true });
      removed += 1;
    } catch {
      // Removed by another run.
    }
  }
  return { ran: true, removed };
}

function entries(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

/** Removes the regular files of `dir` named like `pattern` last used before `before`. */
function removeUnused(dir: string, pattern: RegExp, before: number): number {
  let removed = 0;
  for (const name of entries(dir)) {
    if (!pattern.test(name)) continue;
    const file = path.join(dir, name);
    try {
      const stat = fs.lstatSync(file);
      if (!stat.isFile() || used(stat) >= before) continue;
      fs.rmSync(file, { force: true });
      removed += 1;
    } catch {
      // Removed by another run, or not ours to remove.
    }
  }
  return removed;
}

function used(stat: fs.Stats): number {
  return Math.max(stat.atimeMs, stat.mtimeMs);
}

/** When `file` was last read or written; 0 when it is missing (a build that never finished). */
function lastUsed(file: string): number {
  try {
    return used(fs.statSync(file));
  } catch {
    return 0;
  }
}
