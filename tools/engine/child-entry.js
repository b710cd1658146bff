// Entry of a stack's program process. TypeScript files (the engine's and the program's) load
// through compile-hook.js: each compiled once with esbuild into the cache folder the parent names
// (`TACHYON_PROGRAM_CACHE`; empty for an ES module program, which runs under tsx's `--import`),
// with the tsconfig Pulumi's language host would read (`TACHYON_PROGRAM_TSCONFIG`, else
// tsconfig.json in the project folder and no further up; run-stack.ts passes its path).
// Node's source maps stay off: with them on, every `new Error().stack` the SDK takes (one per
// promise it tracks) is mapped, a quarter of a stack's time. Positions are mapped only where the
// engine reports them (a resource's source position, the program line of an error), through the
// compiled file's own map.
"use strict";
require("./code-cache.js").installCodeCache(process.env.TACHYON_CODE_CACHE);
require("./lazy-sdk.js");
// The compile hook's and the program's bundler's esbuild calls leave no process behind at exit.
require("./esbuild-processes.js").syncWithoutWorker();
const path = require("node:path");
const { installCompileHook } = require("./compile-hook.js");

const cache = process.env.TACHYON_PROGRAM_CACHE;
const mapPosition =
  cache !== undefined && cache !== ""
    ? installCompileHook({
        cache,
        tsconfig: process.env.TACHYON_PROGRAM_TSCONFIG || path.join(process.cwd(), "tsconfig.json"),
        // runtime.options.typescript: false (run-stack.ts): the project's own files load as JavaScript.
        plainJavaScriptUnder:
          process.env.TACHYON_PROGRAM_TYPESCRIPT === "false" ? process.cwd() : undefined,
      })
    : undefined;

require("./child.ts").listen(mapPosition);
