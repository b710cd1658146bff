import * as assert from "node:assert/strict";
import * as path from "node:path";
import { TACHYON_ROOT } from "../../../tools/analyzer/run-check";
import { renderMarkdown } from "../../../tools/report/markdown";
import { topologyMermaid } from "../../../tools/report/mermaid";
import { summarize, type CheckReport, type StackReport } from "../../../tools/report/types";

const STACKS = path.join(TACHYON_ROOT, "stacks");

function stack(name: string, extra: Partial<StackReport> = {}): StackReport {
  return {
    name,
    file: path.join(STACKS, `Pulumi.${name}.yaml`),
    resources: 3,
    resourcesByType: {},
    error: null,
    violations: [],
    remediations: [],
    warnings: [],
    ms: 1,
    ...extra,
  };
}

function report(stacks: StackReport[]): CheckReport {
  return { project: "tachyon", stacks, packs: [], summary: summarize(stacks), ms: 1 };
}

describe("tools/report/markdown", () => {
  it("renders the summary, a violations table per stack and the topology of dev", () => {
    const urn =
      "urn:pulumi:dev-aws-us-east-1::tachyon::tachyon:observability:AwsAlarmTopic$aws:sns/topic:Topic::alarms";
    const text = renderMarkdown(
      report([
        stack("dev-global"),
        stack("dev-aws-us-east-1", {
          violations: [
            {
              pack: "tachyon-baseline",
              policy: "alert-receiver-required",
              level: "mandatory",
              severity: "medium",
              urn,
              message: "SNS topic must have a subscription; found none | really.",
            },
          ],
        }),
      ]),
    );
    assert.equal(
      text,
      [
        "## Tachyon check: ❌ 1 mandatory violation",
        "",
        "2 stacks, 6 resources: 1 mandatory, 0 advisory violations.",
        "",
        "### dev-global: no violations (3 resources)",
        "",
        "### dev-aws-us-east-1: 1 violation",
        "",
        "| Level | Policy | Resource | Message |",
        "| ----- | ------ | -------- | ------- |",
        "| mandatory | `tachyon-baseline/alert-receiver-required` | `alarms` (aws:sns/topic:Topic) | SNS topic must have a subscription; found none \\| really. |",
        "",
        "### Topology of dev",
        "",
        "```mermaid",
        "flowchart LR",
        '  dns{{"DNS dev.trade.example.com (latency records)"}}',
        '  subgraph aws["AWS"]',
        '    aws_us_east_1["aws:us-east-1"]',
        "  end",
        '  subgraph azure["Azure"]',
        '    azure_westeurope["azure:westeurope"]',
        "  end",
        '  aws_entry(["Global Accelerator (anycast)"])',
        "  dns --> aws_entry",
        "  aws_entry --> aws_us_east_1",
        '  azure_entry(["Front Door (anycast)"])',
        "  dns --> azure_entry",
        "  azure_entry --> azure_westeurope",
        '  db_orders[("orders, confidential")]',
        "  db_orders -. replica .- aws_us_east_1",
        '  db_customers[("customers, pii")]',
        "  db_customers -. replica .- azure_westeurope",
        "```",
        "",
      ].join("\n"),
    );
  });

  it("lists a failed stack's problems and draws nothing for a project without topology", () => {
    const text = renderMarkdown(
      report([
        stack("app", {
          file: path.join(
            TACHYON_ROOT,
            "test",
            "fixtures",
            "project",
            "stacks",
            "Pulumi.dev-bad.yaml",
          ),
          error: {
            message: "Config is invalid.",
            problems: [{ path: "fixture:size", message: 'must be a number, got "x".' }],
          },
        }),
      ]),
    );
    assert.equal(
      text,
      [
        "## Tachyon check: ❌ 1 stack failed to run",
        "",
        "1 stack, 3 resources: 0 mandatory, 0 advisory violations.",
        "",
        "### app: failed",
        "",
        "Config is invalid.",
        '- `fixture:size`: must be a number, got "x".',
        "",
      ].join("\n"),
    );
  });

  it("peers each AWS and Azure site with the earlier ones, not GCP sites", () => {
    const diagram = topologyMermaid({
      sites: [
        { id: "aws:us-east-1" },
        { id: "gcp:europe-west1" },
        { id: "aws:eu-west-2" },
        { id: "gcp:europe-west4" },
        { id: "aws:ap-northeast-1" },
      ],
    });
    assert.deepEqual(
      diagram?.split("\n").filter((l) => l.includes("peering")),
      [
        "  aws_eu_west_2 -. peering .- aws_us_east_1",
        "  aws_ap_northeast_1 -. peering .- aws_us_east_1",
        "  aws_ap_northeast_1 -. peering .- aws_eu_west_2",
      ],
    );
    assert.equal(topologyMermaid({ environment: "x" }), undefined);
  });
});
