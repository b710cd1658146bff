import * as assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PolicyPack, packNodeArgs } from "../../../tools/analyzer/pack";
import { packProgram, type PackProgramSource } from "../../../tools/analyzer/pack-build";

const ROOT = path.join(__dirname, "..", "..", "..");
const PROBE = path.join(ROOT, "test", "fixtures", "policy-pack-probe");
const PRELOAD = path.join(ROOT, "tools", "analyzer", "bundle-preload.js");
const ENTRY = require.resolve("@pulumi/pulumi/cmd/run-policy-pack");

/** What the probe pack saw in its own process. */
interface Probe {
  typescript: boolean;
  tsNode: boolean;
  tsNodeRegistered: boolean;
}

/** How a pack process started by hand ended: with a port printed, or an exit before it. */
interface Started {
  port?: number;
  code?: number | null;
  stderr: string;
}

// Runs the runner as PolicyPack.start does, until the pack prints its port (then stops it) or exits.
function startByHand(
  dir: string,
  program: string,
  source: PackProgramSource,
  env: NodeJS.ProcessEnv = {},
): Promise<Started> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, packNodeArgs(ENTRY, program, source), {
      cwd: dir,
      env: { ...process.env, PULUMI_NODEJS_TYPESCRIPT: "true", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.once("data", (chunk: Buffer) => {
      child.kill();
      resolve({ port: Number(chunk.toString().trim()), stderr });
    });
    child.on("exit", (code) => resolve({ code, stderr }));
    child.on("error", reject);
  });
}

describe("tools/analyzer/bundle-preload", () => {
  let work: string;
  let previousCache: string | undefined;

  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-bundle-preload-"));
    previousCache = process.env["TACHYON_CACHE_DIR"];
    process.env["TACHYON_CACHE_DIR"] = path.join(work, "cache");
  });

  afterEach(() => {
    if (previousCache === undefined) delete process.env["TACHYON_CACHE_DIR"];
    else process.env["TACHYON_CACHE_DIR"] = previousCache;
    delete process.env["TACHYON_PROBE_FILE"];
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("starts a pack from its bundle without loading TypeScript or ts-node in its process", async function () {
    this.timeout(60_000);
    const probeFile = path.join(work, "probe.json");
    process.env["TACHYON_PROBE_FILE"] = probeFile;
    const pack = await PolicyPack.start(PROBE);
    await pack.close();
    assert.equal(pack.name, "fixture-probe");
    assert.equal(pack.programSource, "built");
    assert.deepEqual(
      pack.policies.map((p) => p.name),
      ["nothing-required"],
    );
    assert.deepEqual(JSON.parse(fs.readFileSync(probeFile, "utf8")), {
      typescript: false,
      tsNode: false,
      tsNodeRegistered: false,
    } satisfies Probe);
  });

  it("runs a pack from source with ts-node registered, as the Pulumi CLI does", async function () {
    this.timeout(60_000);
    const probeFile = path.join(work, "probe.json");
    const started = await startByHand(PROBE, ".", "source", { TACHYON_PROBE_FILE: probeFile });
    assert.ok(started.port !== undefined && started.port > 0, started.stderr);
    assert.deepEqual(JSON.parse(fs.readFileSync(probeFile, "utf8")), {
      typescript: true,
      tsNode: true,
      tsNodeRegistered: true,
    } satisfies Probe);
  });

  it("still type-checks a pack run from source; from its bundle the runner does not, so the bundle carries the errors", async function () {
    this.timeout(60_000);
    const dir = path.join(work, "packs", "typed");
    fs.cpSync(PROBE, dir, { recursive: true });
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(work, "packs", "node_modules"));
    fs.appendFileSync(path.join(dir, "index.ts"), 'export const port: number = "8080";\n');
    const fromSource = await startByHand(dir, ".", "source");
    assert.equal(fromSource.port, undefined);
    assert.notEqual(fromSource.code, 0);
    assert.match(
      fromSource.stderr,
      /TS2322: Type 'string' is not assignable to type 'number'\./,
      fromSource.stderr,
    );
    const bundle = await packProgram(dir);
    assert.equal(bundle.source, "built");
    // PolicyPack.start refuses a bundle with errors (pack.spec.ts); the runner alone would start it.
    assert.match(bundle.typeErrors ?? "", /^index\.ts:\d+:\d+: error TS2322: /);
    const fromBundle = await startByHand(dir, bundle.program, bundle.source);
    assert.ok(fromBundle.port !== undefined && fromBundle.port > 0, fromBundle.stderr);
  });

  it("answers only the runner's requires, and loads the real module for anything but the versions", () => {
    // Requires as the runner's tsutils.js makes them, then as any other module does.
    const script = `
      const Module = require("node:module");
      const tsutils = require.resolve("@pulumi/pulumi/tsutils");
      const runner = new Module(tsutils);
      runner.filename = tsutils;
      runner.paths = Module._nodeModulePaths(require("node:path").dirname(tsutils));
      const loaded = (re) => Object.keys(require.cache).some((f) => re.test(f));
      const TS = /[\\\\/]typescript[\\\\/]lib[\\\\/]typescript\\.js$/;
      const TSN = /[\\\\/]ts-node[\\\\/]dist[\\\\/]index\\.js$/;
      const ts = Module._load("typescript", runner);
      const tsn = Module._load("ts-node", runner);
      const shim = Module._load("./typescript-shim", runner);
      const out = {
        version: ts.version,
        tsNodeVersion: tsn.VERSION,
        registerReturned: String(tsn.register({ typeCheck: true })),
        json: shim.parseConfigFileTextToJson("tsconfig.json", '{"compilerOptions":{"strict":true}}'),
        loadedAfterVersions: loaded(TS) || loaded(TSN),
      };
      out.commented = shim.parseConfigFileTextToJson("tsconfig.json", '{ // a comment\\n "compilerOptions": {} }');
      out.transpile = typeof ts.transpileModule;
      out.create = typeof tsn.create;
      out.loadedAfterUse = loaded(TS) && loaded(TSN);
      process.stdout.write(JSON.stringify(out));
    `;
    const out = JSON.parse(
      execFileSync(process.execPath, ["--require", PRELOAD, "-e", script], {
        cwd: ROOT,
        encoding: "utf8",
      }),
    ) as Record<string, unknown>;
    const version = (name: string): string =>
      (
        JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`), "utf8")) as {
          version: string;
        }
      ).version;
    assert.deepEqual(out, {
      version: version("typescript"),
      tsNodeVersion: version("ts-node"),
      registerReturned: "undefined",
      json: { config: { compilerOptions: { strict: true } } },
      loadedAfterVersions: false,
      commented: { config: { compilerOptions: {} } },
      transpile: "function",
      create: "function",
      loadedAfterUse: true,
    });
  });

  it("leaves a require of TypeScript from any other module alone", () => {
    const loaded = execFileSync(
      process.execPath,
      [
        "--require",
        PRELOAD,
        "-e",
        'const ts = require("typescript"); process.stdout.write(String(Object.keys(require.cache).some((f) => f.endsWith("typescript.js")) && typeof ts.transpileModule));',
      ],
      { cwd: ROOT, encoding: "utf8" },
    );
    assert.equal(loaded, "function");
  });

  it("lets the runner's require fail as before where the package is missing", () => {
    const lonely = path.join(work, "@pulumi", "pulumi");
    fs.mkdirSync(lonely, { recursive: true });
    const script = `
      const Module = require("node:module");
      const file = ${JSON.stringify(path.join(lonely, "tsutils.js"))};
      const runner = new Module(file);
      runner.filename = file;
      runner.paths = Module._nodeModulePaths(${JSON.stringify(lonely)});
      try { Module._load("ts-node", runner); process.stdout.write("loaded"); }
      catch (err) { process.stdout.write(err.code); }
    `;
    const out = execFileSync(process.execPath, ["--require", PRELOAD, "-e", script], {
      cwd: work,
      encoding: "utf8",
      env: { ...process.env, NODE_PATH: "" },
    });
    assert.equal(out, "MODULE_NOT_FOUND");
  });
});
