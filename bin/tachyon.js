#!/usr/bin/env node
// Runs the TypeScript CLI directly, with no build step: its .ts files load through the compile
// cache that stack programs use (tools/engine/compile-hook.js), each compiled once with esbuild
// into the cache folder (tools/engine/cache-dir.js) with Tachyon's own tsconfig.json. A stack
// trace names the .ts line of each frame (mapStackTraces). lazy-sdk.js defers the SDK's function
// serializer, which the CLI never uses, as in every stack and pack process.
"use strict";
const path = require("node:path");

const {
  syncWithoutWorker,
  watchChildren,
  stopEsbuild,
} = require("../tools/engine/esbuild-processes.js");
const { cacheDir, codeCacheDir } = require("../tools/engine/cache-dir.js");
const { installCodeCache } = require("../tools/engine/code-cache.js");
const { installCompileHook, mapStackTraces } = require("../tools/engine/compile-hook.js");

// Before esbuild loads: no esbuild process may outlive the CLI (see esbuild-processes.js).
syncWithoutWorker();
watchChildren();

let cache;
try {
  cache = path.join(cacheDir(), "programs");
  installCodeCache(codeCacheDir());
} catch {
  // No private folder to be had at all (the temporary folder is not writable either): the CLI
  // compiles in memory, and a command that needs the cache says why it cannot run.
  cache = undefined;
}
require("../tools/engine/lazy-sdk.js");
mapStackTraces(
  installCompileHook({ tsconfig: path.join(__dirname, "..", "tsconfig.json"), cache }),
);

const { main } = require("../tools/cli.ts");
main(process.argv.slice(2))
  .then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`tachyon: ${err && err.stack ? err.stack : String(err)}\n`);
      process.exitCode = 2;
    },
  )
  .then(() => stopEsbuild());
