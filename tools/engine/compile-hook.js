// Loads TypeScript through a per-file compile cache: each `.ts` file is compiled with esbuild's
// transform, one file at a time, and kept in the cache folder under the hash of its source and
// the options, so each file is compiled once however many processes and runs load it. Everything
// else loads through Node's own loader: a general TypeScript loader such as tsx inspects every
// JavaScript module too, which doubles the cost of loading the Pulumi SDKs. Used by a stack's
// program process (child-entry.js) and by the CLI itself (bin/tachyon.js).
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const { SourceMap } = require("node:module");
const path = require("node:path");

// Set while the engine compiles a file, so that the processes it starts are not taken for ones
// the program started (tools/engine/run-inputs.ts).
const ENGINE_WORK = Symbol.for("tachyon.engineWork");

// Each compiler's version keys the cache; read from its package.json, since loading esbuild
// only to read it would cost every start that finds all its files compiled.
const versions = new Map();
function versionOf(name) {
  if (!versions.has(name)) versions.set(name, require(`${name}/package.json`).version);
  return versions.get(name);
}

function readConfig(file) {
  let text;
  try {
    // Only a regular file: reading a named pipe would block the process for good (the type
    // check names the problem, type-check.ts).
    if (!fs.statSync(file).isFile()) return undefined;
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

// esbuild does not emit decorator metadata (`design:type`, ...), which reflect-metadata style
// programs read; their files compile with TypeScript itself, as ts-node would. The engine's own
// files never need it. https://esbuild.github.io/content-types/#typescript-caveats
const ENGINE = `${__dirname}${path.sep}`;

/** Compiles TypeScript files with the compiler options of one tsconfig, through the cache. */
function compilerFor(tsconfig, cache) {
  // The options Pulumi's language host compiles a program with: the tsconfig's, with target
  // ES2020 unless the file itself names a target (one in a config it extends does not count), and
  // target is what changes emitted code here: class fields are assigned, not defined.
  // https://github.com/pulumi/pulumi/blob/master/sdk/nodejs/cmd/run/run.ts
  const compilerOptions = {
    ...compilerOptionsOf(tsconfig),
    target: readConfig(tsconfig)?.compilerOptions?.target ?? "ES2020",
  };
  // tsx's own transform options, so that code Pulumi serializes (magic functions) reads the same.
  const options = {
    format: "cjs",
    platform: "node",
    target: `node${process.versions.node}`,
    sourcemap: "inline",
    sourcesContent: false,
    minifyWhitespace: true,
    keepNames: true,
    tsconfigRaw: { compilerOptions },
  };
  const typescriptFor =
    compilerOptions.experimentalDecorators === true &&
    compilerOptions.emitDecoratorMetadata === true
      ? (filename) => !filename.startsWith(ENGINE)
      : () => false;
  const tsOptions = {
    ...compilerOptions,
    module: "commonjs",
    sourceMap: false,
    inlineSourceMap: true,
    inlineSources: false,
    declaration: false,
    noEmit: false,
  };

  return (source, filename) => {
    const typescript = typescriptFor(filename);
    const key = crypto
      .createHash("sha256")
      .update(
        typescript
          ? `typescript ${versionOf("typescript")}\0${JSON.stringify(tsOptions)}\0${filename}\0`
          : `${versionOf("esbuild")}\0${JSON.stringify(options)}\0${filename}\0`,
      )
      .update(source)
      .digest("hex");
    const file = cache === undefined ? undefined : path.join(cache, key.slice(0, 2), `${key}.js`);
    if (file !== undefined) {
      try {
        return fs.readFileSync(file, "utf8");
      } catch {
        // Not compiled yet.
      }
    }
    // The esbuild process this may start is the engine's, not the program's (run-inputs.ts).
    const work = (globalThis[ENGINE_WORK] ??= { depth: 0 });
    work.depth += 1;
    let code;
    try {
      code = typescript
        ? require("typescript").transpileModule(source, {
            compilerOptions: tsOptions,
            fileName: filename,
          }).outputText
        : require("esbuild").transformSync(source, {
            ...options,
            loader: filename.endsWith(".tsx") ? "tsx" : "ts",
            sourcefile: filename,
          }).code;
    } finally {
      work.depth -= 1;
    }
    if (file !== undefined) store(file, code);
    return code;
  };
}

// Writes through a temporary name and a rename, so that another process never reads half a file.
// A cache that cannot be written costs the next start its compile, never this one its run.
function store(file, code) {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temp, code);
    fs.renameSync(temp, file);
  } catch {
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // Nothing was written.
    }
  }
}

/**
 * Makes `require` compile `.ts`, `.tsx` and `.cts` files with the compiler options of `tsconfig`,
 * keeping each compiled file in `cache` (no cache: compiled on every load). Returns the mapper
 * from a position in a compiled file to its TypeScript line and column, as Node's source map
 * support would print it; any other position comes back unchanged. Files under
 * `plainJavaScriptUnder` (a project whose Pulumi.yaml turns TypeScript off), but not this
 * engine's own, load as Node loads a file of an extension it does not know: as JavaScript.
 */
function installCompileHook({ tsconfig, cache, plainJavaScriptUnder }) {
  const plain =
    plainJavaScriptUnder === undefined
      ? undefined
      : `${path.resolve(plainJavaScriptUnder)}${path.sep}`;
  const engine = `${__dirname}${path.sep}`;
  const compile = compilerFor(tsconfig, cache);
  // Compiled code by file, for mapping positions back to the TypeScript source.
  const compiled = new Map();
  const maps = new Map();
  for (const extension of [".ts", ".tsx", ".cts"]) {
    require.extensions[extension] = (module, filename) => {
      // A named pipe would block the process for good.
      if (!fs.statSync(filename).isFile()) {
        throw new Error(
          `${filename}: must be a regular file, got something else (a named pipe or a device). Replace it with the TypeScript file.`,
        );
      }
      if (plain !== undefined && filename.startsWith(plain) && !filename.startsWith(engine)) {
        try {
          module._compile(fs.readFileSync(filename, "utf8"), filename);
        } catch (err) {
          if (!(err instanceof SyntaxError)) throw err;
          const file = path.relative(plain, filename);
          throw new SyntaxError(
            `${file}: ${err.message}, got TypeScript where Pulumi.yaml's runtime.options.typescript: false has Node read JavaScript (pulumi preview fails the same way). Remove that option, or compile the program to JavaScript and point "main" at it.`,
          );
        }
        return;
      }
      const code = compile(fs.readFileSync(filename, "utf8"), filename);
      compiled.set(filename, code);
      module._compile(code, filename);
    };
  }
  return (file, line, column) => {
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
  };
}

/**
 * Makes every stack trace name the TypeScript line of each frame in a file compiled here, through
 * `mapPosition` (installCompileHook's mapper). Node's own source map support does the same but
 * reads and parses the map of every package module that names one as it loads (0.17 s of the
 * CLI's 1.5 s of CPU for a check); this maps a file's frames only when a trace is formatted.
 */
function mapStackTraces(mapPosition) {
  Error.prepareStackTrace = (error, frames) => {
    let header;
    try {
      header = Error.prototype.toString.call(error);
    } catch {
      header = "<error>";
    }
    const lines = frames.map((frame) => {
      const text = String(frame);
      const file = frame.getFileName();
      const line = frame.getLineNumber();
      const column = frame.getColumnNumber();
      if (typeof file !== "string" || line === null || column === null) return `    at ${text}`;
      const mapped = mapPosition(file, line, column);
      const at = `${file}:${line}:${column}`;
      const i = text.lastIndexOf(at);
      if (i === -1) return `    at ${text}`;
      const to = `${file}:${mapped.line}:${mapped.column}`;
      return `    at ${text.slice(0, i)}${to}${text.slice(i + at.length)}`;
    });
    return [header, ...lines].join("\n");
  };
}

module.exports = { installCompileHook, mapStackTraces };
