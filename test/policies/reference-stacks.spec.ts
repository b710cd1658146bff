/**
 * The reference stacks against the real packs, end to end: copies `stacks/` into a temporary
 * folder, breaks it in one way per latency and residency policy and by leaving one site's alerts
 * without a receiver, runs `tachyon check` over it
 * (offline engine, packs started as `pulumi preview` starts them, analyzer gRPC protocol) and
 * asserts that exactly the broken policy fires, on exactly the broken stack. Each mutation hits
 * a different stack, so one check run judges them all.
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";

const ROOT = path.resolve(__dirname, "../..");
const CLI = path.join(ROOT, "bin/tachyon.js");
const PROD_CONFIG = path.join(ROOT, "policies/config/prod.json");

/** One stack of the JSON report. */
interface StackReport {
  name: string;
  error: { message: string; problems: { path: string; message: string }[] } | null;
  violations: { policy: string; level: string; message: string }[];
}

/** What one `tachyon check` run returned. */
interface CheckRun {
  code: number;
  stacks: StackReport[];
}

/** A copy of the reference stacks, with each listed file's `config` changed by `mutate`. */
function mutatedStacks(
  dir: string,
  mutations: Record<string, (config: Record<string, unknown>) => void>,
): string {
  const stacksDir = path.join(dir, "stacks");
  fs.cpSync(path.join(ROOT, "stacks"), stacksDir, { recursive: true });
  for (const [stack, mutate] of Object.entries(mutations)) {
    const file = path.join(stacksDir, `Pulumi.${stack}.yaml`);
    const doc = yaml.load(fs.readFileSync(file, "utf8")) as { config: Record<string, unknown> };
    mutate(doc.config);
    fs.writeFileSync(file, yaml.dump(doc));
  }
  return stacksDir;
}

/** The `tachyon:topology` of a global stack's config. */
type TopologyYaml = {
  workloads: Record<string, { warmInstances: number; latencyBudgetMs: number }>;
  residency: Record<string, string[]>;
};
const topologyOf = (config: Record<string, unknown>) => config["tachyon:topology"] as TopologyYaml;

/** Runs `tachyon check` with JSON output; resolves with the exit code and the report. */
function check(
  dir: string,
  stacksDir: string,
  stacks: string[],
  config: string,
): Promise<CheckRun> {
  const output = path.join(dir, "report.json");
  const args = [CLI, "check", "--stacks-dir", stacksDir, "--policy-pack-config", config];
  for (const s of stacks) args.push("--stack", s);
  args.push("--format", "json", "--output", output);
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: ROOT, timeout: 300_000 }, (err, _stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : -1) : 0;
      if (!fs.existsSync(output)) {
        reject(new Error(`tachyon check wrote no report (exit ${code}): ${stderr}`));
        return;
      }
      const report = JSON.parse(fs.readFileSync(output, "utf8")) as { stacks: StackReport[] };
      resolve({ code, stacks: report.stacks });
    });
  });
}

/**
 * Every mandatory violation as `<policy> @ <stack>: <message>`, sorted. Advisory findings are left
 * out: the reference stacks must pass with no mandatory violation (DESIGN.md §3), not with none.
 */
function mandatory(run: CheckRun): string[] {
  return run.stacks
    .flatMap((s) =>
      s.violations
        .filter((v) => v.level === "mandatory")
        .map((v) => `${v.policy} @ ${s.name}: ${v.message}`),
    )
    .sort();
}

describe("the reference stacks under the real packs", function () {
  // Each run starts three packs (ts-node type-checks them) and runs the stacks' programs.
  this.timeout(600_000);
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-reference-"));
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("fires exactly the broken latency or residency policy on exactly the broken stack", async () => {
    const work = path.join(dir, "policies");
    fs.mkdirSync(work);
    const stacksDir = mutatedStacks(work, {
      "prod-global": (config) => {
        const t = topologyOf(config);
        // GCP site: one warm instance, below prod.json's minimum of 2.
        t.workloads.portfolio.warmInstances = 1;
        // Azure site: no path fits a 1 ms budget.
        t.workloads.fraud.latencyBudgetMs = 1;
      },
      // AWS site: its alarm topic reaches nobody, mandatory in prod.json.
      "prod-aws-ap-northeast-1": (config) => {
        delete config["tachyon:alertEmail"];
      },
    });
    // The firm's rules, stricter than the topology's own residency: confidential data may not
    // sit in the UK (data-residency: the eu-west-2 site's stores) nor be replicated there
    // (replica-residency: the orders global table's eu-west-2 replica, in the global stack).
    const config = JSON.parse(fs.readFileSync(PROD_CONFIG, "utf8")) as Record<
      string,
      { jurisdictions: Record<string, string[]> }
    >;
    const notUk = ["US", "EU", "JP", "SG"];
    config["data-residency"].jurisdictions.confidential = notUk;
    config["replica-residency"].jurisdictions.confidential = notUk;
    const configFile = path.join(work, "prod-not-uk.json");
    fs.writeFileSync(configFile, JSON.stringify(config));

    const run = await check(
      work,
      stacksDir,
      // eu-west-2 peers with us-east-1, so reads its outputs: us-east-1 runs too and stays clean.
      [
        "prod-global",
        "prod-aws-us-east-1",
        "prod-aws-eu-west-2",
        "prod-aws-ap-northeast-1",
        "prod-azure-germanywestcentral",
        "prod-gcp-asia-southeast1",
      ],
      configFile,
    );

    assert.deepEqual(run.stacks.map((s) => [s.name, s.error]).sort(), [
      ["prod-aws-ap-northeast-1", null],
      ["prod-aws-eu-west-2", null],
      ["prod-aws-us-east-1", null],
      ["prod-azure-germanywestcentral", null],
      ["prod-gcp-asia-southeast1", null],
      ["prod-global", null],
    ]);
    // Identical findings (one per confidential store of the eu-west-2 site) collapse into one.
    assert.deepEqual(
      [...new Set(mandatory(run))],
      [
        "alert-receiver-required @ prod-aws-ap-northeast-1: SNS topic a CloudWatch alarm notifies must have a subscription in the stack; found none.",
        'data-residency @ prod-aws-eu-west-2: Resource with data-class "confidential" must live in [US, EU, JP, SG]; found eu-west-2 (GB).',
        // Latency model v2: Frankfurt to Equinix FR2 is one metro (0.9 ms, was 6.0), and the message
        // gives the range and the fibre floor.
        "latency-budget @ prod-azure-germanywestcentral: Latency-critical path of function tachyon-prod-germanywestcentral-fraud-score in azure:germanywestcentral must fit its budget of 1 ms; estimated 1.9 ms, range 1.8-2.1 (invoke 1.0 + azure:germanywestcentral to venue:EUREX 0.9); even with every round trip at its fibre floor it takes 1.04 ms.",
        "provisioned-concurrency-required @ prod-gcp-asia-southeast1: Latency-critical Cloud Function must have at least 2 minimum instances (serviceConfig.minInstanceCount); found 1.",
        'replica-residency @ prod-global: DynamoDB replica of a database with data-class "confidential" must live in [US, EU, JP, SG]; found eu-west-2 (GB).',
      ],
    );
    assert.equal(run.code, 1);
  });

  it("rejects a topology whose residency excludes its own database's region before any policy runs", async () => {
    const work = path.join(dir, "config");
    fs.mkdirSync(work);
    const stacksDir = mutatedStacks(work, {
      "dev-global": (config) => {
        // The customers database (pii) is at azure:westeurope, in the EU.
        topologyOf(config).residency.pii = ["US"];
      },
    });
    const run = await check(work, stacksDir, ["dev-global"], PROD_CONFIG);
    assert.equal(run.code, 2);
    assert.deepEqual(
      run.stacks.map((s) => [s.name, s.error?.problems, s.violations]),
      [
        [
          "dev-global",
          [
            {
              path: "tachyon:topology.workloads.fraud.sites[0]",
              message:
                'is in NL, outside the pii residency (US) of workload "fraud", got "azure:westeurope". Remove the site or add NL to tachyon:topology.residency.pii.',
            },
            {
              path: "tachyon:topology.databases.customers.sites[0]",
              message:
                'is in NL, outside the pii residency (US) of database "customers", got "azure:westeurope". Remove the site or add NL to tachyon:topology.residency.pii.',
            },
          ],
          [],
        ],
      ],
    );
  });
});
