import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { TACHYON_ROOT } from "../../../tools/analyzer/run-check";
import { command } from "../../../tools/commands/deploy";
import { capture, type Captured } from "./capture";

// The fake `pulumi` (test/fixtures/fake-pulumi/pulumi) records every invocation it gets from the
// Automation API; these specs read that record.
const FAKE_BIN = path.join(TACHYON_ROOT, "test", "fixtures", "fake-pulumi");
const WAVE_2 = ["prod-aws-us-east-1", "prod-azure-germanywestcentral", "prod-gcp-asia-southeast1"];

interface Invocation {
  readonly argv: string[];
  readonly stack: string | null;
  readonly start: number;
  readonly end: number;
}

describe("tools/commands/deploy (fake Pulumi CLI)", () => {
  let project: string;
  let log: string;
  const saved = { ...process.env };

  beforeEach(() => {
    // A copy of the project's Pulumi.yaml and prod stacks, so that progress files land there.
    project = fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-deploy-"));
    fs.copyFileSync(path.join(TACHYON_ROOT, "Pulumi.yaml"), path.join(project, "Pulumi.yaml"));
    fs.mkdirSync(path.join(project, "stacks"));
    for (const f of fs.readdirSync(path.join(TACHYON_ROOT, "stacks")))
      if (f.startsWith("Pulumi.prod-"))
        fs.copyFileSync(path.join(TACHYON_ROOT, "stacks", f), path.join(project, "stacks", f));
    log = path.join(project, "invocations.jsonl");
    // The fake's mode bits may be lost by a checkout; it must be executable to be found.
    fs.chmodSync(path.join(FAKE_BIN, "pulumi"), 0o755);
    process.env["PATH"] = `${FAKE_BIN}${path.delimiter}${saved["PATH"] ?? ""}`;
    process.env["FAKE_PULUMI_LOG"] = log;
    delete process.env["FAKE_PULUMI_FAIL"];
    delete process.env["FAKE_PULUMI_DELAY_MS"];
  });

  afterEach(() => {
    for (const key of ["PATH", "FAKE_PULUMI_LOG", "FAKE_PULUMI_FAIL", "FAKE_PULUMI_DELAY_MS"]) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
    fs.rmSync(project, { recursive: true, force: true });
  });

  function run(operation: "preview" | "up" | "destroy" | "refresh", ...flags: string[]) {
    return capture(command(operation), ["--env", "prod", "--project", project, ...flags]);
  }

  function operations(name: string): Invocation[] {
    if (!fs.existsSync(log)) return [];
    return fs
      .readFileSync(log, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Invocation)
      .filter((i) => i.argv[0] === name);
  }

  function summaryRows(out: Captured): string[] {
    const table = out.stdout.slice(out.stdout.indexOf("STACK "));
    return table
      .split("\n")
      .slice(1)
      .filter((l) => l.startsWith("prod-"))
      .map((l) =>
        l
          .split(/\s{2,}/)
          .slice(0, 3)
          .join(" | "),
      );
  }

  it("runs up wave by wave with the three policy packs and the environment's config", async () => {
    const out = await run("up", "--yes");
    assert.equal(out.code, 0, out.stderr);
    const ups = operations("up");
    const order = ups.map((i) => i.stack);
    assert.equal(order[0], "prod-global");
    assert.deepEqual(new Set(order.slice(1, 4)), new Set(WAVE_2));
    assert.deepEqual(order.slice(4), ["prod-aws-eu-west-2", "prod-aws-ap-northeast-1"]);
    const config = path.join(TACHYON_ROOT, "policies", "config", "prod.json");
    assert.deepEqual(ups[0]?.argv, [
      "up",
      "--yes",
      "--skip-preview",
      ...["latency", "residency", "baseline"].flatMap((p) => [
        "--policy-pack",
        path.join(TACHYON_ROOT, "policies", p),
      ]),
      ...[config, config, config].flatMap((c) => ["--policy-pack-config", c]),
      "--exec-kind",
      "auto.local",
      "--stack",
      "prod-global",
      "--non-interactive",
    ]);
    assert.deepEqual(summaryRows(out), [
      "prod-global | succeeded | 3",
      "prod-aws-us-east-1 | succeeded | 3",
      "prod-azure-germanywestcentral | succeeded | 3",
      "prod-gcp-asia-southeast1 | succeeded | 3",
      "prod-aws-eu-west-2 | succeeded | 3",
      "prod-aws-ap-northeast-1 | succeeded | 3",
    ]);
    assert.equal(fs.existsSync(path.join(project, ".tachyon", "up-prod.json")), false);
  });

  it("attaches the policy packs to preview but not to refresh", async () => {
    assert.equal((await run("preview")).code, 0);
    assert.equal((await run("refresh", "--yes", "--stack", "prod-global")).code, 0);
    const preview = operations("preview")[0]?.argv ?? [];
    assert.equal(preview.filter((a) => a === "--policy-pack").length, 3);
    assert.equal(preview.filter((a) => a === "--policy-pack-config").length, 3);
    assert.deepEqual(
      operations("refresh").map((i) => [i.stack, i.argv.includes("--policy-pack")]),
      [["prod-global", false]],
    );
  });

  it("destroys the waves in reverse order", async () => {
    const out = await run("destroy", "--yes");
    assert.equal(out.code, 0, out.stderr);
    const order = operations("destroy").map((i) => i.stack);
    assert.deepEqual(order.slice(0, 2), ["prod-aws-ap-northeast-1", "prod-aws-eu-west-2"]);
    assert.deepEqual(new Set(order.slice(2, 5)), new Set(WAVE_2));
    assert.equal(order[5], "prod-global");
  });

  it("runs the stacks of one wave at once, up to --parallel", async () => {
    process.env["FAKE_PULUMI_DELAY_MS"] = "400";
    const overlap = (ops: Invocation[]): boolean =>
      Math.max(...ops.map((i) => i.start)) < Math.min(...ops.map((i) => i.end));
    assert.equal((await run("preview", "--parallel", "3")).code, 0);
    const wave2 = operations("preview").filter((i) => WAVE_2.includes(i.stack ?? ""));
    assert.equal(wave2.length, 3);
    assert.equal(overlap(wave2), true);
    // Never across waves: the global stack ended before any site started.
    const global = operations("preview").find((i) => i.stack === "prod-global") as Invocation;
    assert.ok(Math.min(...wave2.map((i) => i.start)) >= global.end);
    fs.rmSync(log);
    assert.equal(
      (await run("preview", "--parallel", "1", ...WAVE_2.flatMap((s) => ["--stack", s]))).code,
      0,
    );
    const serial = operations("preview").sort((a, b) => a.start - b.start);
    assert.equal(serial.length, 3);
    assert.ok(serial.every((i, n) => n === 0 || i.start >= serial[n - 1].end));
  });

  it("stops starting stacks at the first failure, then resumes where it stopped", async () => {
    process.env["FAKE_PULUMI_FAIL"] = "prod-aws-eu-west-2";
    const failed = await run("up", "--yes");
    assert.equal(failed.code, 1);
    assert.deepEqual(summaryRows(failed), [
      "prod-global | succeeded | 3",
      "prod-aws-us-east-1 | succeeded | 3",
      "prod-azure-germanywestcentral | succeeded | 3",
      "prod-gcp-asia-southeast1 | succeeded | 3",
      "prod-aws-eu-west-2 | failed | -",
      "prod-aws-ap-northeast-1 | not started | -",
    ]);
    assert.ok(
      failed.stdout.endsWith(
        "\nup stopped: prod-aws-eu-west-2 failed (error: update failed: prod-aws-eu-west-2 is told to fail). Fix it and run the same command again: the stacks that succeeded are skipped.\n",
      ),
    );
    assert.equal(
      operations("up").some((i) => i.stack === "prod-aws-ap-northeast-1"),
      false,
    );

    delete process.env["FAKE_PULUMI_FAIL"];
    fs.rmSync(log);
    const resumed = await run("up", "--yes");
    assert.equal(resumed.code, 0, resumed.stdout);
    assert.deepEqual(
      operations("up").map((i) => i.stack),
      ["prod-aws-eu-west-2", "prod-aws-ap-northeast-1"],
    );
    assert.ok(resumed.stdout.startsWith("Resuming: 4 stacks succeeded in the interrupted run ("));
    assert.deepEqual(summaryRows(resumed).slice(0, 2), [
      "prod-global | done before | -",
      "prod-aws-us-east-1 | done before | -",
    ]);
    assert.equal(fs.existsSync(path.join(project, ".tachyon", "up-prod.json")), false);
  });

  it("lets the running stacks of a failing wave finish and starts no other", async () => {
    process.env["FAKE_PULUMI_FAIL"] = "prod-aws-us-east-1";
    const together = await run("up", "--yes", "--parallel", "3");
    assert.equal(together.code, 1);
    assert.deepEqual(summaryRows(together).slice(1), [
      "prod-aws-us-east-1 | failed | -",
      "prod-azure-germanywestcentral | succeeded | 3",
      "prod-gcp-asia-southeast1 | succeeded | 3",
      "prod-aws-eu-west-2 | not started | -",
      "prod-aws-ap-northeast-1 | not started | -",
    ]);
    fs.rmSync(path.join(project, ".tachyon"), { recursive: true });
    fs.rmSync(log);
    const serial = await run("up", "--yes", "--parallel", "1");
    assert.equal(serial.code, 1);
    assert.deepEqual(
      operations("up").map((i) => i.stack),
      ["prod-global", "prod-aws-us-east-1"],
    );
  });

  it("says how to install the Pulumi CLI when it is missing", async () => {
    process.env["PATH"] = path.dirname(process.execPath);
    const out = await run("preview");
    assert.equal(out.code, 2);
    assert.equal(
      out.stderr,
      'tachyon preview: the Pulumi CLI must be on PATH, got no "pulumi" executable. Install it (curl -fsSL https://get.pulumi.com | sh, or see https://www.pulumi.com/docs/iac/download-install/) and run again.\n',
    );
  });

  it("refuses to change stacks without --yes when nobody can answer", async () => {
    const out = await run("destroy", "--stack", "prod-global");
    assert.equal(out.code, 2);
    assert.equal(
      out.stderr,
      'tachyon destroy: "destroy" changes the stacks prod-global, got no confirmation. Pass --yes or answer "yes".\n',
    );
    assert.deepEqual(operations("destroy"), []);
  });
});
