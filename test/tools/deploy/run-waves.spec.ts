import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ProgressFile, renderSummary, runWaves } from "../../../tools/deploy/run-waves";

describe("tools/deploy/run-waves", () => {
  it("never runs more than --parallel stacks of a wave at once, and no wave before the last ends", async () => {
    let running = 0;
    let most = 0;
    const events: string[] = [];
    const outcomes = await runWaves({
      waves: [["g"], ["a", "b", "c"], ["d"]],
      parallel: 2,
      progress: () => undefined,
      run: async (stack) => {
        running++;
        most = Math.max(most, running);
        events.push(`start ${stack}`);
        await new Promise((r) => setTimeout(r, 20));
        events.push(`end ${stack}`);
        running--;
        return { changed: stack.length };
      },
    });
    assert.equal(most, 2);
    assert.deepEqual(events.slice(0, 2), ["start g", "end g"]);
    assert.deepEqual(events.slice(-2), ["start d", "end d"]);
    assert.deepEqual(
      outcomes.map((o) => [o.stack, o.result, o.changed]),
      [
        ["g", "succeeded", 1],
        ["a", "succeeded", 1],
        ["b", "succeeded", 1],
        ["c", "succeeded", 1],
        ["d", "succeeded", 1],
      ],
    );
  });

  it("prefixes each output line with its stack and reports the failure's error line", async () => {
    const lines: string[] = [];
    const outcomes = await runWaves({
      waves: [["g"], ["a"]],
      parallel: 1,
      done: new Set(["g"]),
      progress: (line) => lines.push(line.replace(/\d+\.\d s/, "T")),
      run: (stack, onOutput) => {
        onOutput("Updating (a):\nResources: 1 to");
        onOutput(" create\n");
        return Promise.reject(new Error(`code: 255\n stderr: error: ${stack} is broken\n`));
      },
    });
    assert.deepEqual(lines, [
      "[g] skipped: succeeded in the interrupted run",
      "[a] started",
      "[a] Updating (a):",
      "[a] Resources: 1 to create",
      "[a] failed after T: error: a is broken",
    ]);
    assert.deepEqual(outcomes[1], {
      stack: "a",
      result: "failed",
      ms: outcomes[1]?.ms,
      error: "error: a is broken",
    });
  });

  it("renders the summary table", () => {
    assert.equal(
      renderSummary([
        { stack: "prod-global", result: "done before" },
        { stack: "prod-aws-us-east-1", result: "succeeded", changed: 12, ms: 83_400 },
        { stack: "prod-aws-eu-west-2", result: "failed", ms: 950, error: "error: x" },
        { stack: "prod-aws-ap-northeast-1", result: "not started" },
      ]),
      [
        "STACK                    RESULT       CHANGED  DURATION",
        "prod-global              done before        -         -",
        "prod-aws-us-east-1       succeeded         12    83.4 s",
        "prod-aws-eu-west-2       failed             -     0.9 s",
        "prod-aws-ap-northeast-1  not started        -         -",
        "",
      ].join("\n"),
    );
  });

  it("records succeeded stacks per operation and environment, and forgets them on clear", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-progress-"));
    const up = new ProgressFile(dir, "up", "prod");
    assert.equal(up.file, path.join(dir, ".tachyon", "up-prod.json"));
    up.add("prod-global");
    up.add("prod-aws-us-east-1");
    assert.deepEqual([...up.read()], ["prod-global", "prod-aws-us-east-1"]);
    assert.deepEqual([...new ProgressFile(dir, "destroy", "prod").read()], []);
    fs.writeFileSync(up.file, "{ not json");
    assert.deepEqual([...up.read()], []);
    up.clear();
    assert.equal(fs.existsSync(up.file), false);
  });
});
