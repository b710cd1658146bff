import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { writeLargeEnvironment } from "../../bench/large-environment";
import { parseStackConfig } from "../../model/config";
import { inJurisdiction } from "../../model/jurisdictions";
import { findSite } from "../../model/regions";

const STACKS = path.join(__dirname, "..", "..", "stacks");

type Config = Record<string, unknown>;
interface Topology {
  environment: string;
  sites: { id: string; cidr: string; venues?: string[] }[];
  workloads: Record<string, { sites: string[] }>;
  databases: Record<string, { sites: string[] }>;
}

describe("bench/large-environment", () => {
  let dir: string;
  let names: string[];
  const config = (name: string): Config =>
    (
      yaml.load(fs.readFileSync(path.join(dir, `Pulumi.${name}.yaml`), "utf8")) as {
        config: Config;
      }
    ).config;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-large-spec-"));
    names = writeLargeEnvironment(STACKS, "prod", "large", dir);
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("writes a global stack and one stack per site, three times prod's five sites", () => {
    assert.equal(names.length, 16);
    assert.equal(names[0], "large-global");
    assert.deepEqual(fs.readdirSync(dir).sort(), names.map((n) => `Pulumi.${n}.yaml`).sort());
    const topology = config("large-global")["tachyon:topology"] as Topology;
    assert.equal(topology.environment, "large");
    assert.deepEqual(
      topology.sites.slice(0, 5).map((s) => s.id),
      [
        "aws:us-east-1",
        "aws:eu-west-2",
        "aws:ap-northeast-1",
        "azure:germanywestcentral",
        "gcp:asia-southeast1",
      ],
    );
    assert.deepEqual(topology.sites.map((s) => s.id.split(":")[0]).sort(), [
      ...Array(9).fill("aws"),
      "azure",
      "azure",
      "azure",
      "gcp",
      "gcp",
      "gcp",
    ]);
    assert.equal(new Set(topology.sites.map((s) => s.cidr)).size, 15);
    assert.equal(topology.sites.filter((s) => s.venues !== undefined).length, 5);
  });

  it("adds each clone to its original's workloads and databases, inside their residency", () => {
    const topology = config("large-global")["tachyon:topology"] as Topology;
    assert.equal(topology.workloads["trading"].sites.length, 9);
    assert.equal(topology.databases["customers"].sites.length, 3);
    for (const id of topology.databases["customers"].sites) {
      const country = (findSite(id) as { country: string }).country;
      assert.ok(inJurisdiction(country, ["US", "GB", "EU"]), `${id} in ${country}`);
    }
  });

  it("writes stacks the config schema accepts, each regional one naming its site and region", () => {
    for (const name of names) {
      const parsed = parseStackConfig(config(name));
      assert.ok(!("problems" in parsed), `${name}: ${JSON.stringify(parsed)}`);
    }
    assert.deepEqual(config("large-aws-us-east-2"), {
      "aws:region": "us-east-2",
      "tachyon:alertEmail": "oncall@trade.example.com",
      "tachyon:globalStack": "large-global",
      "tachyon:site": "aws:us-east-2",
    });
    assert.deepEqual(config("large-gcp-asia-southeast2"), {
      "gcp:project": "tachyon-prod",
      "gcp:region": "asia-southeast2",
      "tachyon:globalStack": "large-global",
      "tachyon:site": "gcp:asia-southeast2",
    });
  });
});
