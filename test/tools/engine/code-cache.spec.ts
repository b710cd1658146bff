import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const PRELOAD = path.join(__dirname, "..", "..", "..", "tools", "engine", "code-cache-preload.js");

// A small program: its entry, a module it requires, one loaded after the process changes V8's
// flags as @pulumi/pulumi does, and one that imports an ES module.
const FILES: Record<string, string> = {
  "main.js": [
    `const where = new Error("here").stack.split("\\n")[1].trim();`,
    `const dep = require("./dep.js");`,
    `require("v8").setFlagsFromString("--allow-natives-syntax");`,
    `const late = require("./late.js");`,
    `require("./dynamic.js")().then((esm) => {`,
    `  process.stdout.write(JSON.stringify({ where, dep, late, esm: esm.value,`,
    `    isMain: require.main === module, resolved: require.resolve("./dep.js"),`,
    `    paths: Array.isArray(require.resolve.paths("x")) }));`,
    `});`,
  ].join("\n"),
  "dep.js": `"use strict";\nmodule.exports = { file: __filename, dir: __dirname, strict: this === undefined };`,
  "late.js": `module.exports = [1, 2, 3].map((n) => n * 2);`,
  "dynamic.js": `module.exports = () => import (\n  "./esm.mjs");`,
  "esm.mjs": `export const value = "from an ES module";`,
};

describe("tools/engine/code-cache", function () {
  this.timeout(60_000);
  let dir: string;
  let cache: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-code-cache-"));
    cache = path.join(dir, "cache");
    for (const [name, text] of Object.entries(FILES)) fs.writeFileSync(path.join(dir, name), text);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function run(env: NodeJS.ProcessEnv = { TACHYON_CODE_CACHE: cache }): Record<string, unknown> {
    const out = execFileSync(process.execPath, ["--require", PRELOAD, "main.js"], {
      cwd: dir,
      env: { ...process.env, ...env },
      encoding: "utf8",
    });
    return JSON.parse(out) as Record<string, unknown>;
  }

  /** Each cache entry with its contents. */
  function entries(): Map<string, string> {
    return new Map(
      fs.readdirSync(cache).map((f) => [f, fs.readFileSync(path.join(cache, f)).toString("hex")]),
    );
  }

  it("gives modules what Node's own loader gives them", () => {
    const expected = run({ TACHYON_CODE_CACHE: "" });
    assert.deepEqual(run(), expected);
    assert.deepEqual(run(), expected);
    assert.deepEqual(expected, {
      where: `at Object.<anonymous> (${path.join(dir, "main.js")}:1:15)`,
      dep: { file: path.join(dir, "dep.js"), dir, strict: false },
      late: [2, 4, 6],
      esm: "from an ES module",
      isMain: true,
      resolved: path.join(dir, "dep.js"),
      paths: true,
    });
  });

  it("keeps one entry per CommonJS file, and a second process takes them as they are", () => {
    run();
    const first = entries();
    // main.js, dep.js and late.js; dynamic.js, which calls import(), and the ES module load
    // through Node's own steps.
    assert.equal(first.size, 3);
    run();
    // Nothing rejected, so nothing rewritten: the same entries with the same bytes. An entry
    // stamped with flags other than its key's (late.js's flag set after main.js compiled) would
    // be rejected and written again on every run.
    assert.deepEqual(entries(), first);
  });

  it("compiles a file again when its source changes", () => {
    run();
    fs.writeFileSync(path.join(dir, "late.js"), `module.exports = [5].map((n) => n * 2);`);
    assert.deepEqual(run()["late"], [10]);
    assert.equal(entries().size, 4);
  });

  it("replaces an entry V8 rejects and runs the file from its source", () => {
    run();
    for (const f of fs.readdirSync(cache)) fs.writeFileSync(path.join(cache, f), "not code");
    assert.deepEqual(run()["late"], [2, 4, 6]);
    for (const bytes of entries().values()) {
      assert.notEqual(bytes, Buffer.from("not code").toString("hex"));
    }
  });

  it("leaves Node's loader alone without a cache folder", () => {
    assert.deepEqual(run({ TACHYON_CODE_CACHE: "" })["late"], [2, 4, 6]);
    assert.equal(fs.existsSync(cache), false);
  });
});
