import * as assert from "node:assert/strict";
import fc from "fast-check";
import { FORMATS, render } from "../../../tools/report/index";
import { compareViolations, compareWarnings, orderStackReport } from "../../../tools/report/order";
import {
  summarize,
  type CheckReport,
  type StackReport,
  type Violation,
  type Warning,
} from "../../../tools/report/types";

const URN = "urn:pulumi:prod-global::tachyon::";

function violation(over: Partial<Violation>): Violation {
  return {
    pack: "tachyon-baseline",
    policy: "deletion-protection",
    level: "mandatory",
    severity: "medium",
    urn: `${URN}aws:dynamodb/table:Table::orders`,
    message: "Table must enable deletion protection; found none.",
    ...over,
  };
}

// In the documented order: pack, policy, URN, message, level, severity.
const VIOLATIONS: Violation[] = [
  violation({ urn: `${URN}aws:dynamodb/table:Table::accounts` }),
  violation({ message: "Table must enable deletion protection; found false." }),
  violation({}),
  violation({ level: "advisory", severity: "low", message: "Z" }),
  violation({ level: "advisory", message: "Z" }),
  violation({ level: "mandatory", severity: "high", message: "Z" }),
  violation({ policy: "point-in-time-recovery", urn: `${URN}aws:dynamodb/table:Table::accounts` }),
  violation({ pack: "tachyon-latency", policy: "dns-ttl-limit" }),
  violation({ pack: "tachyon-residency", policy: "data-residency", urn: `${URN}a` }),
];

const WARNINGS: Warning[] = [
  { kind: "remote-component", message: "b" },
  { kind: "unknown-invoke", message: "a" },
  { kind: "unknown-invoke", message: "b" },
  { kind: "unknown-invoke", message: "a", urn: `${URN}aws:s3/bucket:Bucket::logs` },
  { kind: "unknown-invoke", message: "a", urn: `${URN}aws:s3/bucket:Bucket::logs2` },
];

const STACK: StackReport = {
  name: "prod-global",
  file: "/repo/stacks/Pulumi.prod-global.yaml",
  resources: 3,
  resourcesByType: {
    "pulumi:pulumi:Stack": 1,
    "aws:dynamodb/table:Table": 1,
    "aws:s3/bucket:Bucket": 1,
  },
  error: null,
  violations: VIOLATIONS,
  remediations: [
    { pack: "tachyon-baseline", policy: "encryption-at-rest", urn: `${URN}b` },
    { pack: "tachyon-baseline", policy: "encryption-at-rest", urn: `${URN}a` },
    { pack: "tachyon-baseline", policy: "add-tags", urn: `${URN}c` },
  ],
  warnings: WARNINGS,
  ms: 1200,
};

function reportOf(stack: StackReport): CheckReport {
  return {
    project: "tachyon",
    dir: "/repo",
    stacks: [stack],
    packs: ["tachyon-baseline", "tachyon-latency", "tachyon-residency"].map((name) => ({
      name,
      version: "0.1.0",
      dir: `/repo/policies/${name}`,
      policies: ["data-residency", "deletion-protection", "dns-ttl-limit"].map((p) => ({
        name: p,
        description: `${p} holds.`,
        enforcementLevel: "mandatory",
        severity: "medium",
      })),
    })),
    summary: summarize([stack]),
    ms: 4321,
  };
}

describe("tools/report/order", () => {
  it("orders a known list of violations by pack, policy, URN, message, level and severity", () => {
    const shuffled = [5, 8, 0, 3, 7, 1, 6, 4, 2].map((i) => VIOLATIONS[i]);
    assert.deepEqual([...shuffled].sort(compareViolations), VIOLATIONS);
  });

  it("orders warnings by kind, then URN with those about no resource first, then message", () => {
    const shuffled = [4, 2, 0, 3, 1].map((i) => WARNINGS[i]);
    assert.deepEqual([...shuffled].sort(compareWarnings), WARNINGS);
  });

  it("compares by code unit, not by locale: upper case before lower case", () => {
    assert.equal(compareViolations(violation({ pack: "Zeta" }), violation({ pack: "alpha" })), -1);
  });

  it("orders remediations by pack, policy and URN, and resource types by name", () => {
    const ordered = orderStackReport(STACK);
    assert.deepEqual(
      ordered.remediations.map((r) => `${r.policy} ${r.urn}`),
      [`add-tags ${URN}c`, `encryption-at-rest ${URN}a`, `encryption-at-rest ${URN}b`],
    );
    assert.deepEqual(Object.keys(ordered.resourcesByType), [
      "aws:dynamodb/table:Table",
      "aws:s3/bucket:Bucket",
      "pulumi:pulumi:Stack",
    ]);
  });

  it("renders byte-identical reports in every format whatever order the lists arrive in", () => {
    const expected = FORMATS.map((f) =>
      render(reportOf(orderStackReport(STACK)), f, { cwd: "/repo", version: "1.0.0" }),
    );
    fc.assert(
      fc.property(
        fc.shuffledSubarray(VIOLATIONS, { minLength: VIOLATIONS.length }),
        fc.shuffledSubarray(WARNINGS, { minLength: WARNINGS.length }),
        fc.shuffledSubarray(STACK.remediations, { minLength: STACK.remediations.length }),
        fc.shuffledSubarray(Object.entries(STACK.resourcesByType), { minLength: 3 }),
        (violations, warnings, remediations, types) => {
          const stack = orderStackReport({
            ...STACK,
            violations,
            warnings,
            remediations,
            resourcesByType: Object.fromEntries(types),
          });
          const got = FORMATS.map((f) =>
            render(reportOf(stack), f, { cwd: "/repo", version: "1.0.0" }),
          );
          assert.deepEqual(got, expected);
        },
      ),
      { numRuns: 50 },
    );
  });
});
