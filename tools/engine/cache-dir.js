// The check's cache folder (see cache.ts, which re-exports these two). JavaScript, because
// bin/tachyon.js needs the folder before it can load any TypeScript: the CLI's own files are
// compiled into it (compile-hook.js).
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

/** The folder chosen for this process, with the setting it was chosen for. */
let chosen;

/**
 * The cache folder: `TACHYON_CACHE_DIR`, else `tachyon-<uid>` in the system's temporary folder.
 * Tachyon runs code from it (its own compiled files, compiled packs and programs), so it must be
 * a folder only this user can write: one that is a link, belongs to someone else or is writable
 * by others (a `/tmp/tachyon-<uid>` made first by another user of the machine, to plant code) is
 * not used; the run says so on stderr and caches in a new private folder of its own.
 */
function cacheDir() {
  const setting = process.env["TACHYON_CACHE_DIR"];
  if (chosen !== undefined && chosen.setting === setting) return chosen.dir;
  const user =
    typeof process.getuid === "function" ? String(process.getuid()) : os.userInfo().username;
  const wanted =
    setting !== undefined && setting !== ""
      ? path.resolve(setting)
      : path.join(os.tmpdir(), `tachyon-${user}`);
  const problem = privateDirProblem(wanted);
  let dir = wanted;
  if (problem !== undefined) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-run-"));
    process.once("exit", () => fs.rmSync(dir, { recursive: true, force: true }));
    process.stderr.write(
      `tachyon: cache folder ${wanted} ${problem}, so tachyon does not run code from it; this run caches in ${dir}. Remove that folder, or set TACHYON_CACHE_DIR to a folder only you can write.\n`,
    );
  }
  chosen = { setting, dir };
  return dir;
}

/**
 * Why `dir` cannot hold code this process runs, or `undefined`. It is created (mode 700) when
 * missing; it must then be a folder, not a link, of this user, that no group or other user can write.
 */
function privateDirProblem(dir) {
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch (err) {
    return `cannot be created (${err.code ?? String(err)})`;
  }
  const stat = fs.lstatSync(dir);
  if (stat.isSymbolicLink()) return "is a symbolic link";
  if (!stat.isDirectory()) return "is not a folder";
  const uid = typeof process.getuid === "function" ? process.getuid() : undefined;
  if (uid !== undefined && stat.uid !== uid) return `belongs to user ${stat.uid}, not ${uid}`;
  if ((stat.mode & 0o022) !== 0) {
    return `can be written by others (mode ${(stat.mode & 0o777).toString(8)})`;
  }
  return undefined;
}

/** Where V8's compiled code is kept (code-cache.js): `code/` of the cache folder. */
function codeCacheDir() {
  return path.join(cacheDir(), "code");
}

module.exports = { cacheDir, codeCacheDir, privateDirProblem };
