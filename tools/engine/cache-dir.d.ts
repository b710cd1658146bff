// Types of cache-dir.js (JavaScript so that bin/tachyon.js can call it before any TypeScript loads).

/**
 * The cache folder: `TACHYON_CACHE_DIR`, else `tachyon-<uid>` in the system's temporary folder,
 * if only this user can write it; else a new private folder for this run (said on stderr).
 */
export function cacheDir(): string;

/** Where V8's compiled code is kept (code-cache.js): `code/` of the cache folder. */
export function codeCacheDir(): string;

/**
 * Why `dir` cannot hold code this process runs, or `undefined`. It is created (mode 700) when
 * missing; it must then be a folder, not a link, of this user, that no group or other user can write.
 */
export function privateDirProblem(dir: string): string | undefined;
