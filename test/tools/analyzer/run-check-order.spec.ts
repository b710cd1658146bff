import * as assert from "node:assert/strict";
import * as path from "node:path";
import { runCheck } from "../../../tools/analyzer/run-check";
import { FORMATS, render } from "../../../tools/report/index";
import type { CheckReport } from "../../../tools/report/types";

const FIXTURES = path.join(__dirname, "..", "..", "fixtures");
// Declares its buckets, queues and invokes in a new random order on every run.
const PROJECT = path.join(FIXTURES, "shuffled");
const PACK = path.join(FIXTURES, "policy-pack");
const URN = "urn:pulumi:dev::shuffled::";
const RUNS = 4;

// Timings are the one part of a report that may differ between two runs of the same check.
function withoutTimings(report: CheckReport): CheckReport {
  return { ...report, ms: 0, stacks: report.stacks.map((s) => ({ ...s, ms: 0 })) };
}

describe("runCheck report order", () => {
  const reports: CheckReport[] = [];

  // One run at a time: each starts the fixture pack, and the machine may be busy.
  before(async function () {
    this.timeout(240_000);
    for (let i = 0; i < RUNS; i++)
      reports.push(
        withoutTimings(await runCheck({ project: PROJECT, policyPacks: [PACK], parallelism: 1 })),
      );
  });

  for (const format of FORMATS) {
    it(`writes byte-identical ${format} for every run of a program that registers in random order`, () => {
      const [first, ...rest] = reports.map((r) =>
        render(r, format, { cwd: PROJECT, version: "1.0.0" }),
      );
      for (const other of rest) assert.equal(other, first);
    });
  }

  it("lists violations by pack, policy, resource URN and message", () => {
    assert.deepEqual(
      reports[0].stacks[0].violations.map((v) => `${v.policy} ${v.urn}`),
      [
        `bucket-encryption-required ${URN}aws:s3/bucket:Bucket::alpha`,
        `bucket-encryption-required ${URN}aws:s3/bucket:Bucket::mike`,
        `bucket-encryption-required ${URN}aws:s3/bucket:Bucket::zulu`,
        `queue-follows-bucket ${URN}pulumi:pulumi:Stack::shuffled-dev`,
        `queue-retention-limit ${URN}aws:sqs/queue:Queue::bravo`,
        `queue-retention-limit ${URN}aws:sqs/queue:Queue::yankee`,
      ],
    );
  });

  it("lists warnings by kind, resource URN and message, and remediations by policy and URN", () => {
    const [stack] = reports[0].stacks;
    assert.deepEqual(
      stack.warnings.map((w) => w.message.slice(0, 30)),
      ['Invoke "acme:index:getAccount"', 'Invoke "acme:index:getZone" ha'],
    );
    assert.deepEqual(
      stack.remediations.map((r) => `${r.policy} ${r.urn}`),
      ["alpha", "mike", "zulu"].map((n) => `bucket-owner-tag ${URN}aws:s3/bucket:Bucket::${n}`),
    );
  });

  it("keys resourcesByType in type order", () => {
    assert.deepEqual(Object.keys(reports[0].stacks[0].resourcesByType), [
      "aws:s3/bucket:Bucket",
      "aws:sqs/queue:Queue",
      "pulumi:pulumi:Stack",
    ]);
  });
});
