import * as assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { parseStackConfig } from "../model/config";
import type { Topology } from "../model/types";
import type { DriverResult } from "./index.driver";

const ROOT = path.join(__dirname, "..");
const STACK = "pulumi:pulumi:Stack";

/** A stack file's config as the Pulumi CLI hands it to the program: every value a string. */
function stackConfig(stack: string): Record<string, string> {
  const file = path.join(ROOT, "stacks", `Pulumi.${stack}.yaml`);
  const doc = yaml.load(fs.readFileSync(file, "utf8")) as { config: Record<string, unknown> };
  return Object.fromEntries(
    Object.entries(doc.config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
  );
}

function topologyOf(stack: string): Topology {
  const parsed = parseStackConfig(stackConfig(stack));
  assert.ok("kind" in parsed && parsed.kind === "global");
  return parsed.topology;
}

/** Runs index.ts under the mock runtime in a fresh process. */
function runProgram(
  stack: string,
  config: Record<string, string>,
  stackOutputs: Record<string, Record<string, unknown>>,
): Promise<DriverResult> {
  const input = JSON.stringify({ stack, config, stackOutputs, stubClouds: true });
  const args = ["--require", "tsx/cjs", path.join(__dirname, "index.driver.ts"), input];
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: ROOT, encoding: "utf8" }, (error, stdout, stderr) => {
      if (error === null) return resolve(JSON.parse(stdout) as DriverResult);
      const tail = stderr
        .split("\n")
        .filter((l) => l.length < 400)
        .slice(-12)
        .join("\n");
      reject(new Error(`the program's process failed for stack ${stack}:\n${tail}`));
    });
  });
}

// Each run is a process that loads the Pulumi SDK and the providers (seconds): the runs start
// together, a few at a time, and each test awaits its own.
const PARALLEL = 3;
const pending: (() => void)[] = [];
let active = 0;
const results = new Map<string, Promise<DriverResult>>();

/** Queues a run; `run` with the same key returns the same result. */
function run(
  stack: string,
  config: Record<string, string>,
  stackOutputs: Record<string, Record<string, unknown>> = {},
): Promise<DriverResult> {
  const key = JSON.stringify([stack, config, stackOutputs]);
  let result = results.get(key);
  if (result === undefined) {
    result = new Promise<void>((start) => {
      pending.push(start);
      pump();
    })
      .then(() => runProgram(stack, config, stackOutputs))
      .finally(() => {
        active--;
        pump();
      });
    results.set(key, result);
  }
  return result;
}

function pump(): void {
  while (active < PARALLEL && pending.length > 0) {
    active++;
    pending.shift()?.();
  }
}

const beyondStack = (r: DriverResult): string[] =>
  r.registered.filter((x) => x.type !== STACK).map((x) => `${x.type} ${x.name}`);

const GLOBAL_OUTPUTS = {
  topology: topologyOf("prod-global"),
  aws: { zone: "Z123" },
  gcp: { project: "tachyon-prod" },
};

const PARTNER_INTERCONNECT = { type: "PARTNER", edgeAvailabilityDomain: "AVAILABILITY_DOMAIN_2" };

function badDevTopology(): Record<string, string> {
  const config = stackConfig("dev-global");
  const bad = JSON.parse(config["tachyon:topology"]) as { sites: { cidr: string }[] };
  bad.sites[1].cidr = "10.110.128.0/17";
  return { ...config, "tachyon:topology": JSON.stringify(bad) };
}

/** Every program run the specs look at; `before` starts them all, each test awaits its own. */
const scenarios = {
  prodGlobal: () => run("prod-global", stackConfig("prod-global")),
  devGlobal: () => run("dev-global", stackConfig("dev-global")),
  badGlobal: () => run("dev-global", badDevTopology()),
  thirdAwsSite: () =>
    run("prod-aws-ap-northeast-1", stackConfig("prod-aws-ap-northeast-1"), {
      "prod-global": GLOBAL_OUTPUTS,
      "prod-aws-us-east-1": { aws: { vpcId: "vpc-use1" } },
      "prod-aws-eu-west-2": { aws: { vpcId: "vpc-euw2" } },
    }),
  prefixed: () =>
    run(
      "prod-aws-eu-west-2",
      { ...stackConfig("prod-aws-eu-west-2"), "tachyon:globalStack": "acme/tachyon/prod-global" },
      {
        "acme/tachyon/prod-global": GLOBAL_OUTPUTS,
        "acme/tachyon/prod-aws-us-east-1": { aws: { vpcId: "vpc-use1" } },
      },
    ),
  siteNotInTopology: () =>
    run(
      "prod-aws-us-west-2",
      {
        "tachyon:site": "aws:us-west-2",
        "tachyon:globalStack": "prod-global",
        "aws:region": "us-west-2",
      },
      { "prod-global": GLOBAL_OUTPUTS },
    ),
  noGlobalTopology: () => run("prod-aws-us-east-1", stackConfig("prod-aws-us-east-1"), {}),
  gcpWithOptions: () =>
    run(
      "prod-gcp-asia-southeast1",
      {
        ...stackConfig("prod-gcp-asia-southeast1"),
        "tachyon:interconnect": JSON.stringify(PARTNER_INTERCONNECT),
        "tachyon:alertEmail": "fx-oncall@example.com",
      },
      { "prod-global": GLOBAL_OUTPUTS },
    ),
  badInterconnect: () =>
    run(
      "prod-gcp-asia-southeast1",
      {
        ...stackConfig("prod-gcp-asia-southeast1"),
        "tachyon:interconnect": JSON.stringify({ type: "DEDICATED", bandwidth: "10G" }),
        "tachyon:alertEmail": "fx-oncall",
      },
      { "prod-global": GLOBAL_OUTPUTS },
    ),
  gcpOtherProject: () =>
    run(
      "prod-gcp-asia-southeast1",
      { ...stackConfig("prod-gcp-asia-southeast1"), "gcp:project": "tachyon-fx" },
      { "prod-global": GLOBAL_OUTPUTS },
    ),
  gcpGlobalWithoutProject: () =>
    run("prod-gcp-asia-southeast1", stackConfig("prod-gcp-asia-southeast1"), {
      "prod-global": { ...GLOBAL_OUTPUTS, gcp: { networkSelfLink: "x" } },
    }),
  badRegional: () =>
    run(
      "prod-gcp-asia-southeast1",
      { ...stackConfig("prod-gcp-asia-southeast1"), "gcp:region": "asia-east1" },
      { "prod-global": GLOBAL_OUTPUTS },
    ),
};

describe("index (the program) under the mock runtime", function () {
  this.timeout(120_000);

  before(() => {
    // Start every run now; a failure surfaces in the test that awaits it.
    for (const start of Object.values(scenarios)) start().catch(() => undefined);
  });

  describe("global stack", () => {
    it("deploys each cloud of the topology under one GlobalDeployment and exports the topology", async () => {
      const r = await scenarios.prodGlobal();
      assert.equal(r.error, undefined, JSON.stringify(r.error));
      assert.deepEqual(beyondStack(r), ["tachyon:deployment:GlobalDeployment prod-global"]);
      const sites = topologyOf("prod-global").sites.map((s) => s.id);
      assert.deepEqual(
        r.calls,
        (["aws", "azure", "gcp"] as const).map((cloud) => ({
          cloud,
          kind: "global",
          sites,
          parentIsDeployment: true,
        })),
      );
      assert.deepEqual(r.outputs, {
        topology: JSON.parse(JSON.stringify(topologyOf("prod-global"))) as unknown,
        aws: { marker: "aws-global" },
        azure: { marker: "azure-global" },
        gcp: { marker: "gcp-global" },
      });
    });

    it("loads no cloud's deployment module until the cloud's deployer runs", async () => {
      // The deployers are stubbed, so the program itself must not import any cloud's module.
      assert.deepEqual((await scenarios.prodGlobal()).cloudModules, []);
      assert.deepEqual((await scenarios.thirdAwsSite()).cloudModules, []);
    });

    it("calls and exports only the clouds the topology has sites on", async () => {
      const r = await scenarios.devGlobal();
      assert.deepEqual(
        r.calls.map((c) => c.cloud),
        ["aws", "azure"],
      );
      assert.deepEqual(Object.keys(r.outputs ?? {}), ["topology", "aws", "azure"]);
    });

    it("throws a clean config error and registers nothing for a bad topology", async () => {
      const r = await scenarios.badGlobal();
      const problem = {
        path: "tachyon:topology.sites[1].cidr",
        message:
          "10.110.128.0/17 overlaps 10.110.0.0/16 of aws:us-east-1. Give each site its own range such as 10.0.0.0/17.",
      };
      assert.deepEqual(r.error, {
        name: "TachyonConfigError",
        message: `Stack "dev-global" has 1 config problem:\n  ${problem.path}: ${problem.message}`,
        problems: [problem],
        runError: true,
        stack: `Stack "dev-global" has 1 config problem:\n  ${problem.path}: ${problem.message}`,
      });
      assert.deepEqual(beyondStack(r), []);
      assert.deepEqual(r.calls, []);
    });
  });

  describe("regional stack", () => {
    const global = GLOBAL_OUTPUTS;

    it("reads the topology and earlier sites' stacks through one StackReference each", async () => {
      const r = await scenarios.thirdAwsSite();
      assert.equal(r.error, undefined, JSON.stringify(r.error));
      assert.deepEqual(beyondStack(r), [
        "pulumi:pulumi:StackReference prod-global",
        "tachyon:deployment:RegionalDeployment prod-aws-ap-northeast-1",
        "pulumi:pulumi:StackReference prod-aws-us-east-1",
        "pulumi:pulumi:StackReference prod-aws-eu-west-2",
      ]);
      assert.deepEqual(r.calls, [
        {
          cloud: "aws",
          kind: "site",
          sites: global.topology.sites.map((s) => s.id),
          site: "aws:ap-northeast-1",
          parentIsDeployment: true,
          // The reference stack's alert address.
          options: { alertEmail: "oncall@trade.example.com" },
        },
      ]);
      assert.deepEqual(r.outputs, {
        site: JSON.parse(JSON.stringify(global.topology.sites[2])) as unknown,
        aws: {
          fromGlobal: { zone: "Z123" },
          peers: { "aws:us-east-1": { vpcId: "vpc-use1" }, "aws:eu-west-2": { vpcId: "vpc-euw2" } },
        },
      });
    });

    it("keeps the org/project prefix of tachyon:globalStack for peer stacks", async () => {
      const r = await scenarios.prefixed();
      assert.equal(r.error, undefined, JSON.stringify(r.error));
      assert.deepEqual(
        r.registered
          .filter((x) => x.type === "pulumi:pulumi:StackReference")
          .map((x) => x.inputs.name),
        ["acme/tachyon/prod-global", "acme/tachyon/prod-aws-us-east-1"],
      );
    });

    it("stops with a config error when the topology lacks the site", async () => {
      const r = await scenarios.siteNotInTopology();
      assert.equal(r.error?.name, "TachyonConfigError");
      assert.deepEqual(r.error?.problems, [
        {
          path: "tachyon:site",
          message: `is not a site of the topology of prod-global, got "aws:us-west-2". Add it to tachyon:topology.sites of prod-global or use one of: aws:us-east-1, aws:eu-west-2, aws:ap-northeast-1, azure:germanywestcentral, gcp:asia-southeast1.`,
        },
      ]);
      assert.deepEqual(beyondStack(r), ["pulumi:pulumi:StackReference prod-global"]);
      assert.deepEqual(r.calls, []);
    });

    it("stops with a config error when the global stack exports no topology", async () => {
      const r = await scenarios.noGlobalTopology();
      assert.deepEqual(r.error?.problems, [
        {
          path: "tachyon:globalStack",
          message: `names a stack that exports no topology, got "prod-global". Deploy the global stack first ("pulumi up" on prod-global) or correct the name.`,
        },
      ]);
      assert.equal(r.error?.runError, true);
    });

    it("hands the site's cloud the validated optional keys of its stack", async () => {
      const r = await scenarios.gcpWithOptions();
      assert.equal(r.error, undefined, JSON.stringify(r.error));
      assert.deepEqual(
        r.calls.map((c) => [c.cloud, c.site, c.options]),
        [
          [
            "gcp",
            "gcp:asia-southeast1",
            { interconnect: PARTNER_INTERCONNECT, alertEmail: "fx-oncall@example.com" },
          ],
        ],
      );
    });

    it("registers nothing when an optional key is bad, and reports every problem", async () => {
      const r = await scenarios.badInterconnect();
      assert.equal(r.error?.name, "TachyonConfigError");
      assert.deepEqual(r.error?.problems, [
        {
          path: "tachyon:interconnect.interconnect",
          message: `is required for a DEDICATED attachment, got nothing. Add the interconnect's URL, "projects/<project>/global/interconnects/<name>".`,
        },
        {
          path: "tachyon:interconnect.bandwidth",
          message: `must be one of BPS_50M, BPS_100M, BPS_200M, BPS_300M, BPS_400M, BPS_500M, BPS_1G, BPS_2G, BPS_5G, BPS_10G, BPS_20G, BPS_50G, BPS_100G, BPS_400G, got "10G". Use one of those.`,
        },
        {
          path: "tachyon:alertEmail",
          message: `is not an e-mail address, got "fx-oncall". Give one address like "oncall@trade.example.com"; to reach several people, use a distribution list.`,
        },
      ]);
      assert.deepEqual(beyondStack(r), []);
      assert.deepEqual(r.calls, []);
    });

    it("stops a GCP site in another project than the global stack's before it registers anything", async () => {
      const r = await scenarios.gcpOtherProject();
      assert.equal(r.error?.name, "TachyonConfigError");
      assert.deepEqual(r.error?.problems, [
        {
          path: "gcp:project",
          message: `differs from the project of the global stack prod-global ("tachyon-prod"), got "tachyon-fx". Set "gcp:project" of this stack to "tachyon-prod": the site's subnet joins the global stack's VPC network and its Cloud Run services sit behind the global stack's serverless NEGs, which must be in the same project.`,
        },
      ]);
      assert.deepEqual(beyondStack(r), ["pulumi:pulumi:StackReference prod-global"]);
      assert.deepEqual(r.calls, []);
    });

    it("stops a GCP site whose global stack exports no project yet", async () => {
      const r = await scenarios.gcpGlobalWithoutProject();
      assert.deepEqual(r.error?.problems, [
        {
          path: "tachyon:globalStack",
          message: `names a stack that exports no gcp.project, got "prod-global". Run "pulumi up" on prod-global first (it exports the Google Cloud project of its network, load balancer and Spanner instances), then on this stack.`,
        },
      ]);
      assert.deepEqual(beyondStack(r), ["pulumi:pulumi:StackReference prod-global"]);
      assert.deepEqual(r.calls, []);
    });

    it("registers nothing for a bad regional config", async () => {
      const r = await scenarios.badRegional();
      assert.deepEqual(r.error?.problems, [
        {
          path: "gcp:region",
          message: `disagrees with tachyon:site gcp:asia-southeast1, got "asia-east1". Set it to "asia-southeast1".`,
        },
      ]);
      assert.deepEqual(beyondStack(r), []);
    });
  });
});
