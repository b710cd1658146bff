import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..", "..");
const BIN = path.join(ROOT, "bin", "tachyon.js");
const ARGS = ["latency", "--sites", "aws:us-east-1,venue:NYSE", "--format", "json"];

/** What one start of the CLI printed, and what its process had loaded when it exited. */
interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Whether esbuild (the compiler) was loaded: false when every file came from the cache. */
  esbuild: boolean;
  /** How many TypeScript files of Tachyon the process loaded. */
  typeScriptFiles: number;
  /** Whether the Pulumi SDK, the TypeScript compiler and npm's Arborist were loaded. */
  sdk: { pulumi: boolean; typescript: boolean; arborist: boolean };
}

describe("bin/tachyon.js", function () {
  this.timeout(60_000);
  let work: string;

  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-bin-"));
  });

  afterEach(() => {
    fs.rmSync(work, { recursive: true, force: true });
  });

  // Runs the CLI from `work` (not the checkout) with a preload that notes, at exit, what it loaded.
  function start(env: NodeJS.ProcessEnv, preloads: string[] = [], args = ARGS): Run {
    const loaded = path.join(work, "loaded.json");
    const probe = path.join(work, "probe.js");
    fs.writeFileSync(
      probe,
      `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(loaded)}, JSON.stringify({
        esbuild: Object.keys(require.cache).some((f) => /[\\\\/]esbuild[\\\\/]lib[\\\\/]main\\.js$/.test(f)),
        typeScriptFiles: Object.keys(require.cache).filter((f) => f.startsWith(${JSON.stringify(ROOT + path.sep)}) && f.endsWith(".ts")).length,
        sdk: {
          pulumi: Object.keys(require.cache).some((f) => /[\\\\/]@pulumi[\\\\/]pulumi[\\\\/]index\\.js$/.test(f)),
          typescript: Object.keys(require.cache).some((f) => /[\\\\/]typescript[\\\\/]lib[\\\\/]typescript\\.js$/.test(f)),
          arborist: Object.keys(require.cache).some((f) => /[\\\\/]@npmcli[\\\\/]arborist[\\\\/]lib[\\\\/]index\\.js$/.test(f)),
        },
      })));`,
    );
    const r = spawnSync(
      process.execPath,
      [...[probe, ...preloads].flatMap((p) => ["--require", p]), BIN, ...args],
      { cwd: work, encoding: "utf8", env: { ...process.env, ...env } },
    );
    return {
      status: r.status,
      stdout: r.stdout,
      stderr: r.stderr,
      ...(JSON.parse(fs.readFileSync(loaded, "utf8")) as Pick<
        Run,
        "esbuild" | "typeScriptFiles" | "sdk"
      >),
    };
  }

  /** Every file under `dir` with its modification time. */
  function listing(dir: string): string[] {
    return (fs.readdirSync(dir, { recursive: true }) as string[])
      .filter((f) => fs.statSync(path.join(dir, f)).isFile())
      .map((f) => `${f} ${fs.statSync(path.join(dir, f)).mtimeMs}`)
      .sort();
  }

  it("compiles its TypeScript into an empty cache on the first start and only reads it on the second", () => {
    const cache = path.join(work, "cache");
    const first = start({ TACHYON_CACHE_DIR: cache });
    assert.equal(first.status, 0, first.stderr);
    assert.equal(first.stderr, "");
    assert.equal(first.esbuild, true);
    const compiled = listing(path.join(cache, "programs"));
    assert.equal(compiled.length, first.typeScriptFiles);
    assert.ok(first.typeScriptFiles > 10, `${first.typeScriptFiles} files`);

    const second = start({ TACHYON_CACHE_DIR: cache });
    assert.equal(second.status, 0, second.stderr);
    assert.equal(second.esbuild, false);
    assert.equal(second.typeScriptFiles, first.typeScriptFiles);
    assert.deepEqual(listing(path.join(cache, "programs")), compiled);
    assert.equal(second.stdout, first.stdout);
    assert.deepEqual(
      (JSON.parse(second.stdout) as { pairs: { from: string; to: string }[] }).pairs.map((p) => [
        p.from,
        p.to,
      ]),
      [["aws:us-east-1", "venue:NYSE"]],
    );
  });

  it("names the TypeScript file, line and column of a frame in a crash's stack trace", () => {
    // Makes the report's JSON.stringify throw, inside tools/commands/latency.ts.
    const crash = path.join(work, "crash.js");
    fs.writeFileSync(
      crash,
      `const stringify = JSON.stringify;
      JSON.stringify = function (value, ...rest) {
        if (value && value.unit === "ms") throw new Error("report cannot be written");
        return stringify.call(this, value, ...rest);
      };`,
    );
    const r = start({ TACHYON_CACHE_DIR: path.join(work, "cache") }, [crash]);
    const source = path.join(ROOT, "tools", "commands", "latency.ts");
    const lines = fs.readFileSync(source, "utf8").split("\n");
    const line = lines.findIndex((l) => l.includes("JSON.stringify(report(places)"));
    const column = lines[line].indexOf("stringify(report") + 1;
    assert.equal(r.status, 2);
    assert.ok(r.stderr.startsWith("tachyon: Error: report cannot be written\n"), r.stderr);
    assert.ok(r.stderr.includes(`    at run (${source}:${line + 1}:${column})\n`), r.stderr);
  });

  it("defers the SDK's function serializer: a check loads the SDK without TypeScript or Arborist", () => {
    const r = start(
      { TACHYON_CACHE_DIR: path.join(work, "cache") },
      [],
      [
        "check",
        "--project",
        path.join(ROOT, "test", "fixtures", "project"),
        "--stack",
        "dev-app",
        "--policy-pack",
        path.join(ROOT, "test", "fixtures", "policy-pack-chatty"),
      ],
    );
    // The pack fails at once, after the CLI has loaded the SDK for the analysis.
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /Policy pack "policy-pack-chatty" printed/);
    assert.deepEqual(r.sdk, { pulumi: true, typescript: false, arborist: false });
  });

  it("runs with a cache folder it must refuse, caching in a private folder of the run", () => {
    const file = path.join(work, "not-a-folder");
    fs.writeFileSync(file, "");
    const r = start({ TACHYON_CACHE_DIR: file });
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stderr,
      new RegExp(
        `^tachyon: cache folder ${file} cannot be created \\(EEXIST\\), so tachyon does not run code from it; this run caches in ${os.tmpdir()}/tachyon-run-\\w+\\. Remove that folder, or set TACHYON_CACHE_DIR to a folder only you can write\\.\\n$`,
      ),
    );
    assert.equal(r.esbuild, true);
    assert.deepEqual(
      (JSON.parse(r.stdout) as { pairs: { from: string }[] }).pairs.map((p) => p.from),
      ["aws:us-east-1"],
    );
  });

  it("runs with no usable folder at all, compiling in memory", () => {
    const file = path.join(work, "not-a-folder");
    fs.writeFileSync(file, "");
    const r = start({ TACHYON_CACHE_DIR: file, TMPDIR: path.join(file, "tmp") });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, "");
    assert.deepEqual(
      (JSON.parse(r.stdout) as { pairs: { from: string }[] }).pairs.map((p) => p.from),
      ["aws:us-east-1"],
    );
    assert.deepEqual(fs.readdirSync(work).sort(), ["loaded.json", "not-a-folder", "probe.js"]);
  });
});
