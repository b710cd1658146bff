import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  currentSignature,
  signatureOf,
  watchInputs,
  type RunInputs,
} from "../../../tools/engine/run-inputs";

// The objects a program's `require` returns, which the watch wraps.
/* eslint-disable @typescript-eslint/no-require-imports */
const realFs = require("node:fs") as typeof import("node:fs");
const realChildProcess = require("node:child_process") as typeof import("node:child_process");
/* eslint-enable @typescript-eslint/no-require-imports */

describe("tools/engine/run-inputs", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-run-inputs-")));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function files(inputs: RunInputs): Map<string, string> {
    assert.equal(inputs.repeatable, true, JSON.stringify(inputs));
    return new Map(inputs.repeatable ? inputs.files : []);
  }

  it("records what the program read, listed and looked for, each as it was", async () => {
    fs.writeFileSync(path.join(dir, "a.json"), "{}");
    fs.writeFileSync(path.join(dir, "b.txt"), "b");
    fs.mkdirSync(path.join(dir, "folder"));
    fs.writeFileSync(path.join(dir, "folder", "x"), "");
    const cache = path.join(dir, "cache");
    fs.mkdirSync(cache);
    fs.writeFileSync(path.join(cache, "c"), "");
    const watch = watchInputs([cache], []);
    realFs.readFileSync(path.join(dir, "a.json"));
    await realFs.promises.readFile(path.join(dir, "b.txt"));
    realFs.existsSync(path.join(dir, "gone"));
    realFs.readdirSync(path.join(dir, "folder"));
    realFs.readFileSync(path.join(cache, "c"));
    const got = files(watch.inputs());
    assert.equal(got.get(path.join(dir, "a.json")), signatureOf(path.join(dir, "a.json")));
    assert.match(got.get(path.join(dir, "b.txt")) ?? "", /^1:\d+:\d+:\d+$/);
    assert.equal(got.get(path.join(dir, "gone")), "missing");
    assert.equal(got.get(`${path.join(dir, "folder")}${path.sep}`), "dir:x");
    assert.equal(got.has(path.join(cache, "c")), false);
    // Modules count as read, each with the folder it is in.
    assert.equal(got.has(__filename), true);
    assert.equal(got.get(`${__dirname}${path.sep}`), currentSignature(`${__dirname}${path.sep}`));
  });

  it("gives fs and child_process back as they were once stopped", () => {
    const before = [realFs.readFileSync, realFs.promises.readFile, realChildProcess.spawn];
    const watch = watchInputs([], []);
    assert.notEqual(realFs.readFileSync, before[0]);
    watch.stop();
    assert.deepEqual(
      [realFs.readFileSync, realFs.promises.readFile, realChildProcess.spawn],
      before,
    );
    realFs.readFileSync(__filename);
    assert.equal(files(watch.inputs()).has(__filename), true);
  });

  it("calls a run that started a process unrepeatable", () => {
    const watch = watchInputs([], []);
    realChildProcess.spawnSync(process.execPath, ["-e", ""]);
    assert.deepEqual(watch.inputs(), { repeatable: false, why: "the program started node" });
  });

  it("calls a run that started a worker thread unrepeatable", async () => {
    const watch = watchInputs([], []);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Worker } = require("node:worker_threads") as typeof import("node:worker_threads");
    const worker = new Worker("", { eval: true });
    await new Promise((resolve) => worker.once("exit", resolve));
    assert.deepEqual(watch.inputs(), {
      repeatable: false,
      why: "the program started a worker thread",
    });
  });

  it("does not count the process the engine starts to compile a file of the program", () => {
    const watch = watchInputs([], []);
    const key = Symbol.for("tachyon.engineWork");
    const work = ((globalThis as Record<symbol, { depth: number }>)[key] ??= { depth: 0 });
    work.depth += 1;
    try {
      realChildProcess.spawnSync(process.execPath, ["-e", ""]);
    } finally {
      work.depth -= 1;
    }
    assert.equal(watch.inputs().repeatable, true);
  });

  it("tells a file rewritten with its old size and times from the one that was read", () => {
    const file = path.join(dir, "config.json");
    fs.writeFileSync(file, "{a}");
    fs.utimesSync(file, 1_700_000_000, 1_700_000_000);
    const signed = signatureOf(file);
    fs.writeFileSync(file, "{b}");
    fs.utimesSync(file, 1_700_000_000, 1_700_000_000);
    const [size, mtime] = signed.split(":");
    assert.deepEqual(signatureOf(file).split(":").slice(0, 2), [size, mtime]);
    assert.notEqual(signatureOf(file), signed);
  });

  it("tells a folder by its names, and a missing path as missing", () => {
    fs.writeFileSync(path.join(dir, "one"), "");
    const listed = currentSignature(`${dir}${path.sep}`);
    assert.equal(listed, "dir:one");
    fs.writeFileSync(path.join(dir, "two"), "");
    assert.equal(currentSignature(`${dir}${path.sep}`), "dir:one/two");
    assert.equal(currentSignature(path.join(dir, "three")), "missing");
  });
});
