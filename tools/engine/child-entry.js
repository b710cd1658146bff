// Entry of a stack's program process. TypeScript files (the engine's and the program's) are
// compiled with esbuild's transform, one file at a time, and kept in the cache folder under the
// hash of their source, so each file is compiled once however many stacks and runs load it.
// Everything else loads through Node's own loader: a general TypeScript loader such as tsx
// inspects every JavaScript module too, which doubles the cost of loading the Pulumi SDKs.
// Node's source maps stay off: with them on, every `new Error().stack` the SDK takes (one per
// promise it tracks) is mapped, a quarter of a stack's time. Positions are mapped only where the
// engine reports them (a resource's source position, the program line of an error), through the
// compiled file's own map.
"use strict";
require("./lazy-sdk.js");
const crypto = require("node:crypto");
const fs = require("node:fs");
const { SourceMap } = require("node:module");
const path = require("node:path");

const cache = process.env.TACHYON_PROGRAM_CACHE;
let esbuild;

// The nearest tsconfig.json up from the project decides class field semantics and decorators,
// as it does for tsx.
function tsconfigOf(dir) {
  for (let d = dir; ; d = path.dirname(d)) {
    try {
      return fs.readFileSync(path.join(d, "tsconfig.json"), "utf8");
    } catch {
      if (path.dirname(d) === d) return "{}";
    }
  }
}
const tsconfig = tsconfigOf(process.cwd());

// tsx's own transform options, so that code Pulumi serializes (magic functions) reads the same.
const OPTIONS = {
  format: "cjs",
  platform: "node",
  target: `node${process.versions.node}`,
  sourcemap: "inline",
  sourcesContent: false,
  minifyWhitespace: true,
  keepNames: true,
  tsconfigRaw: tsconfig,
};

function compile(source, filename) {
  esbuild ??= require("esbuild");
  const key = crypto
    .createHash("sha256")
    .update(`${esbuild.version}\0${JSON.stringify(OPTIONS)}\0${filename}\0`)
    .update(source)
    .digest("hex");
  const file = path.join(cache, key.slice(0, 2), `${key}.js`);
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    // Not compiled yet.
  }
  const { code } = esbuild.transformSync(source, {
    ...OPTIONS,
    loader: filename.endsWith(".tsx") ? "tsx" : "ts",
    sourcefile: filename,
  });
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temp, code);
  fs.renameSync(temp, file);
  return code;
}

// Compiled code by file, for mapping positions back to the TypeScript source.
const compiled = new Map();
const maps = new Map();

// The TypeScript line and column of a position in a file compiled here, as Node's source map
// support would print it; any other position unchanged.
function mapPosition(file, line, column) {
  const code = compiled.get(file);
  if (code === undefined) return { line, column };
  if (!maps.has(file)) {
    const m = /\/\/# sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)\s*$/.exec(
      code,
    );
    maps.set(file, m === null ? null : new SourceMap(JSON.parse(Buffer.from(m[1], "base64"))));
  }
  const entry = maps.get(file)?.findEntry(line - 1, column - 1);
  if (entry === undefined || typeof entry.originalLine !== "number") return { line, column };
  return { line: entry.originalLine + 1, column: entry.originalColumn + 1 };
}

if (cache !== undefined && cache !== "") {
  for (const extension of [".ts", ".tsx", ".cts"]) {
    require.extensions[extension] = (module, filename) => {
      const code = compile(fs.readFileSync(filename, "utf8"), filename);
      compiled.set(filename, code);
      module._compile(code, filename);
    };
  }
}

require("./child.ts").listen(cache !== undefined && cache !== "" ? mapPosition : undefined);
