import * as assert from "node:assert/strict";
import { xml } from "../../../tools/report/junit";
import { renderJson } from "../../../tools/report/json";
import { renderText, summaryLine } from "../../../tools/report/text";
import { summarize, type CheckReport, type StackReport } from "../../../tools/report/types";

const STACK: StackReport = {
  name: "prod-global",
  file: "/repo/stacks/Pulumi.prod-global.yaml",
  resources: 2,
  resourcesByType: { "pulumi:pulumi:Stack": 1, "aws:dynamodb/table:Table": 1 },
  error: null,
  violations: [],
  remediations: [],
  warnings: [],
  ms: 1200,
};

function reportOf(stacks: StackReport[]): CheckReport {
  return {
    project: "tachyon",
    stacks,
    packs: [
      { name: "tachyon-baseline", version: "0.1.0", dir: "/repo/policies/baseline", policies: [] },
    ],
    summary: summarize(stacks),
    ms: 4321,
  };
}

describe("tools/report", () => {
  it("says PASSED with totals when no stack has a mandatory violation", () => {
    assert.equal(
      renderText(reportOf([STACK]), { cwd: "/repo" }),
      'Checked project "tachyon": 1 stack against tachyon-baseline@0.1.0.\n\nprod-global  ok  2 resources, no violations\n\nPASSED: 1 stack, 2 resources, 0 mandatory, 0 advisory (4.3 s).\n',
    );
  });

  it("says BLOCKED when a mandatory violation remains and counts advisory ones apart", () => {
    const v = {
      pack: "tachyon-baseline",
      policy: "deletion-protection",
      severity: "medium",
      urn: "urn:pulumi:prod-global::tachyon::aws:dynamodb/table:Table::orders",
      message: "Table must enable deletion protection; found none.",
    };
    const stack = {
      ...STACK,
      violations: [
        { ...v, level: "mandatory" as const },
        { ...v, level: "advisory" as const },
      ],
    };
    assert.equal(
      summaryLine(reportOf([stack])),
      "BLOCKED: 1 stack, 2 resources, 1 mandatory, 1 advisory (4.3 s).",
    );
  });

  it("keeps the JSON to the contract keys only", () => {
    const doc = JSON.parse(renderJson(reportOf([STACK])));
    assert.deepEqual(Object.keys(doc), ["stacks", "summary"]);
    assert.deepEqual(Object.keys(doc.stacks[0]), [
      "name",
      "resources",
      "resourcesByType",
      "error",
      "violations",
      "warnings",
    ]);
    assert.deepEqual(doc.summary, {
      stacks: 1,
      resources: 2,
      mandatory: 0,
      advisory: 0,
      warnings: 0,
    });
  });

  it("lists a stack's warnings under it and counts them in the summary, keeping the verdict", () => {
    const stack: StackReport = {
      ...STACK,
      warnings: [
        { kind: "unknown-invoke", message: 'Invoke "x:y:z" has no offline answer.' },
        {
          kind: "remote-component",
          message: "Component awsx:ec2:Vpc is remote.",
          urn: "urn:pulumi:prod-global::tachyon::awsx:ec2:Vpc::vpc",
        },
      ],
    };
    assert.equal(
      renderText(reportOf([stack]), { cwd: "/repo" }),
      'Checked project "tachyon": 1 stack against tachyon-baseline@0.1.0.\n\nprod-global  ok  2 resources, no violations\n  warnings:\n    [unknown-invoke] Invoke "x:y:z" has no offline answer.\n    [remote-component] Component awsx:ec2:Vpc is remote.\n\nPASSED: 1 stack, 2 resources, 0 mandatory, 0 advisory, 2 warnings (4.3 s).\n',
    );
    assert.deepEqual(JSON.parse(renderJson(reportOf([stack]))).stacks[0].warnings, stack.warnings);
  });

  it("escapes XML specials and drops control characters XML cannot carry", () => {
    assert.equal(xml(`a<b & "c" 'd'>\u0007e`), "a&lt;b &amp; &quot;c&quot; &apos;d&apos;&gt;e");
  });
});
