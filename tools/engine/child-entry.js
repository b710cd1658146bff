// Entry of a stack's program process. TypeScript files (the engine's and the program's) are
// compiled with esbuild's transform, one file at a time, and kept in the cache folder under the
// hash of their source, so each file is compiled once however many stacks and runs load it.
// Everything else loads through Node's own loader: a general TypeScript loader such as tsx
// inspects every JavaScript module too, which doubles the cost of loading the Pulumi SDKs.
// Source maps stay on, so stack traces and the resources' source positions name the .ts lines.
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
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

if (cache !== undefined && cache !== "") {
  process.setSourceMapsEnabled(true);
  for (const extension of [".ts", ".tsx", ".cts"]) {
    require.extensions[extension] = (module, filename) => {
      module._compile(compile(fs.readFileSync(filename, "utf8"), filename), filename);
    };
  }
}

require("./child.ts").listen();
