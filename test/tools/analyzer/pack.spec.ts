import * as assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import * as path from "node:path";
import { PolicyPack, PolicyPackError, packNodeArgs } from "../../../tools/analyzer/pack";
import { onTrack } from "../../../tools/engine/children";
import { alive } from "../../support/processes";

const FIXTURES = path.join(__dirname, "..", "..", "fixtures");

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

  it("starts a JavaScript pack from its folder with lazy-sdk.js alone preloaded", () => {
    assert.deepEqual(packNodeArgs("/runner/index.js", ".", "source"), [
      "--require",
      path.join(__dirname, "..", "..", "..", "tools", "engine", "lazy-sdk.js"),
      "/runner/index.js",
      "127.0.0.1:0",
      ".",
    ]);
  });

  it("starts a pack from its bundle with lazy-sdk.js and bundle-preload.js preloaded", async function () {
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
    assert.deepEqual(children[0].spawnargs.slice(1, 5), [
      "--require",
      path.join(__dirname, "..", "..", "..", "tools", "engine", "lazy-sdk.js"),
      "--require",
      path.join(__dirname, "..", "..", "..", "tools", "analyzer", "bundle-preload.js"),
    ]);
  });
});
