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

function readConfig(file) {
  let text;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    // Comments and trailing commas, which tsconfig files allow.
    return require("typescript").parseConfigFileTextToJson(file, text).config;
  }
}

function compilerOptionsOf(file, seen = new Set()) {
  if (seen.has(file)) return {};
  seen.add(file);
  const parsed = readConfig(file);
  const own = parsed?.compilerOptions;
  // ts-node reads the configs a tsconfig extends (decorator settings often live in a shared base),
  // the later of several winning, the file's own options over all of them.
  // https://www.typescriptlang.org/tsconfig/#extends
  const bases = [parsed?.extends].flat().filter((e) => typeof e === "string");
  return Object.assign(
    {},
    ...bases.map((base) => compilerOptionsOf(extendedFile(base, path.dirname(file)), seen)),
    typeof own === "object" && own !== null ? own : {},
  );
}

function extendedFile(base, dir) {
  if (base.startsWith(".") || path.isAbsolute(base)) {
    const file = path.resolve(dir, base);
    return fs.existsSync(file) || file.endsWith(".json") ? file : `${file}.json`;
  }
  for (const candidate of [base, `${base}.json`, `${base}/tsconfig.json`]) {
    try {
      return require.resolve(candidate, { paths: [dir] });
    } catch {
      // Try the next form TypeScript accepts.
    }
  }
  return base;
}

// The tsconfig Pulumi's language host compiles the program with: `runtime.options.tsconfig`, else
// tsconfig.json in the project folder and no further up (run-stack.ts passes its path). The host
// hands ts-node target ES2020 unless the file itself names a target (one in a config it extends
// does not count), and target is what changes emitted code here: class fields are assigned, not
// defined. https://github.com/pulumi/pulumi/blob/master/sdk/nodejs/cmd/run/run.ts
const TSCONFIG = process.env.TACHYON_PROGRAM_TSCONFIG || path.join(process.cwd(), "tsconfig.json");
const compilerOptions = {
  ...compilerOptionsOf(TSCONFIG),
  target: readConfig(TSCONFIG)?.compilerOptions?.target ?? "ES2020",
};

// tsx's own transform options, so that code Pulumi serializes (magic functions) reads the same.
const OPTIONS = {
  format: "cjs",
  platform: "node",
  target: `node${process.versions.node}`,
  sourcemap: "inline",
  sourcesContent: false,
  minifyWhitespace: true,
  keepNames: true,
  tsconfigRaw: { compilerOptions },
};

// esbuild does not emit decorator metadata (`design:type`, ...), which reflect-metadata style
// programs read; their files compile with TypeScript itself, as ts-node would.
// https://esbuild.github.io/content-types/#typescript-caveats
const ENGINE = `${__dirname}${path.sep}`;
const typescriptFor =
  compilerOptions.experimentalDecorators === true && compilerOptions.emitDecoratorMetadata === true
    ? (filename) => !filename.startsWith(ENGINE)
    : () => false;
const TS_OPTIONS = {
  ...compilerOptions,
  module: "commonjs",
  sourceMap: false,
  inlineSourceMap: true,
  inlineSources: false,
  declaration: false,
  noEmit: false,
};

function compile(source, filename) {
  const typescript = typescriptFor(filename);
  const compiler = typescript ? require("typescript") : (esbuild ??= require("esbuild"));
  const key = crypto
    .createHash("sha256")
    .update(
      typescript
        ? `typescript ${compiler.version}\0${JSON.stringify(TS_OPTIONS)}\0${filename}\0`
        : `${compiler.version}\0${JSON.stringify(OPTIONS)}\0${filename}\0`,
    )
    .update(source)
    .digest("hex");
  const file = path.join(cache, key.slice(0, 2), `${key}.js`);
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    // Not compiled yet.
  }
  const code = typescript
    ? compiler.transpileModule(source, { compilerOptions: TS_OPTIONS, fileName: filename })
        .outputText
    : compiler.transformSync(source, {
        ...OPTIONS,
        loader: filename.endsWith(".tsx") ? "tsx" : "ts",
        sourcefile: filename,
      }).code;
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
