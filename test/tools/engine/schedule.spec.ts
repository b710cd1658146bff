import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readProject } from "../../../tools/engine/project";
import { runStacks, selectStacks, type Runner } from "../../../tools/engine/schedule";
import { signatureOf } from "../../../tools/engine/run-inputs";
import type { RunRequest, RunResponse } from "../../../tools/engine/types";

const PROJECT = readProject(path.join(__dirname, "..", "..", "fixtures", "project"));

/** A runner standing in for the child process: each stack reads the stacks listed for it. */
function fakeRunner(reads: Record<string, string[]>, log: string[]): Runner {
  return (req: RunRequest): Promise<RunResponse> => {
    log.push(req.stack);
    for (const needed of reads[req.stack] ?? []) {
      if (req.stackOutputs[needed] === undefined)
        return Promise.resolve({
          kind: "needs",
          stack: needed,
          reference: `organization/fixture/${needed}`,
        });
    }
    return Promise.resolve({
      kind: "done",
      resources: [],
      outputs: { outputs: { from: req.stack }, secretOutputNames: [] },
      warnings: [],
    });
  };
}

describe("tools/engine/schedule", () => {
  it("runs a stack again after the stack its program read, handing it that stack's outputs", async () => {
    const log: string[] = [];
    // dev-probe has no config value naming dev-bad, so only the program's read reveals the order.
    const runs = await runStacks(PROJECT, ["dev-probe", "dev-bad"], {
      runner: fakeRunner({ "dev-probe": ["dev-bad"] }, log),
      parallelism: 1,
    });
    assert.deepEqual(log, ["dev-probe", "dev-bad", "dev-probe"]);
    assert.deepEqual(
      runs.map((r) => [r.name, r.failure, r.references]),
      [
        ["dev-probe", undefined, ["dev-bad"]],
        ["dev-bad", undefined, []],
      ],
    );
  });

  it("orders a stack after another one its config names, so its program runs once", async () => {
    const log: string[] = [];
    await runStacks(PROJECT, ["dev-app", "dev-global"], {
      runner: fakeRunner({ "dev-app": ["dev-global"] }, log),
      parallelism: 2,
    });
    assert.deepEqual(log, ["dev-global", "dev-app"]);
  });

  it("breaks a cycle of guessed references instead of waiting on it", async () => {
    const project = {
      ...PROJECT,
      stacksDir: path.join(__dirname, "..", "..", "fixtures", "schedule-stacks"),
    };
    const log: string[] = [];
    // alpha and beta name each other in config but read nothing; gamma reads alpha.
    const runs = await runStacks(project, ["gamma", "alpha", "beta"], {
      runner: fakeRunner({ gamma: ["alpha"] }, log),
      parallelism: 1,
    });
    assert.deepEqual(log, ["gamma", "alpha", "beta", "gamma"]);
    assert.deepEqual(
      runs.map((r) => [r.name, r.failure]),
      [
        ["gamma", undefined],
        ["alpha", undefined],
        ["beta", undefined],
      ],
    );
  });

  it("fails a stack that reads a stack outside the run, naming it", async () => {
    const runs = await runStacks(PROJECT, ["dev-app"], {
      runner: fakeRunner({ "dev-app": ["dev-global"] }, []),
    });
    assert.equal(
      runs[0].failure?.message,
      'Stack "dev-app" reads StackReference "organization/fixture/dev-global", got no stack "dev-global" in this run and no answer in --mocks. Give its outputs under "stacks" in a --mocks file, or add Pulumi.dev-global.yaml to check both.',
    );
  });

  it("runs an unselected stack the config names first, for its outputs only", async () => {
    const log: string[] = [];
    const runs = await runStacks(PROJECT, ["dev-app"], {
      runner: fakeRunner({ "dev-app": ["dev-global"] }, log),
      available: ["dev-app", "dev-global", "dev-probe"],
    });
    assert.deepEqual(log, ["dev-global", "dev-app"]);
    assert.deepEqual(
      runs.map((r) => [r.name, r.failure, r.forOutputs]),
      [
        ["dev-app", undefined, undefined],
        ["dev-global", undefined, true],
      ],
    );
  });

  it("runs an unselected stack a program reads, then the program again with its outputs", async () => {
    const log: string[] = [];
    // dev-probe's config names no stack: only its program's read brings dev-bad into the run.
    const runs = await runStacks(PROJECT, ["dev-probe"], {
      runner: fakeRunner({ "dev-probe": ["dev-bad"] }, log),
      available: ["dev-bad", "dev-probe"],
    });
    assert.deepEqual(log, ["dev-probe", "dev-bad", "dev-probe"]);
    assert.deepEqual(
      runs.map((r) => [r.name, r.failure, r.forOutputs]),
      [
        ["dev-probe", undefined, undefined],
        ["dev-bad", undefined, true],
      ],
    );
  });

  it("runs a program again once after every stack it read, when it names them all at once", async () => {
    const log: string[] = [];
    const runner: Runner = (req) => {
      log.push(req.stack);
      const missing = (req.stack === "dev-probe" ? ["dev-bad", "dev-global"] : []).filter(
        (n) => req.stackOutputs[n] === undefined,
      );
      if (missing.length > 0)
        return Promise.resolve({
          kind: "needs",
          stack: missing[0],
          reference: missing[0],
          also: missing.slice(1).map((n) => ({ stack: n, reference: n })),
        });
      return Promise.resolve({
        kind: "done",
        resources: [],
        outputs: { outputs: {}, secretOutputNames: [] },
        warnings: [],
      });
    };
    const runs = await runStacks(PROJECT, ["dev-probe"], {
      runner,
      parallelism: 1,
      available: ["dev-bad", "dev-global", "dev-probe"],
    });
    assert.deepEqual(log, ["dev-probe", "dev-bad", "dev-global", "dev-probe"]);
    assert.deepEqual(
      runs.map((r) => [r.name, r.failure, r.forOutputs, [...r.references].sort()]),
      [
        ["dev-probe", undefined, undefined, ["dev-bad", "dev-global"]],
        ["dev-bad", undefined, true, []],
        ["dev-global", undefined, true, []],
      ],
    );
  });

  it("orders a stack after the stacks an earlier check saw it read, so its program runs once", async () => {
    const log: string[] = [];
    const runs = await runStacks(PROJECT, ["dev-probe"], {
      runner: fakeRunner({ "dev-probe": ["dev-bad"] }, log),
      available: ["dev-bad", "dev-probe"],
      hints: { "dev-probe": ["dev-bad", "dev-nowhere"] },
    });
    assert.deepEqual(log, ["dev-bad", "dev-probe"]);
    assert.deepEqual(
      runs.map((r) => [r.name, r.failure, r.forOutputs]),
      [
        ["dev-probe", undefined, undefined],
        ["dev-bad", undefined, true],
      ],
    );
  });

  describe("with reuseOutputs", () => {
    let cache: string;
    let previous: string | undefined;
    beforeEach(() => {
      previous = process.env["TACHYON_CACHE_DIR"];
      cache = fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-schedule-reuse-"));
      process.env["TACHYON_CACHE_DIR"] = cache;
    });
    afterEach(() => {
      if (previous === undefined) delete process.env["TACHYON_CACHE_DIR"];
      else process.env["TACHYON_CACHE_DIR"] = previous;
      fs.rmSync(cache, { recursive: true, force: true });
    });

    /** The fake runner, each run reporting that it read the fixture's program file. */
    function reading(log: string[]): Runner {
      const inner = fakeRunner({ "dev-app": ["dev-global"] }, log);
      const program = path.join(PROJECT.dir, "index.ts");
      return async (req) => {
        const res = await inner(req);
        return res.kind === "done"
          ? { ...res, inputs: { repeatable: true, files: [[program, signatureOf(program)]] } }
          : res;
      };
    }

    it("takes a stack run only for its outputs from an earlier run on the same inputs", async () => {
      const log: string[] = [];
      const options = { runner: reading(log), available: ["dev-global"], reuseOutputs: true };
      await runStacks(PROJECT, ["dev-app"], options);
      const runs = await runStacks(PROJECT, ["dev-app"], options);
      assert.deepEqual(log, ["dev-global", "dev-app", "dev-app"]);
      assert.deepEqual(
        runs.map((r) => [r.name, r.forOutputs, r.reusedFrom, r.outputs]),
        [
          [
            "dev-app",
            undefined,
            undefined,
            { outputs: { from: "dev-app" }, secretOutputNames: [] },
          ],
          [
            "dev-global",
            true,
            { files: 1 },
            { outputs: { from: "dev-global" }, secretOutputNames: [] },
          ],
        ],
      );
    });

    it("always runs a selected stack, and a stack whose last run cannot be repeated", async () => {
      const log: string[] = [];
      const both = ["dev-global", "dev-app"];
      await runStacks(PROJECT, both, { runner: reading(log), reuseOutputs: true });
      await runStacks(PROJECT, both, { runner: reading(log), reuseOutputs: true });
      // A run that reports no repeatable inputs (it started a process) forgets the earlier one.
      const unrepeatable = fakeRunner({ "dev-app": ["dev-global"] }, log);
      await runStacks(PROJECT, both, { runner: unrepeatable, reuseOutputs: true });
      const runs = await runStacks(PROJECT, ["dev-app"], {
        runner: reading(log),
        available: ["dev-global"],
        reuseOutputs: true,
      });
      assert.deepEqual(log, [...both, ...both, ...both, ...both]);
      assert.equal(runs[1].reusedFrom, undefined);
    });
  });

  it("leaves out an unselected stack the --mocks answer for", async () => {
    const log: string[] = [];
    const runs = await runStacks(PROJECT, ["dev-app"], {
      runner: fakeRunner({}, log),
      available: ["dev-app", "dev-global"],
      mocks: { invokes: {}, stacks: { "organization/fixture/dev-global": { vpc: "vpc-1" } } },
    });
    assert.deepEqual(log, ["dev-app"]);
    assert.deepEqual(
      runs.map((r) => r.name),
      ["dev-app"],
    );
  });

  it("fails both stacks of a reference cycle instead of waiting forever", async () => {
    const runs = await runStacks(PROJECT, ["dev-bad", "dev-probe"], {
      runner: fakeRunner({ "dev-bad": ["dev-probe"], "dev-probe": ["dev-bad"] }, []),
      parallelism: 1,
    });
    assert.match(runs[1].failure?.message ?? "", /got a cycle: "dev-bad" also reads "dev-probe"/);
    assert.match(runs[0].failure?.message ?? "", /got stack "dev-probe" failing/);
    assert.deepEqual(
      runs.map((r) => r.references),
      [["dev-probe"], ["dev-bad"]],
    );
  });

  it("rejects a --stack that has no config file, listing the stacks there", () => {
    assert.throws(
      () => selectStacks(PROJECT, ["dev-nope"]),
      /--stack: no stack named "dev-nope" in .*, got only dev-app, dev-bad, dev-broken, dev-global, dev-orphan, dev-probe, prod-app, prod-global\. Pick one of them or add Pulumi\.dev-nope\.yaml\./,
    );
  });
});
