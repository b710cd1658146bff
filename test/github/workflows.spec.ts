import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { load } from "js-yaml";
import { TACHYON_ROOT } from "../../tools/analyzer/run-check";

const WORKFLOWS = path.join(TACHYON_ROOT, ".github", "workflows");
const VALIDATOR = path.join(TACHYON_ROOT, "node_modules", ".bin", "action-validator");

interface Step {
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
}
interface Job {
  readonly permissions?: Record<string, string>;
  readonly environment?: string;
  readonly steps: Step[];
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly permissions: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

function workflow(name: string): Workflow {
  return load(fs.readFileSync(path.join(WORKFLOWS, name), "utf8")) as Workflow;
}

function runs(job: Job | undefined): string[] {
  return (job?.steps ?? []).flatMap((s) => (s.run === undefined ? [] : [s.run.trim()]));
}

describe(".github/workflows", () => {
  const files = fs.readdirSync(WORKFLOWS).filter((f) => f.endsWith(".yml"));

  it("has the ci, deploy and policy workflows", () => {
    assert.deepEqual(files, ["ci.yml", "deploy.yml", "policy.yml"]);
  });

  for (const file of ["ci.yml", "deploy.yml", "policy.yml"]) {
    it(`${file} passes action-validator`, async () => {
      const result = await new Promise<{ code: number; output: string }>((resolve) => {
        execFile(VALIDATOR, [path.join(WORKFLOWS, file)], (err, stdout, stderr) => {
          resolve({
            code: err === null ? 0 : typeof err.code === "number" ? err.code : -1,
            output: `${stdout}${stderr}`,
          });
        });
      });
      assert.equal(result.code, 0, result.output);
    });

    it(`${file} grants nothing by default, names each job's permissions and pins every action`, () => {
      const doc = workflow(file);
      assert.deepEqual(doc.permissions, {});
      for (const [name, job] of Object.entries(doc.jobs)) {
        assert.ok(job.permissions !== undefined, `${file}: job ${name} has no permissions`);
        for (const step of job.steps)
          if (step.uses !== undefined) assert.match(step.uses, /@v\d+\.\d+\.\d+$/);
      }
    });
  }

  it("ci runs npm ci and npm test on pushes and pull requests with the engines' Node and npm cache", () => {
    const doc = workflow("ci.yml");
    assert.deepEqual(Object.keys(doc.on), ["push", "pull_request"]);
    assert.deepEqual(runs(doc.jobs["test"]), ["npm ci", "npm test"]);
    const setup = doc.jobs["test"]?.steps.find((s) => s.uses?.startsWith("actions/setup-node@"));
    assert.deepEqual(setup?.with, { "node-version-file": "package.json", cache: "npm" });
  });

  it("policy uploads the SARIF, writes the Markdown summary and previews with all three packs", () => {
    const doc = workflow("policy.yml");
    assert.deepEqual(Object.keys(doc.on), ["pull_request"]);
    const check = doc.jobs["check"];
    assert.deepEqual(check?.permissions, { contents: "read", "security-events": "write" });
    assert.ok(runs(check).includes("npx tachyon check --format sarif --output tachyon.sarif"));
    const upload = check?.steps.find((s) =>
      s.uses?.startsWith("github/codeql-action/upload-sarif@"),
    );
    assert.equal(upload?.with?.["sarif_file"], "tachyon.sarif");
    assert.ok(
      runs(check).some((r) =>
        r.startsWith('npx tachyon check --format markdown >> "$GITHUB_STEP_SUMMARY"'),
      ),
    );
    const preview = runs(doc.jobs["preview"]).find((r) => r.includes("pulumi preview")) ?? "";
    for (const pack of ["latency", "residency", "baseline"])
      assert.ok(preview.includes(`--policy-pack policies/${pack} --policy-pack-config "$config"`));
  });

  it("deploy is dispatched by hand into a GitHub environment and runs tachyon up", () => {
    const doc = workflow("deploy.yml");
    assert.deepEqual(Object.keys(doc.on), ["workflow_dispatch"]);
    const up = doc.jobs["up"];
    assert.equal(up?.environment, "${{ inputs.environment }}");
    assert.ok(runs(up).includes('npx tachyon up --env "$TACHYON_ENV" --yes'));
  });
});
