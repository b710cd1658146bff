import * as assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..", "..", "..");
const BIN = path.join(ROOT, "bin", "tachyon.js");
const MODULE = path.join(ROOT, "tools", "engine", "esbuild-processes.js");
const FIXTURES = path.join(ROOT, "test", "fixtures");

/** Every process of the group, zombies included, as `ps` lists them (pid, state, command). */
function group(pgid: number): string[] {
  return execFileSync("ps", ["-e", "-o", "pid=,pgid=,stat=,args="])
    .toString()
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .filter((f) => f[1] === String(pgid))
    .map((f) => [f[0], ...f.slice(2)].join(" "));
}

/**
 * Runs node with `args` as the leader of a new process group and resolves, the moment it has
 * exited, to its exit code, its stderr and whatever processes of its group remain.
 */
function runAlone(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stderr: string; left: string[] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      detached: true,
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, ...env },
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, stderr, left: group(child.pid as number) }));
  });
}

describe("tools/engine/esbuild-processes", function () {
  this.timeout(120_000);
  let work: string;

  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-esbuild-"));
  });

  afterEach(() => {
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("leaves no esbuild process after a process that used both of esbuild's APIs exits", async () => {
    const script = path.join(work, "both-apis.js");
    fs.writeFileSync(
      script,
      `const { syncWithoutWorker, watchChildren, stopEsbuild } = require(${JSON.stringify(MODULE)});
      syncWithoutWorker();
      watchChildren();
      const esbuild = require(${JSON.stringify(require.resolve("esbuild"))});
      esbuild.transformSync("const a: number = 1;", { loader: "ts" });
      esbuild.buildSync({ stdin: { contents: "export const b = 2;" }, write: false });
      esbuild
        .build({ stdin: { contents: "export const c = 3;" }, write: false, plugins: [{ name: "p", setup() {} }] })
        .then(() => stopEsbuild());`,
    );
    const run = await runAlone([script]);
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(run.left, []);
  });

  it("leaves no process in its group when a check that compiles, bundles a pack and runs a program exits", async () => {
    const cache = path.join(work, "cache");
    const run = await runAlone(
      [
        BIN,
        "check",
        "--project",
        path.join(FIXTURES, "sibling-json"),
        "--policy-pack",
        path.join(FIXTURES, "policy-pack"),
        "--format",
        "json",
      ],
      // An empty cache: the CLI and the program compile their files, and the pack is bundled.
      { TACHYON_CACHE_DIR: cache },
    );
    assert.equal(run.code, 0, run.stderr);
    assert.notDeepEqual(fs.readdirSync(path.join(cache, "packs")), []);
    assert.notDeepEqual(fs.readdirSync(path.join(cache, "programs")), []);
    assert.deepEqual(run.left, []);
  });
});
