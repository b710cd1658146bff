import * as assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readProject, readStackConfig } from "../../../tools/engine/project";
import { isModuleProgram } from "../../../tools/engine/package-type";
import { onTrack } from "../../../tools/engine/children";
import { loaderFor, runStackProcess } from "../../../tools/engine/run-stack";
import type { RunRequest } from "../../../tools/engine/types";

const FIXTURES = path.join(__dirname, "..", "..", "fixtures");

/** Every file under `dir`, relative to it. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => fs.statSync(path.join(dir, f)).isFile())
    .sort();
}

/** The sources named by a compiled file's inline source map. */
function sourcesOf(file: string): string[] {
  const m = /sourceMappingURL=data:application\/json;base64,([A-Za-z0-9+/=]+)/.exec(
    fs.readFileSync(file, "utf8"),
  );
  if (m === null) return [];
  return (JSON.parse(Buffer.from(m[1], "base64").toString("utf8")) as { sources: string[] })
    .sources;
}

/** The run request of the fixture project's `dev-global` stack. */
function fixtureGlobalStack(): RunRequest {
  const project = readProject(path.join(FIXTURES, "project"));
  const config = readStackConfig(project, "dev-global");
  return {
    projectDir: project.dir,
    program: project.program,
    project: project.name,
    stack: "dev-global",
    config: config.config,
    secretKeys: config.secretKeys,
    providerConfig: config.providerConfig,
    stackOutputs: {},
    mocks: { invokes: {}, stacks: {} },
  };
}

describe("tools/engine/run-stack", () => {
  let cache: string;
  let previous: string | undefined;

  before(() => {
    cache = fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-run-stack-"));
    previous = process.env["TACHYON_CACHE_DIR"];
    process.env["TACHYON_CACHE_DIR"] = cache;
  });

  after(() => {
    if (previous === undefined) delete process.env["TACHYON_CACHE_DIR"];
    else process.env["TACHYON_CACHE_DIR"] = previous;
    fs.rmSync(cache, { recursive: true, force: true });
  });

  it("loads a CommonJS project's TypeScript through the compile cache, without tsx", () => {
    const loader = loaderFor(path.join(FIXTURES, "project"));
    assert.deepEqual(loader.execArgv, []);
    assert.equal(loader.env["TACHYON_PROGRAM_CACHE"], path.join(cache, "programs"));
  });

  it("loads an ES module project through tsx, which compiles what import loads", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-esm-"));
    fs.writeFileSync(path.join(dir, "package.json"), '{ "type": "module" }');
    const loader = loaderFor(dir);
    fs.rmSync(dir, { recursive: true });
    assert.equal(loader.execArgv[0], "--import");
    assert.match(loader.execArgv[1], /^file:\/\/.*\/tsx\/dist\/loader\.mjs$/);
    assert.equal(loader.env["TACHYON_PROGRAM_CACHE"], "");
  });

  it("asks the package.json nearest the program, as the language host does, not the project's", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-esm-"));
    try {
      fs.writeFileSync(path.join(dir, "package.json"), '{ "name": "infra" }');
      fs.mkdirSync(path.join(dir, "src"));
      fs.writeFileSync(path.join(dir, "src", "package.json"), '{ "type": "module" }');
      fs.writeFileSync(path.join(dir, "src", "index.ts"), "export {};");
      const program = path.join(dir, "src", "index.ts");
      assert.equal(isModuleProgram(program), true);
      assert.equal(loaderFor(dir, undefined, program).execArgv[0], "--import");
      assert.equal(isModuleProgram(dir), false);
      assert.deepEqual(loaderFor(dir).execArgv, []);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("answers once the stack's process has exited, so that none outlives the run", async function () {
    this.timeout(120_000);
    const started: ChildProcess[] = [];
    const stop = onTrack((c) => started.push(c));
    try {
      const res = await runStackProcess(fixtureGlobalStack());
      assert.equal(res.kind, "done");
    } finally {
      stop();
    }
    assert.deepEqual(
      started.map((c) => c.exitCode),
      [0],
    );
  });

  it("compiles each TypeScript file once: a second run finds every file in the cache", async function () {
    this.timeout(120_000);
    const project = readProject(path.join(FIXTURES, "project"));
    const req = fixtureGlobalStack();
    const first = await runStackProcess(req);
    const compiled = filesUnder(path.join(cache, "programs"));
    const stamps = compiled.map((f) => fs.statSync(path.join(cache, "programs", f)).mtimeMs);
    const second = await runStackProcess(req);
    assert.equal(first.kind, "done");
    assert.equal(second.kind, "done");
    const { timings: _t1, ...firstResult } = first;
    const { timings: _t2, ...secondResult } = second;
    assert.deepEqual(secondResult, firstResult);
    // The program, the model module it imports, and the engine's own modules, each mapped back.
    const sources = compiled.flatMap((f) => sourcesOf(path.join(cache, "programs", f)));
    for (const file of [
      project.program,
      path.join(__dirname, "..", "..", "..", "model", "problems.ts"),
      path.join(__dirname, "..", "..", "..", "tools", "engine", "child.ts"),
      path.join(__dirname, "..", "..", "..", "tools", "engine", "monitor.ts"),
    ])
      assert.ok(sources.includes(path.resolve(file)), `${file} in ${sources.join(", ")}`);
    assert.deepEqual(filesUnder(path.join(cache, "programs")), compiled);
    assert.deepEqual(
      compiled.map((f) => fs.statSync(path.join(cache, "programs", f)).mtimeMs),
      stamps,
    );
  });
});
