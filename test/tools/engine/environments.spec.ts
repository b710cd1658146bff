import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { TACHYON_ROOT } from "../../../tools/analyzer/run-check";
import { refuseDuplicateGlobalStacks } from "../../../tools/engine/environments";
import { ProjectError, readProject } from "../../../tools/engine/project";

const GLOBAL = (env: string): string =>
  `config:\n  tachyon:topology:\n    environment: ${env}\n    sites: []\n`;
const REGIONAL = "config:\n  tachyon:site: aws:us-east-1\n  tachyon:globalStack: prod-global\n";

function stacks(files: Record<string, string>): ReturnType<typeof readProject> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-envs-"));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return readProject(TACHYON_ROOT, dir);
}

describe("tools/engine/environments", () => {
  it("refuses two global stacks for one environment, naming both", () => {
    const project = stacks({
      "Pulumi.prod-global.yaml": GLOBAL("prod"),
      "Pulumi.prod-global2.yaml": GLOBAL("prod"),
      "Pulumi.dev-global.yaml": GLOBAL("dev"),
      "Pulumi.prod-aws-us-east-1.yaml": REGIONAL,
    });
    assert.throws(
      () => refuseDuplicateGlobalStacks(project),
      (err: Error) => {
        assert.ok(err instanceof ProjectError);
        assert.equal(
          err.message,
          `${project.stacksDir}: environment "prod" must have one global stack, got 2 (prod-global, prod-global2) setting "tachyon:topology". Keep "tachyon:topology" in one of them and make the others regional stacks.`,
        );
        return true;
      },
    );
  });

  it("accepts one global stack per environment and skips files its own run reports", () => {
    const project = stacks({
      "Pulumi.prod-global.yaml": GLOBAL("prod"),
      "Pulumi.dev-global.yaml": GLOBAL("dev"),
      "Pulumi.dev-broken.yaml": "config: [unclosed\n",
    });
    assert.doesNotThrow(() => refuseDuplicateGlobalStacks(project));
  });
});
