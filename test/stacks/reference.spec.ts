import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { parseStackConfig, regionalStackName, type StackConfig } from "../../model/config";
import { CLOUDS } from "../../model/types";

const STACKS_DIR = path.join(__dirname, "..", "..", "stacks");
const POLICY_CONFIG_DIR = path.join(__dirname, "..", "..", "policies", "config");

function readStacks(): Map<string, Record<string, unknown>> {
  const stacks = new Map<string, Record<string, unknown>>();
  for (const file of fs.readdirSync(STACKS_DIR).sort()) {
    const m = /^Pulumi\.(.+)\.yaml$/.exec(file);
    if (!m) continue;
    const doc = yaml.load(fs.readFileSync(path.join(STACKS_DIR, file), "utf8")) as {
      config: Record<string, unknown>;
    };
    stacks.set(m[1], doc.config);
  }
  return stacks;
}

const stacks = readStacks();
const parsed = new Map<string, StackConfig>();

describe("reference stacks (stacks/)", () => {
  it("holds a dev, a prod and a staging environment", () => {
    assert.deepEqual(
      [...stacks.keys()].filter((s) => s.endsWith("-global")),
      ["dev-global", "prod-global", "staging-global"],
    );
  });

  for (const [name, config] of stacks) {
    it(`${name} validates with no problem`, () => {
      const result = parseStackConfig(config);
      assert.ok(!("problems" in result), JSON.stringify(result));
      parsed.set(name, result);
    });
  }

  it("names every global stack <env>-global after its topology's environment", () => {
    for (const [name, config] of parsed) {
      if (config.kind === "global") assert.equal(name, `${config.topology.environment}-global`);
    }
  });

  it("has one regional stack <env>-<cloud>-<region> per topology site, and no other", () => {
    const expected: string[] = [];
    for (const config of parsed.values()) {
      if (config.kind !== "global") continue;
      for (const site of config.topology.sites) {
        expected.push(regionalStackName("", config.topology.environment, site.id));
      }
    }
    const regional = [...parsed.entries()].filter(([, c]) => c.kind === "regional");
    assert.deepEqual(regional.map(([n]) => n).sort(), expected.sort());
  });

  it("points every regional stack at its environment's global stack and site", () => {
    for (const [name, config] of parsed) {
      if (config.kind !== "regional") continue;
      const env = name.slice(0, name.indexOf("-"));
      assert.equal(config.regional.globalStack, `${env}-global`);
      assert.equal(name, regionalStackName("", env, config.regional.site));
    }
  });

  it("puts every GCP site in its global stack's Google Cloud project, set in both files", () => {
    const sites = [...parsed].filter(
      ([, c]) => c.kind === "regional" && c.regional.cloud === "gcp",
    );
    assert.deepEqual(
      sites.map(([name, c]) => {
        const global = c.kind === "regional" ? c.regional.globalStack : "";
        return [name, stacks.get(name)?.["gcp:project"], stacks.get(global)?.["gcp:project"]];
      }),
      [
        ["prod-gcp-asia-southeast1", "tachyon-prod", "tachyon-prod"],
        ["staging-gcp-europe-west1", "tachyon-staging", "tachyon-staging"],
        ["staging-gcp-europe-west4", "tachyon-staging", "tachyon-staging"],
      ],
    );
  });

  it("runs all three workloads on all three clouds in prod, with two or more AWS regions", () => {
    const prod = parsed.get("prod-global");
    assert.ok(prod?.kind === "global");
    const { topology } = prod;
    assert.deepEqual(
      topology.workloads.map((w) => w.kind),
      ["trading", "fraud", "portfolio"],
    );
    for (const cloud of CLOUDS)
      assert.ok(
        topology.sites.some((s) => s.cloud === cloud),
        cloud,
      );
    assert.ok(topology.sites.filter((s) => s.cloud === "aws").length >= 2);
    assert.ok(topology.databases.some((d) => d.dataClass === "pii"));
    assert.deepEqual(topology.residency.pii, ["US", "GB", "EU"]);
    assert.ok(topology.directConnect !== undefined);
  });

  it("runs every workload on every cloud in staging, on two sites per cloud", () => {
    const staging = parsed.get("staging-global");
    assert.ok(staging?.kind === "global");
    const { topology } = staging;
    for (const cloud of CLOUDS) {
      assert.equal(topology.sites.filter((s) => s.cloud === cloud).length, 2, cloud);
    }
    const all = topology.sites.map((s) => s.id);
    assert.deepEqual(
      topology.workloads.map((w) => [w.kind, w.sites]),
      [
        ["trading", all],
        ["fraud", all],
        ["portfolio", all],
      ],
    );
    assert.ok(topology.sites.some((s) => s.venues.length > 0));
    assert.ok(topology.sites.some((s) => s.venues.length === 0));
  });

  it("gives staging one database per cloud, each on both of its cloud's sites", () => {
    const staging = parsed.get("staging-global");
    assert.ok(staging?.kind === "global");
    const { topology } = staging;
    assert.deepEqual(
      topology.databases.map((d) => [d.cloud, d.sites]),
      CLOUDS.map((cloud) => [
        cloud,
        topology.sites.filter((s) => s.cloud === cloud).map((s) => s.id),
      ]),
    );
    assert.deepEqual(
      topology.workloads.map((w) => w.database),
      topology.databases.map((d) => d.name),
    );
  });

  it("judges staging by prod's policy config", () => {
    const read = (env: string): unknown =>
      JSON.parse(fs.readFileSync(path.join(POLICY_CONFIG_DIR, `${env}.json`), "utf8"));
    assert.deepEqual(read("staging"), read("prod"));
  });
});
