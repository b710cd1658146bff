import * as assert from "node:assert/strict";
import * as path from "node:path";
import { execFile } from "node:child_process";

const FIXTURES = path.join(__dirname, "..", "..", "fixtures");
const PACK = path.join(FIXTURES, "policy-pack");
const BIN = path.join(__dirname, "..", "..", "..", "bin", "tachyon.js");
const UNANSWERED = path.join(FIXTURES, "unanswered");
const LATENCY = path.join(__dirname, "..", "..", "..", "policies", "latency");

interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `tachyon check` on a third-party style fixture project, as a user would. */
/** The JSON report, or a failure showing what the run wrote to stderr. */
function json(outcome: Outcome): Json {
  assert.notEqual(outcome.stdout, "", outcome.stderr);
  return JSON.parse(outcome.stdout) as Json;
}

function check(project: string, ...argv: string[]): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [BIN, "check", "--project", path.join(FIXTURES, project), "--policy-pack", PACK, ...argv],
      { timeout: 200_000 },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === "number" ? err.code : undefined;
        if (code === undefined) reject(err ?? new Error("no exit code"));
        else resolve({ code, stdout, stderr });
      },
    );
  });
}

type Json = {
  stacks: {
    name: string;
    resources: number;
    resourcesByType: Record<string, number>;
    error: { message: string } | null;
    violations: { policy: string; urn: string; message: string }[];
    warnings: { kind: string; message: string; urn?: string }[];
  }[];
  summary: Record<string, number>;
};

describe("tachyon check on third-party projects", () => {
  let noStacks: Outcome;
  let sibling: Outcome;
  let empty: Outcome;
  let unanswered: Outcome;
  let stacksMocked: Outcome;
  let allMocked: Outcome;
  let badMocks: Outcome;
  let magic: Outcome;

  // Each run starts its own policy pack (ts-node type-checks it); two at a time fit a loaded
  // 2-core runner within the pack's start timeout.
  before(async function () {
    this.timeout(480_000);
    [noStacks, badMocks] = await Promise.all([
      check("no-stacks"),
      check("unanswered", "--mocks", path.join(UNANSWERED, "mocks-bad.yaml")),
    ]);
    [sibling, empty] = await Promise.all([
      check("sibling-json", "--format", "json"),
      check("empty-stack", "--format", "json"),
    ]);
    [unanswered, stacksMocked] = await Promise.all([
      check("unanswered", "--format", "sarif"),
      check(
        "unanswered",
        "--format",
        "json",
        "--mocks",
        path.join(UNANSWERED, "mocks-stacks.json"),
      ),
    ]);
    [allMocked, magic] = await Promise.all([
      check("unanswered", "--format", "json", "--mocks", path.join(UNANSWERED, "mocks.yaml")),
      check("magic", "--format", "json", "--policy-pack", LATENCY),
    ]);
  });

  it("exits 2 saying what to add when the project has no stack file", () => {
    assert.equal(noStacks.code, 2);
    assert.equal(
      noStacks.stderr,
      `tachyon check: ${path.join(FIXTURES, "no-stacks")}: no stacks to check, got no Pulumi.<stack>.yaml in the folder. Add one per stack (even with an empty "config:"), or pass --stacks-dir with the folder that holds them.\n`,
    );
  });

  it("runs the project folder's own entry, not a same-named .json beside the folder", () => {
    const doc = json(sibling);
    assert.equal(sibling.code, 0);
    assert.deepEqual(doc.stacks[0].resourcesByType, {
      "pulumi:pulumi:Stack": 1,
      "aws:sqs/queue:Queue": 1,
    });
  });

  it("exits 2 when a stack registers nothing but its root", () => {
    const doc = json(empty);
    assert.equal(empty.code, 2);
    assert.deepEqual(doc.stacks[0].error, {
      message:
        'Stack "dev" registered no resources, got only its root stack from program ".". Create the resources at the top level of the program or in the function it exports, or point "main" in Pulumi.yaml at the file that does.',
      problems: [],
    });
  });

  it("exits 2 with advice that works when a stack of another project is read and not mocked, located relative to the project", () => {
    const sarif = JSON.parse(unanswered.stdout) as {
      runs: { invocations: { toolExecutionNotifications: unknown[] }[] }[];
    };
    assert.equal(unanswered.code, 2);
    assert.deepEqual(sarif.runs[0].invocations[0].toolExecutionNotifications, [
      {
        level: "error",
        message: {
          text: 'dev: Stack "dev" reads StackReference "acme/network/dev", got no stack "acme/network/dev" in this run and no answer in --mocks. Give its outputs under "stacks" in a --mocks file.',
        },
        locations: [{ physicalLocation: { artifactLocation: { uri: "stacks/Pulumi.dev.yaml" } } }],
      },
    ]);
  });

  it("answers an unknown invoke with unknown outputs and a warning, and judges the rest", () => {
    const doc = json(stacksMocked);
    assert.equal(stacksMocked.code, 0);
    assert.equal(doc.stacks[0].error, null);
    assert.equal(doc.stacks[0].resources, 6);
    assert.deepEqual(doc.stacks[0].warnings, [
      {
        kind: "unknown-invoke",
        message:
          'Invoke "azure-native:storage:listStorageAccountKeys" has no offline answer, so its outputs and every input built from them are unknown, as in a preview. Answer it under "invokes" in a --mocks file to check those inputs.',
      },
    ]);
    assert.deepEqual(doc.summary, {
      stacks: 1,
      resources: 6,
      mandatory: 0,
      advisory: 0,
      warnings: 1,
    });
  });

  it("leaves no warning when a --mocks file answers every invoke", () => {
    const doc = json(allMocked);
    assert.equal(allMocked.code, 0);
    assert.deepEqual(doc.stacks[0].warnings, []);
    assert.equal(doc.summary["warnings"], 0);
  });

  it("measures the code of another project's functions, resolving its asset paths against its folder", () => {
    const bundles = json(magic).stacks[0].violations.filter(
      (v) => v.policy === "function-bundle-size-limit",
    );
    const magicUrn = "urn:pulumi:dev::magic::";
    // Closure serialization finishes in no fixed order, so neither do the registrations.
    assert.deepEqual(bundles.map((v) => v.urn).sort(), [
      `${magicUrn}aws:cloudwatch:EventRuleEventSubscription$aws:lambda/function:Function::every-minute`,
      `${magicUrn}aws:lambda/function:Function::direct`,
      `${magicUrn}aws:s3/bucket:Bucket$aws:s3:BucketEventSubscription$aws:lambda/function:Function::on-upload`,
    ]);
    // Pulumi packs the program's dependencies beside the closure: far above the 1 MiB default.
    for (const v of bundles) {
      assert.match(
        v.message,
        /^Function code package must be at most 1\.0 MiB \(1048576 bytes\); found [0-9.]+ MiB \(\d{7,} bytes\) at inline archive\.$/,
      );
    }
  });

  it("exits 2 listing every problem of a bad --mocks file", () => {
    const file = path.join(UNANSWERED, "mocks-bad.yaml");
    assert.equal(badMocks.code, 2);
    assert.equal(
      badMocks.stderr,
      [
        `tachyon check: ${file}: 4 problems in the --mocks file:`,
        '  "extra": unknown key, got 1. Use "invokes" or "stacks".',
        '  "invokes.listKeys": not an invoke token, want "<package>:<module>:<function>", got "listKeys". Fix the name.',
        '  "invokes.azure-native:storage:listStorageAccountKeys" must be a map of output names to values, got [1,2]. Write { "<output>": <value> }.',
        '  "stacks" must be a map of names to outputs, got "acme/network/dev". Write "stacks": { "<name>": { ... } }.',
        "",
      ].join("\n"),
    );
  });
});
