/**
 * Compiled policy packs. Pulumi's policy runner registers ts-node with type checking, so a
 * TypeScript pack costs a few seconds of CPU every time it starts, most of it the type check
 * (`tsc` in CI does that job). The check needs the pack's behaviour, not its types: a pack
 * whose main module is TypeScript is bundled once with esbuild (its own files only; packages
 * stay `require`s of the copies the pack resolves) into the cache, keyed by the content of
 * every file it read, and the runner is given that bundle as its program. The pack folder is
 * not touched, so `pulumi preview --policy-pack <folder>` runs it as before.
 */
import * as fs from "node:fs";
import { builtinModules, createRequire } from "node:module";
import * as path from "node:path";
import { build, version as esbuildVersion, type Plugin } from "esbuild";
import { cachedBuild, hashFiles, hashOf, storeBuild } from "../engine/cache";
import { InputFileError, notRegular, readInputText } from "../engine/input-file";
import { typeCheck } from "../engine/type-check";

/** How a pack's program was found: bundled now, taken from the cache, or run from source. */
export type PackProgramSource = "built" | "cached" | "source";

/** The program to hand Pulumi's policy runner for a pack, and where it came from. */
export interface PackProgram {
  /** `.` (the folder, as the Pulumi CLI passes it) or the absolute path of the bundle. */
  readonly program: string;
  readonly source: PackProgramSource;
  /**
   * The type errors ts-node would stop the pack on (type-check.ts), for a bundle; a pack run
   * from source is type-checked by ts-node itself.
   */
  readonly typeErrors?: string;
}

/**
 * The program to start the pack in `folder` with. A TypeScript main is bundled (or found in
 * the cache); anything else, or a pack esbuild cannot bundle, runs from source as the Pulumi CLI
 * runs it, so that its errors read the same.
 */
export async function packProgram(folder: string): Promise<PackProgram> {
  const main = typeScriptMain(folder);
  if (main === undefined) return { program: ".", source: "source" };
  const tsconfig = readOptional(path.join(folder, "tsconfig.json"));
  const key = hashOf(folder, main, tsconfig ?? "", esbuildVersion, process.version).slice(0, 24);
  const cached = cachedBuild("packs", key);
  const refused: string[] = [];
  if (cached !== undefined) return typeChecked(folder, cached.output, "cached", cached.inputs);
  try {
    const result = await build({
      entryPoints: [main],
      absWorkingDir: folder,
      bundle: true,
      platform: "node",
      format: "cjs",
      target: `node${process.versions.node.split(".")[0]}`,
      // ts-node reads the pack's own tsconfig.json and no other (Pulumi's runner sets skipProject).
      tsconfigRaw: tsconfig ?? "{}",
      sourcemap: "linked",
      outfile: path.join(folder, "index.js"),
      write: false,
      metafile: true,
      logLevel: "silent",
      plugins: [regularFilesOnly(refused), packagesFromPack()],
    });
    const inputs = hashFiles(
      Object.keys(result.metafile.inputs).map((f) => path.resolve(folder, f)),
    );
    if (inputs === undefined) return { program: ".", source: "source" };
    if (tsconfig !== undefined)
      Object.assign(inputs, hashFiles([path.join(folder, "tsconfig.json")]));
    const files = result.outputFiles
      .map((f) => ({
        name: path.basename(f.path),
        contents: f.path.endsWith(".map") ? absoluteSources(f.text, folder) : f.contents,
      }))
      .sort((a, b) => Number(a.name.endsWith(".map")) - Number(b.name.endsWith(".map")));
    const program = storeBuild("packs", key, inputs, files);
    return typeChecked(folder, program, "built", Object.keys(inputs));
  } catch (err) {
    if (refused.length > 0) throw new InputFileError(refused[0]);
    if (err instanceof InputFileError) throw err;
    // A syntax error or an import nothing provides: the runner reports it as it always has.
    return { program: ".", source: "source" };
  }
}

/**
 * A bundle with the verdict of the type check Pulumi's policy runner makes: it registers ts-node
 * with `typeCheck: true` whatever the environment says (sdk/nodejs/cmd/run-policy-pack/run.ts),
 * with the pack's own tsconfig.json if it has one, over each TypeScript file the pack loads
 * (the bundle's inputs, its entry first).
 */
function typeChecked(
  folder: string,
  program: string,
  source: PackProgramSource,
  inputs: readonly string[],
): PackProgram {
  const { failure } = typeCheck({
    projectDir: folder,
    tsconfig: path.join(folder, "tsconfig.json"),
    sdkEntry: sdkEntryOf(folder),
    files: inputs,
    esm: false,
    transpileOnlyEnv: false,
  });
  return failure === undefined ? { program, source } : { program, source, typeErrors: failure };
}

/** The `@pulumi/pulumi` the pack resolves, else Tachyon's own. */
function sdkEntryOf(folder: string): string {
  try {
    return createRequire(path.join(folder, "package.json")).resolve("@pulumi/pulumi");
  } catch {
    return require.resolve("@pulumi/pulumi");
  }
}

/** The pack's main module, as Node resolves the folder, if it is a TypeScript file. */
function typeScriptMain(folder: string): string | undefined {
  let main = "index";
  const pkg = readOptional(path.join(folder, "package.json"));
  if (pkg !== undefined) {
    try {
      const declared = (JSON.parse(pkg) as { main?: unknown }).main;
      if (typeof declared === "string" && declared !== "") main = declared;
    } catch {
      return undefined;
    }
  }
  // Node's order for a folder's main, with ts-node's ".ts" registered after the built-in ones.
  const extensions = ["", ".js", ".json", ".node", ".ts"];
  const candidates = [
    ...extensions.map((e) => `${main}${e}`),
    ...extensions.slice(1).map((e) => path.join(main, `index${e}`)),
  ];
  const found = candidates.map((c) => path.resolve(folder, c)).find(isFile);
  return found !== undefined && found.endsWith(".ts") && !found.endsWith(".d.ts")
    ? found
    : undefined;
}

// esbuild reads each file of the pack itself, and a named pipe among them would block the build
// (and the check) for good: such a file is refused before esbuild opens it.
function regularFilesOnly(refused: string[]): Plugin {
  return {
    name: "regular-files-only",
    setup(b) {
      b.onLoad({ filter: /.*/ }, (args) => {
        const stat = fs.statSync(args.path, { throwIfNoEntry: false });
        if (stat === undefined || stat.isFile()) return undefined;
        refused.push(notRegular(args.path, stat));
        return { errors: [{ text: refused[refused.length - 1] }] };
      });
    },
  };
}

// Every package import stays a require, of the absolute file the importing module resolves:
// the bundle lives in the cache, where a bare name would resolve nothing.
function packagesFromPack(): Plugin {
  const builtins = new Set(builtinModules);
  return {
    name: "packages-from-pack",
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (path.isAbsolute(args.path)) return undefined;
        if (args.path.startsWith("node:") || builtins.has(args.path))
          return { path: args.path, external: true };
        const resolved = createRequire(path.join(args.resolveDir, "noop.js")).resolve(args.path);
        return { path: resolved, external: true };
      });
    },
  };
}

// The map is stored in the cache: its sources must name the pack's files where they are, so
// that a policy's stack trace points at its own line.
function absoluteSources(map: string, folder: string): string {
  const parsed = JSON.parse(map) as { sources: string[] };
  parsed.sources = parsed.sources.map((s) => path.resolve(folder, s));
  return JSON.stringify(parsed);
}

/**
 * The text of a file of the pack, `undefined` if there is none; throws for one that is not a
 * regular text file (a named pipe would block the check for good), naming it and the fix.
 */
function readOptional(file: string): string | undefined {
  if (!fs.existsSync(file)) return undefined;
  return readInputText(file);
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
