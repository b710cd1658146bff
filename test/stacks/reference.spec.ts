import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { parseStackConfig, regionalStackName, type StackConfig } from "../../model/config";
import { CLOUDS } from "../../model/types";

const STACKS_DIR = path.join(__dirname, "..", "..", "stacks");

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
  it("holds a prod and a dev environment", () => {
    assert.deepEqual(
      [...stacks.keys()].filter((s) => s.endsWith("-global")),
      ["dev-global", "prod-global"],
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
});
