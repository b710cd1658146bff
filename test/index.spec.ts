import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
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
function run(
  stack: string,
  config: Record<string, string>,
  stackOutputs: Record<string, Record<string, unknown>> = {},
): DriverResult {
  const input = JSON.stringify({ stack, config, stackOutputs, stubClouds: true });
  let out: string;
  try {
    out = execFileSync(
      process.execPath,
      ["--require", "tsx/cjs", path.join(__dirname, "index.driver.ts"), input],
      { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] },
    );
  } catch (e) {
    const stderr = (e as { stderr?: string }).stderr ?? "";
    const tail = stderr
      .split("\n")
      .filter((l) => l.length < 400)
      .slice(-12)
      .join("\n");
    throw new Error(`the program's process failed for stack ${stack}:\n${tail}`);
  }
  return JSON.parse(out) as DriverResult;
}

const beyondStack = (r: DriverResult): string[] =>
  r.registered.filter((x) => x.type !== STACK).map((x) => `${x.type} ${x.name}`);

describe("index (the program) under the mock runtime", function () {
  this.timeout(120_000);

  describe("global stack", () => {
    it("deploys each cloud of the topology under one GlobalDeployment and exports the topology", () => {
      const r = run("prod-global", stackConfig("prod-global"));
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

    it("calls and exports only the clouds the topology has sites on", () => {
      const r = run("dev-global", stackConfig("dev-global"));
      assert.deepEqual(
        r.calls.map((c) => c.cloud),
        ["aws", "azure"],
      );
      assert.deepEqual(Object.keys(r.outputs ?? {}), ["topology", "aws", "azure"]);
    });

    it("throws a clean config error and registers nothing for a bad topology", () => {
      const config = stackConfig("dev-global");
      const bad = JSON.parse(config["tachyon:topology"]) as { sites: { cidr: string }[] };
      bad.sites[1].cidr = "10.110.128.0/17";
      const r = run("dev-global", { ...config, "tachyon:topology": JSON.stringify(bad) });
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
    const global = {
      topology: topologyOf("prod-global"),
      aws: { zone: "Z123" },
    };

    it("reads the topology and earlier sites' stacks through one StackReference each", () => {
      const r = run("prod-aws-ap-northeast-1", stackConfig("prod-aws-ap-northeast-1"), {
        "prod-global": global,
        "prod-aws-us-east-1": { aws: { vpcId: "vpc-use1" } },
        "prod-aws-eu-west-2": { aws: { vpcId: "vpc-euw2" } },
      });
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

    it("keeps the org/project prefix of tachyon:globalStack for peer stacks", () => {
      const config = {
        ...stackConfig("prod-aws-eu-west-2"),
        "tachyon:globalStack": "acme/tachyon/prod-global",
      };
      const r = run("prod-aws-eu-west-2", config, {
        "acme/tachyon/prod-global": global,
        "acme/tachyon/prod-aws-us-east-1": { aws: { vpcId: "vpc-use1" } },
      });
      assert.equal(r.error, undefined, JSON.stringify(r.error));
      assert.deepEqual(
        r.registered
          .filter((x) => x.type === "pulumi:pulumi:StackReference")
          .map((x) => x.inputs.name),
        ["acme/tachyon/prod-global", "acme/tachyon/prod-aws-us-east-1"],
      );
    });

    it("stops with a config error when the topology lacks the site", () => {
      const config = {
        "tachyon:site": "aws:us-west-2",
        "tachyon:globalStack": "prod-global",
        "aws:region": "us-west-2",
      };
      const r = run("prod-aws-us-west-2", config, { "prod-global": global });
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

    it("stops with a config error when the global stack exports no topology", () => {
      const r = run("prod-aws-us-east-1", stackConfig("prod-aws-us-east-1"), {});
      assert.deepEqual(r.error?.problems, [
        {
          path: "tachyon:globalStack",
          message: `names a stack that exports no topology, got "prod-global". Deploy the global stack first ("pulumi up" on prod-global) or correct the name.`,
        },
      ]);
      assert.equal(r.error?.runError, true);
    });

    it("registers nothing for a bad regional config", () => {
      const config = { ...stackConfig("prod-gcp-asia-southeast1"), "gcp:region": "asia-east1" };
      const r = run("prod-gcp-asia-southeast1", config, { "prod-global": global });
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
