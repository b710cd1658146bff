import * as assert from "node:assert/strict";
import { run } from "../../../tools/commands/plan";
import { capture } from "./capture";

describe("tools/commands/plan", () => {
  it("prints the dev waves as the JSON of DESIGN.md §6", async () => {
    const out = await capture(run, ["--env", "dev", "--format", "json"]);
    assert.equal(out.code, 0);
    assert.deepEqual(JSON.parse(out.stdout), {
      environment: "dev",
      waves: [["dev-global"], ["dev-aws-us-east-1", "dev-azure-westeurope"]],
    });
  });

  it("explains each stack's wave in text", async () => {
    const out = await capture(run, ["--env", "dev"]);
    assert.equal(
      out.stdout,
      [
        "Environment dev: 3 stacks in 2 waves (stacks of one wave may run at once).",
        "",
        "Wave 1:",
        `  ${"dev-global".padEnd(36)} global stack: topology, global databases, DNS, entry points`,
        "",
        "Wave 2:",
        `  ${"dev-aws-us-east-1".padEnd(36)} site aws:us-east-1, first of its cloud (reads the global stack)`,
        `  ${"dev-azure-westeurope".padEnd(36)} site azure:westeurope, first of its cloud (reads the global stack)`,
        "",
      ].join("\n"),
    );
  });

  it("renders the plan and the topology diagram in Markdown", async () => {
    const out = await capture(run, ["--env", "prod", "--format", "markdown"]);
    assert.equal(out.code, 0);
    assert.ok(
      out.stdout.includes(
        "| 4 | `prod-aws-ap-northeast-1` | site aws:ap-northeast-1, peers with aws:us-east-1, aws:eu-west-2 |\n",
      ),
    );
    assert.ok(out.stdout.includes("```mermaid\nflowchart LR\n"));
    assert.ok(out.stdout.includes("  aws_ap_northeast_1 -. peering .- aws_eu_west_2\n"));
  });

  it("requires --env, exit 2", async () => {
    const out = await capture(run, ["--format", "json"]);
    assert.equal(out.code, 2);
    assert.ok(
      out.stderr.startsWith(
        "tachyon plan: --env: an environment is required, got none. Pass e.g. --env prod.\n",
      ),
    );
  });
});
