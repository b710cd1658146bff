import * as assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PolicyPack, PolicyPackError, packNodeArgs } from "../../../tools/analyzer/pack";
import { onTrack } from "../../../tools/engine/children";
import { alive } from "../../support/processes";

const ROOT = path.join(__dirname, "..", "..", "..");
const FIXTURES = path.join(ROOT, "test", "fixtures");

/** Starts a pack, recording the processes it starts; resolves to its error and those processes. */
async function failedStart(
  dir: string,
  timeoutMs?: number,
): Promise<{ error: Error; children: ChildProcess[]; ms: number }> {
  const children: ChildProcess[] = [];
  const stop = onTrack((c) => children.push(c));
  const started = Date.now();
  try {
    await PolicyPack.start(dir, timeoutMs);
  } catch (err) {
    return { error: err as Error, children, ms: Date.now() - started };
  } finally {
    stop();
  }
  assert.fail(`${dir} started`);
}

describe("tools/analyzer/pack", () => {
  it("refuses to start a bundled pack with a type error, naming each error, as Pulumi's runner would", async function () {
    this.timeout(60_000);
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-pack-types-"));
    const cache = process.env["TACHYON_CACHE_DIR"];
    process.env["TACHYON_CACHE_DIR"] = path.join(work, "cache");
    try {
      const dir = path.join(work, "packs", "policy-pack");
      fs.cpSync(path.join(FIXTURES, "policy-pack"), dir, { recursive: true });
      fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(work, "packs", "node_modules"));
      fs.appendFileSync(path.join(dir, "index.ts"), "export const limit: string = 30;\n");
      const { error, children } = await failedStart(dir);
      assert.ok(error instanceof PolicyPackError);
      assert.equal(
        error.message,
        `${dir}: policy pack does not type-check, got:\n` +
          "index.ts:96:14: error TS2322: Type 'number' is not assignable to type 'string'.\n" +
          "Pulumi's policy runner type-checks a TypeScript pack with ts-node and stops on these, so pulumi preview --policy-pack fails the same way. Fix them.",
      );
      assert.equal(children.length, 0);
    } finally {
      if (cache === undefined) delete process.env["TACHYON_CACHE_DIR"];
      else process.env["TACHYON_CACHE_DIR"] = cache;
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  it("stops a pack that prints a port and then fails GetAnalyzerInfo", async function () {
    this.timeout(60_000);
    const dir = path.join(FIXTURES, "policy-pack-mute");
    const { error, children } = await failedStart(dir);
    assert.ok(error instanceof PolicyPackError);
    assert.ok(
      error.message.startsWith(`Policy pack "policy-pack-mute" (${dir}) failed GetAnalyzerInfo: `),
      error.message,
    );
    assert.equal(children.length, 1);
    assert.equal(children[0].signalCode, "SIGTERM");
    assert.equal(alive(children[0].pid), false);
  });

  it("kills a pack that prints no port within the start timeout, even one ignoring SIGTERM", async function () {
    this.timeout(60_000);
    // Long enough for the pack to load and install its SIGTERM handler on a busy machine.
    const { error, children, ms } = await failedStart(
      path.join(FIXTURES, "policy-pack-hang"),
      8_000,
    );
    assert.equal(
      error.message,
      'Policy pack "policy-pack-hang" did not print its port within 8 s.',
    );
    assert.equal(children.length, 1);
    assert.equal(children[0].signalCode, "SIGKILL");
    assert.equal(alive(children[0].pid), false);
    assert.ok(ms < 8_000 + 2_000 + 1_000, `took ${ms} ms`);
  });

  it("stops reading and stops a pack that floods stdout where its port belongs", async function () {
    this.timeout(60_000);
    const { error, children } = await failedStart(path.join(FIXTURES, "policy-pack-chatty"));
    assert.equal(
      error.message,
      `Policy pack "policy-pack-chatty" printed "${"x".repeat(64)}…" where its gRPC port belongs.`,
    );
    assert.equal(children.length, 1);
    assert.equal(alive(children[0].pid), false);
  });

  it("starts a JavaScript pack from its folder with the code cache and lazy-sdk.js preloaded", () => {
    assert.deepEqual(packNodeArgs("/runner/index.js", ".", "source"), [
      "--require",
      path.join(__dirname, "..", "..", "..", "tools", "engine", "code-cache-preload.js"),
      "--require",
      path.join(__dirname, "..", "..", "..", "tools", "engine", "lazy-sdk.js"),
      "/runner/index.js",
      "127.0.0.1:0",
      ".",
    ]);
  });

  it("starts a pack from its bundle with the code cache, lazy-sdk.js and bundle-preload.js preloaded", async function () {
    this.timeout(90_000);
    const children: ChildProcess[] = [];
    const stop = onTrack((c) => children.push(c));
    let pack: PolicyPack | undefined;
    try {
      pack = await PolicyPack.start(path.join(__dirname, "..", "..", "..", "policies", "latency"));
    } finally {
      stop();
      await pack?.close();
    }
    assert.equal(pack.name, "tachyon-latency");
    assert.equal(children.length, 1);
    assert.notEqual(pack.programSource, "source");
    assert.deepEqual(children[0].spawnargs.slice(1, 7), [
      "--require",
      path.join(__dirname, "..", "..", "..", "tools", "engine", "code-cache-preload.js"),
      "--require",
      path.join(__dirname, "..", "..", "..", "tools", "engine", "lazy-sdk.js"),
      "--require",
      path.join(__dirname, "..", "..", "..", "tools", "analyzer", "bundle-preload.js"),
    ]);
  });
});
