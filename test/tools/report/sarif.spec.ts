import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { defaultPolicyPacks, runCheck, TACHYON_ROOT } from "../../../tools/analyzer/run-check";
import { pascalCase, renderSarif } from "../../../tools/report/sarif";
import type { CheckReport } from "../../../tools/report/types";

const FIXTURES = path.join(TACHYON_ROOT, "test", "fixtures");
// npm does not run the package's postinstall, which sets the run bit; a fresh `npm ci` leaves the
// binary non-executable, so this spec sets it.
const MULTITOOL = path.join(
  TACHYON_ROOT,
  "node_modules",
  "@microsoft",
  "sarif-multitool-linux",
  "Sarif.Multitool",
);

interface Sarif {
  runs: {
    tool: {
      driver: {
        rules: { id: string; name: string; help: { text: string }; helpUri: string }[];
      };
    };
    results: { ruleId: string; locations: { physicalLocation: unknown }[] }[];
  }[];
}

/** Runs the Multitool with GitHub's ingestion rules; resolves to its output and exit code. */
function validate(file: string): Promise<{ code: number; output: string }> {
  fs.chmodSync(MULTITOOL, 0o755);
  return new Promise((resolve) => {
    execFile(
      MULTITOOL,
      ["validate", file, "--rule-kind", "Gh;Sarif", "--level", "Error;Warning"],
      { timeout: 120_000 },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === "number" ? err.code : -1;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

describe("tools/report/sarif (GitHub code scanning)", () => {
  let report: CheckReport;
  let sarif: Sarif;
  let file: string;

  // The fixture project violates Tachyon's packs and the fixture pack, and has a bad stack.
  before(async function () {
    this.timeout(180_000);
    report = await runCheck({
      project: path.join(FIXTURES, "project"),
      stacks: ["dev-app", "dev-bad", "dev-global"],
      policyPacks: [...defaultPolicyPacks(), path.join(FIXTURES, "policy-pack")],
    });
    const text = renderSarif(report, {
      cwd: TACHYON_ROOT,
      version: "1.2.3",
      repositoryUrl: "https://github.com/acme/tachyon/blob/0123abc",
    });
    sarif = JSON.parse(text) as Sarif;
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-sarif-")), "check.sarif");
    fs.writeFileSync(file, text);
  });

  it("validates with no error and no warning under the Multitool's Gh and Sarif rules", async function () {
    this.timeout(120_000);
    assert.ok(report.summary.mandatory + report.summary.advisory > 0, "the fixture must violate");
    const { code, output } = await validate(file);
    const problems = output.split("\n").filter((l) => /: (error|warning) [A-Z]+\d+:/.test(l));
    assert.deepEqual(problems, []);
    assert.equal(code, 0, output);
  });

  it("gives every rule help text with its fix and the pack's README as helpUri", () => {
    const rules = sarif.runs[0]?.tool.driver.rules ?? [];
    const dnsTtl = rules.find((r) => r.id === "tachyon-latency/dns-ttl-limit");
    assert.deepEqual(dnsTtl && { name: dnsTtl.name, help: dnsTtl.help.text, uri: dnsTtl.helpUri }, {
      name: "DnsTtlLimit",
      help: "Latency-, geoproximity- and failover-routed DNS records have a TTL of at most maxTtlSeconds.\n\nHow to fix: Lower the routed record's `ttl` to at most `maxTtlSeconds` (60 by default).",
      uri: "https://github.com/acme/tachyon/blob/0123abc/policies/README.md",
    });
    const fixture = rules.find((r) => r.id.startsWith("fixture-policies/"));
    assert.equal(fixture?.helpUri, "https://www.pulumi.com/docs/iac/using-pulumi/crossguard/");
    assert.ok(
      fixture?.help.text.endsWith(
        "\n\nHow to fix: Change the resource as the violation's message says, or lower this policy's enforcement level in the --policy-pack-config file if it does not apply.",
      ),
    );
    for (const rule of rules) assert.match(rule.name, /^[A-Z][A-Za-z0-9]*$/);
  });

  it("names rules in PascalCase", () => {
    assert.deepEqual(
      ["provisioned-concurrency-required", "no-wildcard-iam", "dns-ttl-limit", "a_b c"].map(
        pascalCase,
      ),
      ["ProvisionedConcurrencyRequired", "NoWildcardIam", "DnsTtlLimit", "ABC"],
    );
  });
});
