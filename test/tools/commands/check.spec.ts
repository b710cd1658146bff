import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { execFile } from "node:child_process";
import { runCheck } from "../../../tools/analyzer/run-check";
import { exitCode, run } from "../../../tools/commands/check";
import { renderJson } from "../../../tools/report/json";
import { renderJunit } from "../../../tools/report/junit";
import { renderSarif } from "../../../tools/report/sarif";
import { renderText } from "../../../tools/report/text";
import type { CheckReport } from "../../../tools/report/types";

const FIXTURES = path.join(__dirname, "..", "..", "fixtures");
const PROJECT = path.join(FIXTURES, "project");
const PACK = path.join(FIXTURES, "policy-pack");
const GLOBAL = "urn:pulumi:dev-global::fixture::";

const BIN = path.join(__dirname, "..", "..", "..", "bin", "tachyon.js");

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `tachyon check` as a user would, in its own process. */
function spawnCheck(argv: string[]): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BIN, "check", ...argv],
      { timeout: 120_000 },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === "number" ? err.code : undefined;
        if (code === undefined) reject(err ?? new Error("no exit code"));
        else resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Runs the command in this process with stdout and stderr captured (for the fast usage paths). */
async function runCaptured(argv: string[]): Promise<Outcome> {
  let stdout = "";
  let stderr = "";
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = (chunk: string) => ((stdout += chunk), true);
  process.stderr.write = (chunk: string) => ((stderr += chunk), true);
  try {
    return { code: await run(argv), stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

describe("tachyon check (fixture project and policy pack)", () => {
  const BAD_CONFIG = path.join(FIXTURES, "policy-config", "bad-schema.json");
  const VALID_CONFIG = path.join(FIXTURES, "policy-config", "valid.json");
  const OUTPUT = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-check-")), "report.xml");
  let report: CheckReport;
  let written: Outcome;
  let badConfig: Outcome;
  let crash: Outcome;

  // Every run starts its own policy pack (ts-node type-checks it first); they run side by side,
  // with a timeout generous enough for a loaded 2-core CI runner.
  before(async function () {
    this.timeout(180_000);
    [report, written, badConfig, crash] = await Promise.all([
      runCheck({
        project: PROJECT,
        stacks: ["dev-app", "dev-bad", "dev-global", "dev-orphan"],
        policyPacks: [PACK],
        // dev-app alone runs under a config that makes every policy mandatory.
        policyPackConfigsFor: (stack) => (stack === "dev-app" ? [VALID_CONFIG] : []),
      }),
      spawnCheck([
        "--project",
        PROJECT,
        "--stack",
        "dev-global",
        "--policy-pack",
        PACK,
        "--format",
        "junit",
        "--output",
        OUTPUT,
      ]),
      spawnCheck([
        "--project",
        PROJECT,
        "--stack",
        "dev-global",
        "--policy-pack",
        PACK,
        "--policy-pack-config",
        BAD_CONFIG,
      ]),
      spawnCheck([
        "--project",
        PROJECT,
        "--stack",
        "dev-global",
        "--policy-pack",
        path.join(FIXTURES, "policy-pack-crash"),
      ]),
    ]);
  });

  it("reports the exact contract JSON: referenced stacks first, violations under each stack's policy config, config problems, totals", () => {
    assert.deepEqual(JSON.parse(renderJson(report)), {
      stacks: [
        {
          name: "dev-bad",
          resources: 0,
          resourcesByType: {},
          error: {
            message:
              'Stack "dev-bad" has 2 config problems:\n  fixture:role: must be global, app, probe or broken, got "edge". Set "fixture:role" to one of them.\n  fixture:copies: must be a whole number of at least 1, got -2. Set "fixture:copies" to 1 or more.',
            problems: [
              {
                path: "fixture:role",
                message:
                  'must be global, app, probe or broken, got "edge". Set "fixture:role" to one of them.',
              },
              {
                path: "fixture:copies",
                message:
                  'must be a whole number of at least 1, got -2. Set "fixture:copies" to 1 or more.',
              },
            ],
          },
          violations: [],
          warnings: [],
        },
        {
          name: "dev-global",
          resources: 5,
          resourcesByType: {
            "pulumi:pulumi:Stack": 1,
            "fixture:index:Store": 1,
            "aws:s3/bucket:Bucket": 2,
            "aws:sqs/queue:Queue": 1,
          },
          error: null,
          violations: [
            {
              pack: "fixture-policies",
              policy: "bucket-encryption-required",
              level: "mandatory",
              severity: "high",
              urn: `${GLOBAL}fixture:index:Store$aws:s3/bucket:Bucket::orders0-bucket`,
              message:
                "Bucket orders0-bucket must set serverSideEncryptionConfiguration; found none.",
            },
            {
              pack: "fixture-policies",
              policy: "queue-retention-limit",
              level: "advisory",
              severity: "medium",
              urn: `${GLOBAL}fixture:index:Store$aws:sqs/queue:Queue::orders0-queue`,
              message: "Queue orders0-queue must keep messages at most 345600 s; found 1209600 s.",
            },
          ],
          warnings: [],
        },
        {
          name: "dev-orphan",
          resources: 0,
          resourcesByType: {},
          error: {
            message:
              'Stack "dev-orphan" reads StackReference "dev-nowhere", got no stack "dev-nowhere" in this run and no answer in --mocks. Give its outputs under "stacks" in a --mocks file, or add Pulumi.dev-nowhere.yaml to check both.',
            problems: [],
          },
          violations: [],
          warnings: [],
        },
        {
          name: "dev-app",
          resources: 3,
          resourcesByType: {
            "pulumi:pulumi:Stack": 1,
            "pulumi:pulumi:StackReference": 1,
            "aws:sqs/queue:Queue": 1,
          },
          error: null,
          violations: [
            {
              pack: "fixture-policies",
              policy: "queue-follows-bucket",
              level: "mandatory",
              severity: "low",
              urn: "urn:pulumi:dev-app::fixture::pulumi:pulumi:Stack::fixture-dev-app",
              message: "Stack must keep queues inside components; found 1 at the top level.",
            },
          ],
          warnings: [],
        },
      ],
      summary: { stacks: 4, resources: 8, mandatory: 2, advisory: 1, warnings: 0 },
    });
  });

  it("exits 2 when a stack's config is bad, even next to a mandatory violation", () => {
    assert.equal(exitCode(report), 2);
  });

  it("applies remediations before Analyze, as the CLI does, listed by pack, policy and URN", () => {
    assert.deepEqual(report.stacks[1].remediations, [
      {
        pack: "fixture-policies",
        policy: "bucket-owner-tag",
        urn: `${GLOBAL}aws:s3/bucket:Bucket::archive`,
      },
      {
        pack: "fixture-policies",
        policy: "bucket-owner-tag",
        urn: `${GLOBAL}fixture:index:Store$aws:s3/bucket:Bucket::orders0-bucket`,
      },
    ]);
  });

  it("writes SARIF 2.1.0 with a rule per policy and a result per violation located at the declaring line and URN", () => {
    const sarif = JSON.parse(renderSarif(report, { cwd: FIXTURES, version: "1.2.3" }));
    assert.equal(sarif.version, "2.1.0");
    const runLog = sarif.runs[0];
    assert.deepEqual(
      runLog.tool.driver.rules.map((r: { id: string; defaultConfiguration: { level: string } }) => [
        r.id,
        r.defaultConfiguration.level,
      ]),
      [
        ["fixture-policies/bucket-encryption-required", "error"],
        ["fixture-policies/queue-retention-limit", "warning"],
        ["fixture-policies/bucket-owner-tag", "error"],
        ["fixture-policies/queue-follows-bucket", "warning"],
      ],
    );
    const first = runLog.results[0];
    assert.equal(first.ruleId, "fixture-policies/bucket-encryption-required");
    assert.equal(first.ruleIndex, 0);
    assert.equal(first.level, "error");
    // The bucket is declared by `new s3.Bucket(` inside the Store component of the fixture.
    assert.deepEqual(first.locations[0].physicalLocation, {
      artifactLocation: { uri: "project/index.ts", uriBaseId: "%SRCROOT%" },
      region: { startLine: 39, startColumn: 19 },
    });
    assert.deepEqual(first.message, {
      id: "default",
      arguments: ["dev-global", first.message.arguments[1]],
      text: `dev-global: ${first.message.arguments[1]}.`,
    });
    assert.equal(runLog.tool.driver.rules[0].name, "BucketEncryptionRequired");
    assert.deepEqual(runLog.tool.driver.rules[0].messageStrings, {
      default: { text: "{0}: {1}." },
    });
    assert.deepEqual(first.locations[0].logicalLocations, [
      {
        name: "orders0-bucket",
        fullyQualifiedName: `${GLOBAL}fixture:index:Store$aws:s3/bucket:Bucket::orders0-bucket`,
        kind: "resource",
      },
    ]);
    assert.equal(runLog.results.length, 3);
    assert.equal(runLog.invocations[0].executionSuccessful, false);
    assert.equal(runLog.invocations[0].toolExecutionNotifications.length, 2);
  });

  it("writes JUnit with a suite per stack, a case per policy and failures for mandatory violations", () => {
    const xml = renderJunit(report);
    assert.match(
      xml,
      /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="tachyon check" tests="18" failures="2" errors="2" /,
    );
    assert.match(
      xml,
      /<testsuite name="dev-global" tests="4" failures="1" errors="0" skipped="0" /,
    );
    assert.match(
      xml,
      /<testcase classname="dev-global\.fixture-policies" name="bucket-encryption-required" time="0">\n {6}<failure message="1 mandatory violation" type="mandatory">/,
    );
    assert.match(
      xml,
      /<testcase classname="dev-bad" name="program" time="[0-9.]+">\n {6}<error message="Stack &quot;dev-bad&quot; has 2 config problems:" type="config">/,
    );
  });

  it("writes text grouped by stack, then level, ending with a one-line summary", () => {
    const text = renderText(report, { cwd: FIXTURES });
    assert.match(
      text,
      /\ndev-global {2}BLOCKED {2}5 resources, 1 mandatory, 1 advisory\n {2}mandatory:\n {4}\[high\] fixture-policies\/bucket-encryption-required {2}aws:s3\/bucket:Bucket "orders0-bucket"\n {6}Bucket orders0-bucket must set serverSideEncryptionConfiguration; found none\.\n/,
    );
    assert.match(
      text,
      /\ndev-bad {2}ERROR {2}\(project\/stacks\/Pulumi\.dev-bad\.yaml\)\n {4}2 config problems:\n {6}fixture:role: must be/,
    );
    assert.match(
      text,
      /\nFAILED: 4 stacks, 8 resources, 2 mandatory, 1 advisory, 2 with errors \([0-9.]+ s\)\.\n$/,
    );
  });

  it("writes the report to --output and exits 1 on a mandatory violation", () => {
    assert.equal(written.code, 1);
    assert.equal(written.stdout, "");
    assert.match(
      fs.readFileSync(OUTPUT, "utf8"),
      /<testsuite name="dev-global" tests="4" failures="1" errors="0"/,
    );
  });

  it("exits 2 naming the policy, property and fix when --policy-pack-config breaks a config schema", () => {
    assert.equal(badConfig.code, 2);
    assert.equal(badConfig.stdout, "");
    assert.equal(
      badConfig.stderr,
      `tachyon check: ${BAD_CONFIG}: "queue-retention-limit.maxSeconds" must be >= 60, got 10. Set "maxSeconds" in the "queue-retention-limit" entry to fit the policy's config schema (pack fixture-policies).\n`,
    );
  });

  it("exits 2 naming the pack and its error when a policy pack crashes", () => {
    assert.equal(crash.code, 2);
    assert.match(
      crash.stderr,
      /^tachyon check: Policy pack "policy-pack-crash" stopped before serving \(exit 32\)\.\n/,
    );
    assert.match(crash.stderr, /\n {2}Error: fixture-crash cannot load its rules\n$/);
  });

  it("exits 2 with the usage on an unknown flag or format", async () => {
    const unknown = await runCaptured(["--stacks", "dev"]);
    assert.equal(unknown.code, 2);
    assert.match(
      unknown.stderr,
      /^tachyon check: Unknown option '--stacks'\.\n\nUsage: tachyon check /,
    );
    const format = await runCaptured(["--format", "xml"]);
    assert.equal(format.code, 2);
    assert.match(
      format.stderr,
      /^tachyon check: --format: must be one of text, json, sarif, junit, markdown, got "xml"\. Pick one of them\.\n/,
    );
  });
});
