import * as assert from "node:assert/strict";
import * as path from "node:path";
import { execFile } from "node:child_process";

const ROOT = path.join(__dirname, "..", "..", "..");
const FIXTURES = path.join(ROOT, "test", "fixtures");
const BIN = path.join(ROOT, "bin", "tachyon.js");

interface Stack {
  violations: { policy: string; urn: string; message: string }[];
  warnings: { kind: string; message: string; urn?: string }[];
}
interface Report {
  stacks: Stack[];
  summary: Record<string, number>;
}

/** `tachyon check --format json` of a fixture project against the baseline and residency packs. */
function check(project: string): Promise<{ code: number; report: Report }> {
  const dir = path.join(FIXTURES, project);
  const argv = [
    BIN,
    "check",
    "--project",
    dir,
    "--policy-pack",
    path.join(ROOT, "policies", "baseline"),
    "--policy-pack",
    path.join(ROOT, "policies", "residency"),
    "--policy-pack-config",
    path.join(dir, "residency.json"),
    "--format",
    "json",
  ];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, argv, { timeout: 200_000 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof err.code === "number" ? err.code : undefined;
      if (code === undefined || stdout === "") reject(err ?? new Error(stderr));
      else resolve({ code, report: JSON.parse(stdout) as Report });
    });
  });
}

/** `policy name: message` of each violation, in report order (pack, policy, URN, message). */
const verdicts = (s: Stack) =>
  s.violations.map((v) => `${v.policy} ${v.urn.split("::").pop()}: ${v.message}`);

describe("tachyon check on programs using older type tokens", () => {
  let gcp: { code: number; report: Report };
  let azure: { code: number; report: Report };

  before(async () => {
    [gcp, azure] = await Promise.all([check("gcp-gen1"), check("azure-classic")]);
  });

  it("judges first-generation Cloud Functions and Cloud Run v1 like their successors", () => {
    assert.equal(gcp.code, 1);
    assert.deepEqual(verdicts(gcp.report.stacks[0]), [
      "no-public-function-endpoint quote: Cloud Function must set ingressSettings to ALLOW_INTERNAL_ONLY or ALLOW_INTERNAL_AND_GCLB unless labelled exposure: public; found the default ALLOW_ALL.",
      'no-public-function-endpoint quote-invoker: IAM grant on a function must name its callers unless the function is labelled exposure: public; found member "allUsers".',
      'no-public-function-endpoint prices-invoker: IAM grant on a function must name its callers unless the function is labelled exposure: public; found member "allUsers".',
      "no-public-function-endpoint prices: Cloud Run service must set the run.googleapis.com/ingress annotation to internal or internal-and-cloud-load-balancing unless labelled exposure: public; found all.",
      'data-residency quote: Resource with data-class "pii" must live in [EU]; found us-central1 (US).',
    ]);
  });

  it("judges classic azure and azure-native v1 documentdb accounts like azure-native v3", () => {
    assert.equal(azure.code, 1);
    assert.deepEqual(verdicts(azure.report.stacks[0]), [
      "deletion-protection quotes: Cosmos DB account must have a CanNotDelete management lock; found none on the account or its resource group.",
      'encryption-at-rest quotes: Cosmos DB account must set minimalTlsVersion to "Tls12"; found "Tls11".',
      "encryption-at-rest archive: Storage account must accept HTTPS traffic only; found httpsTrafficOnlyEnabled false.",
      'point-in-time-recovery quotes: Cosmos DB account must set backup.type to "Continuous"; found "Periodic".',
      'data-residency quotes: Resource with data-class "pii" must live in [EU]; found eastus (US).',
    ]);
  });

  it("lists per stack the types no policy looked at, counted in the summary", () => {
    assert.deepEqual(gcp.report.stacks[0].warnings, [
      {
        kind: "unjudged-type",
        message:
          "No policy of the selected packs judges 1 resource type of this stack: gcp:pubsub/topic:Topic (1 resource).",
      },
    ]);
    assert.deepEqual(azure.report.stacks[0].warnings, [
      {
        kind: "unjudged-type",
        message:
          "No policy of the selected packs judges 1 resource type of this stack: azure:network/virtualNetwork:VirtualNetwork (1 resource).",
      },
    ]);
    assert.deepEqual(
      [gcp.report.summary.warnings, azure.report.summary.warnings, azure.report.summary.mandatory],
      [1, 1, 5],
    );
  });
});
