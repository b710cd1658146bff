/**
 * A GCP site in another project than its global stack, end to end: `tachyon check` over a copy
 * of prod-global and its GCP site, the site's `gcp:project` changed, stops the site as bad config
 * (exit 2) naming both projects, while the global stack runs clean. The global stack's run is
 * what the site's StackReference reads, so this also checks that it exports its project.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";

const ROOT = path.resolve(__dirname, "../..");
const CLI = path.join(ROOT, "bin/tachyon.js");
// A small pack: the programs are under test here, not the policies.
const PACK = path.join(ROOT, "test/fixtures/policy-pack");
const SITE = "prod-gcp-asia-southeast1";

interface StackReport {
  name: string;
  resources: number;
  error: { message: string; problems: { path: string; message: string }[] } | null;
}

describe("a GCP site in another project than its global stack, under tachyon check", function () {
  this.timeout(300_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-gcp-project-"));
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("stops the site with a config error naming both projects; the global stack runs", async () => {
    const stacksDir = path.join(dir, "stacks");
    fs.mkdirSync(stacksDir);
    for (const stack of ["prod-global", SITE]) {
      fs.copyFileSync(
        path.join(ROOT, "stacks", `Pulumi.${stack}.yaml`),
        path.join(stacksDir, `Pulumi.${stack}.yaml`),
      );
    }
    const file = path.join(stacksDir, `Pulumi.${SITE}.yaml`);
    const doc = yaml.load(fs.readFileSync(file, "utf8")) as { config: Record<string, unknown> };
    assert.equal(doc.config["gcp:project"], "tachyon-prod");
    doc.config["gcp:project"] = "tachyon-fx";
    fs.writeFileSync(file, yaml.dump(doc));

    const output = path.join(dir, "report.json");
    const args = [CLI, "check", "--stacks-dir", stacksDir, "--policy-pack", PACK];
    args.push("--format", "json", "--output", output);
    const code = await new Promise<number>((resolve) => {
      execFile(process.execPath, args, { cwd: ROOT, timeout: 280_000 }, (err) => {
        resolve(err ? (typeof err.code === "number" ? err.code : -1) : 0);
      });
    });
    const report = JSON.parse(fs.readFileSync(output, "utf8")) as { stacks: StackReport[] };
    assert.equal(code, 2);
    const byName = new Map(report.stacks.map((s) => [s.name, s]));
    assert.equal(byName.get("prod-global")?.error, null);
    assert.deepEqual(byName.get(SITE)?.error?.problems, [
      {
        path: "gcp:project",
        message: `differs from the project of the global stack prod-global ("tachyon-prod"), got "tachyon-fx". Set "gcp:project" of this stack to "tachyon-prod": the site's subnet joins the global stack's VPC network and its Cloud Run services sit behind the global stack's serverless NEGs, which must be in the same project.`,
      },
    ]);
  });
});
