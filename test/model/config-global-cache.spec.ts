import * as assert from "node:assert/strict";
import { parseTopology } from "../../model/config";
import { GLOBAL_DATASTORE_REGIONS } from "../../model/config-aws";
import { AWS_REGIONS } from "../../model/regions-data";
import { CACHED_WORKLOADS } from "../../model/types";
import { CACHE_CLIENTS } from "../../components/deployment/aws-site";
import { functionsOf } from "../../functions/catalog";
import { base, rejectsEach, T, type BadCase } from "./config-fixture";

/** A topology as the bad-config cases edit it. */
type Editable = Parameters<BadCase["change"]>[0];

/** The fixture with fraud on both AWS sites: a valid global cache once the key is set. */
function fraudOnAws(t: Editable): void {
  t.workloads.fraud.sites = ["aws:us-east-1", "aws:eu-west-2"];
}

const cases: BadCase[] = [
  {
    name: "a global cache on a workload that reads no cache",
    change: (t) => (t.workloads.trading.globalCache = true),
    problems: [
      {
        path: `${T}.workloads.trading.globalCache`,
        message:
          "needs a workload whose functions read the site cache (fraud), got true on trading. Remove the key; trading keeps no cache to share.",
      },
    ],
  },
  {
    name: "a global cache with no aws site",
    change: (t) => (t.workloads.fraud.globalCache = true),
    problems: [
      {
        path: `${T}.workloads.fraud.globalCache`,
        message:
          "needs at least two aws sites in workloads.fraud.sites to replicate between, got true with none. Add an aws site to the workload or remove the key.",
      },
    ],
  },
  {
    name: "a global cache with one aws site",
    change: (t) => {
      t.workloads.fraud.sites = ["aws:us-east-1", "azure:westeurope"];
      t.workloads.fraud.globalCache = true;
    },
    problems: [
      {
        path: `${T}.workloads.fraud.globalCache`,
        message:
          "needs at least two aws sites in workloads.fraud.sites to replicate between, got true with aws:us-east-1. Add an aws site to the workload or remove the key.",
      },
    ],
  },
  {
    name: "a global cache over four aws sites",
    change: (t) => {
      t.sites.push(
        { id: "aws:ap-northeast-1", cidr: "10.12.0.0/16" },
        { id: "aws:us-west-2", cidr: "10.13.0.0/16" },
      );
      t.residency.pii.push("JP");
      t.workloads.fraud.sites = [
        "aws:us-east-1",
        "aws:eu-west-2",
        "aws:ap-northeast-1",
        "aws:us-west-2",
      ];
      t.workloads.fraud.globalCache = true;
    },
    problems: [
      {
        path: `${T}.workloads.fraud.globalCache`,
        message:
          "needs at most 3 aws sites: a Global Datastore replicates to at most 2 other regions, got true with aws:us-east-1, aws:eu-west-2, aws:ap-northeast-1, aws:us-west-2. Keep three aws sites in the workload or remove the key.",
      },
    ],
  },
  {
    name: "a global cache in a region without Global Datastore",
    change: (t) => {
      t.sites.push({ id: "aws:ap-east-2", cidr: "10.12.0.0/16" });
      t.residency.pii.push("TW");
      t.workloads.fraud.sites = ["aws:us-east-1", "aws:ap-east-2"];
      t.workloads.fraud.globalCache = true;
    },
    problems: [
      {
        path: `${T}.workloads.fraud.globalCache`,
        message:
          "needs every aws site of workloads.fraud in a Global Datastore region, got true with aws:ap-east-2. Move the workload to another region or remove the key.",
      },
    ],
  },
  {
    name: "a global cache flag that is not a boolean",
    change: (t) => {
      fraudOnAws(t);
      t.workloads.fraud.globalCache = "yes";
    },
    problems: [
      {
        path: `${T}.workloads.fraud.globalCache`,
        message: `must be a boolean, got "yes". Write it as a boolean.`,
      },
    ],
  },
];

describe("model/config: workloads.<kind>.globalCache", () => {
  rejectsEach(cases);

  it("keeps globalCache on a workload whose two aws sites share the cache", () => {
    const t = base();
    fraudOnAws(t);
    (t.workloads as { fraud: Record<string, unknown> }).fraud.globalCache = true;
    const parsed = parseTopology(t);
    assert.ok("topology" in parsed, JSON.stringify(parsed));
    const fraud = parsed.topology.workloads.find((w) => w.kind === "fraud");
    assert.deepEqual(
      [fraud?.sites, fraud?.globalCache],
      [["aws:us-east-1", "aws:eu-west-2"], true],
    );
  });

  it("leaves globalCache off a workload that does not set it, or sets it false", () => {
    const t = base();
    fraudOnAws(t);
    (t.workloads as { fraud: Record<string, unknown> }).fraud.globalCache = false;
    const parsed = parseTopology(t);
    assert.ok("topology" in parsed, JSON.stringify(parsed));
    assert.deepEqual(
      parsed.topology.workloads.map((w) => [w.kind, "globalCache" in w]),
      [
        ["trading", false],
        ["fraud", false],
      ],
    );
  });

  it("names as cached exactly the workloads whose functions read the site cache at AWS sites", () => {
    const readers = (["trading", "fraud", "portfolio"] as const).filter((kind) =>
      functionsOf(kind).some((f) => CACHE_CLIENTS.has(f.name)),
    );
    assert.deepEqual(readers, [...CACHED_WORKLOADS]);
  });

  it("knows Global Datastore in every catalog AWS region except Taipei and Auckland", () => {
    const without = AWS_REGIONS.map((r) => r.code).filter((c) => !GLOBAL_DATASTORE_REGIONS.has(c));
    assert.deepEqual(without, ["ap-east-2", "ap-southeast-6"]);
  });
});
