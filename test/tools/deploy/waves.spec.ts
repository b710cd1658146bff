import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { TACHYON_ROOT } from "../../../tools/analyzer/run-check";
import { planEnvironment } from "../../../tools/deploy/waves";
import { ProjectError, readProject } from "../../../tools/engine/project";

const TOPOLOGY = `config:
  tachyon:topology:
    environment: qa
    sites:
      - id: aws:us-east-1
      - id: gcp:europe-west1
      - id: aws:eu-west-2
      - id: gcp:europe-west4
      - id: aws:ap-northeast-1
`;

function site(id: string, global = "qa-global"): string {
  return `config:\n  tachyon:site: ${id}\n  tachyon:globalStack: org/tachyon/${global}\n`;
}

function project(files: Record<string, string>): ReturnType<typeof readProject> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-waves-"));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return readProject(TACHYON_ROOT, dir);
}

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof ProjectError);
    return err.message;
  }
  assert.fail("expected a ProjectError");
}

describe("tools/deploy/waves", () => {
  it("puts prod-global alone first and each prod site once, AWS sites in topology order", () => {
    const plan = planEnvironment(readProject(TACHYON_ROOT), "prod");
    assert.deepEqual(plan.waves, [
      ["prod-global"],
      ["prod-aws-us-east-1", "prod-azure-germanywestcentral", "prod-gcp-asia-southeast1"],
      ["prod-aws-eu-west-2"],
      ["prod-aws-ap-northeast-1"],
    ]);
  });

  it("runs the n-th site of every cloud in wave n + 1, whatever the stack names", () => {
    const plan = planEnvironment(
      project({
        "Pulumi.qa-global.yaml": TOPOLOGY,
        "Pulumi.a.yaml": site("aws:ap-northeast-1"),
        "Pulumi.b.yaml": site("gcp:europe-west4"),
        "Pulumi.c.yaml": site("aws:eu-west-2"),
        "Pulumi.d.yaml": site("gcp:europe-west1"),
        "Pulumi.e.yaml": site("aws:us-east-1"),
        "Pulumi.other.yaml": site("aws:us-east-1", "prod-global"),
      }),
      "qa",
    );
    assert.deepEqual(plan.waves, [["qa-global"], ["e", "d"], ["c", "b"], ["a"]]);
    assert.deepEqual(plan.stacks[3], [
      { name: "a", site: "aws:ap-northeast-1", peersWith: ["aws:us-east-1", "aws:eu-west-2"] },
    ]);
  });

  it("names every site without a stack and every stack without a site", () => {
    const message = messageOf(() =>
      planEnvironment(
        project({
          "Pulumi.qa-global.yaml": TOPOLOGY,
          "Pulumi.qa-aws-us-east-1.yaml": site("aws:us-east-1"),
          "Pulumi.qa-aws-us-west-2.yaml": site("aws:us-west-2"),
          "Pulumi.qa-gcp-europe-west1.yaml": site("gcp:europe-west1"),
          "Pulumi.qa-aws-eu-west-2.yaml": site("aws:eu-west-2"),
          "Pulumi.qa-gcp-europe-west4.yaml": site("gcp:europe-west4"),
        }),
        "qa",
      ),
    );
    const dir = message.split(":")[0];
    assert.equal(
      message,
      [
        `${dir}: stack qa-aws-us-west-2 must deploy a site of qa-global's topology, got "aws:us-west-2". Add the site to the topology or remove the stack.`,
        `${dir}: site "aws:ap-northeast-1" of qa-global's topology must have a regional stack, got none. Add Pulumi.qa-aws-ap-northeast-1.yaml with "tachyon:site: aws:ap-northeast-1".`,
      ].join("\n"),
    );
  });

  it("refuses two stacks for one site", () => {
    const files = {
      "Pulumi.qa-global.yaml":
        "config:\n  tachyon:topology:\n    environment: qa\n    sites:\n      - id: aws:us-east-1\n",
      "Pulumi.one.yaml": site("aws:us-east-1"),
      "Pulumi.two.yaml": site("aws:us-east-1"),
    };
    const p = project(files);
    assert.equal(
      messageOf(() => planEnvironment(p, "qa")),
      `${p.stacksDir}: site "aws:us-east-1" must have one regional stack, got one and two. Remove one of them.`,
    );
  });

  it("lists the known environments when the one asked for has no global stack", () => {
    const p = project({ "Pulumi.qa-global.yaml": TOPOLOGY });
    assert.equal(
      messageOf(() => planEnvironment(p, "prod")),
      `--env: no global stack of environment "prod" in ${p.stacksDir}, got environments qa. Pick one of them or add a stack with "tachyon:topology.environment: prod".`,
    );
  });
});
