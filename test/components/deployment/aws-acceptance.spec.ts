/**
 * Acceptance of the AWS deployment over the reference topologies: every recorded resource of
 * every AWS stack invokes functions through their `live` alias only, p99 alarms sit at the
 * workload's budget, and adding an AWS site adds that site's stack (peered with every earlier
 * AWS site) while leaving every earlier AWS regional stack unchanged.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as yaml from "js-yaml";
import { deployAwsGlobal, deployAwsSite } from "../../../components/deployment/aws";
import type { SiteContext } from "../../../components/deployment/context";
import { parseStackConfig } from "../../../model/config";
import type { Topology } from "../../../model/types";
import { useAwsMocks, valueOf, type Recorded } from "../aws-mocks";
import { SpecParent } from "../recorder";

const STACKS = path.join(__dirname, "..", "..", "..", "stacks");

/** A reference global stack's raw config, optionally edited, validated into a topology. */
function topologyOf(stack: string, edit?: (topology: Record<string, unknown>) => void): Topology {
  const file = yaml.load(readFileSync(path.join(STACKS, `Pulumi.${stack}.yaml`), "utf8")) as {
    config: Record<string, unknown>;
  };
  edit?.(file.config["tachyon:topology"] as Record<string, unknown>);
  const parsed = parseStackConfig(file.config);
  if ("problems" in parsed) throw new Error(JSON.stringify(parsed.problems));
  assert.equal(parsed.kind, "global");
  return (parsed as { topology: Topology }).topology;
}

/** The prod topology, optionally edited. */
const prodTopology = (edit?: (topology: Record<string, unknown>) => void): Topology =>
  topologyOf("prod-global", edit);

/** A new AWS site appended to the prod topology, running trading with a replica of orders. */
function withUsWest2(topology: Record<string, unknown>): void {
  const t = topology as {
    sites: Record<string, unknown>[];
    workloads: Record<string, { sites: string[] }>;
    databases: Record<string, { sites: string[] }>;
  };
  t.sites.push({ id: "aws:us-west-2", cidr: "10.13.0.0/16", venues: [] });
  t.workloads.trading.sites.push("aws:us-west-2");
  t.databases.orders.sites.push("aws:us-west-2");
}

/** Every AWS stack of an environment: its recorded resources, by stack name. */
type Environment = Map<string, Recorded[]>;

/**
 * Runs the AWS global stack, then every AWS site in topology order, each under a fresh recording
 * mock runtime; regional stacks read the global outputs and earlier sites' outputs as resolved.
 */
async function runEnvironment(topology: Topology): Promise<Environment> {
  const env: Environment = new Map();
  let mocks = await useAwsMocks();
  const global = await valueOf(
    pulumi.output(deployAwsGlobal({ topology, parent: new SpecParent() })),
  );
  await mocks.settle();
  env.set(`${topology.environment}-global`, [...mocks.resources]);
  const sites = new Map<string, unknown>();
  for (const site of topology.sites.filter((s) => s.cloud === "aws")) {
    mocks = await useAwsMocks();
    const ctx: SiteContext = {
      topology,
      site,
      parent: new SpecParent(),
      global: (key) => pulumi.output(key === "aws" ? global : {}),
      peer: (id, key) => {
        assert.equal(key, "aws");
        assert.ok(sites.has(id), `${site.id} read ${id} before it was deployed`);
        return pulumi.output(sites.get(id));
      },
    };
    const outputs = await valueOf(pulumi.output(deployAwsSite(ctx)));
    await mocks.settle();
    sites.set(site.id, outputs);
    env.set(`${topology.environment}-aws-${site.region}`, [...mocks.resources]);
  }
  return env;
}

/** `type name` of each resource, sorted, for readable set comparisons. */
const keys = (resources: readonly Recorded[]): string[] =>
  resources.map((r) => `${r.type} ${r.name}`).sort();

/** Every string inside a value, with the path to it. */
function strings(value: unknown, at = ""): [string, string][] {
  if (typeof value === "string") return [[at, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${at}[${i}]`));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => strings(v, at ? `${at}.${k}` : k));
  }
  return [];
}

/** Invoke positions whose value names a function: type -> [property, qualifier property]. */
const INVOKERS: Readonly<Record<string, [string, string | undefined]>> = {
  "aws:lambda/eventSourceMapping:EventSourceMapping": ["functionName", undefined],
  "aws:lambda/permission:Permission": ["function", "qualifier"],
  "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig": [
    "functionName",
    "qualifier",
  ],
  "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig": ["functionName", "qualifier"],
  "aws:lb/targetGroupAttachment:TargetGroupAttachment": ["targetId", undefined],
  "aws:apigatewayv2/integration:Integration": ["integrationUri", undefined],
  "aws:cloudwatch/eventTarget:EventTarget": ["arn", undefined],
};

describe("AWS deployment acceptance (prod topology)", function () {
  this.timeout(120_000);
  let original: Environment;
  let grown: Environment;
  let dev: Environment;
  before(async () => {
    original = await runEnvironment(prodTopology());
    grown = await runEnvironment(prodTopology(withUsWest2));
    // dev runs portfolio on AWS, so its WebSocket API is judged too.
    dev = await runEnvironment(topologyOf("dev-global"));
  });

  it("runs the global stack and one stack per AWS site", () => {
    assert.deepEqual(
      [...original.keys()],
      ["prod-global", "prod-aws-us-east-1", "prod-aws-eu-west-2", "prod-aws-ap-northeast-1"],
    );
    assert.deepEqual([...grown.keys()], [...original.keys(), "prod-aws-us-west-2"]);
    assert.deepEqual([...dev.keys()], ["dev-global", "dev-aws-us-east-1"]);
    assert.equal(
      (dev.get("dev-aws-us-east-1") ?? []).filter(
        (r) => r.type === "aws:apigatewayv2/integration:Integration",
      ).length,
      1,
    );
  });

  it("references no function unqualified where its live alias exists", () => {
    let judged = 0;
    let functions = 0;
    for (const [stack, resources] of [...original, ...grown, ...dev]) {
      // Functions with a live alias; the edge drain has none (no warm capacity to bypass).
      const aliased = new Set(
        resources
          .filter((r) => r.type === "aws:lambda/alias:Alias" && r.inputs.name === "live")
          .map((r) => r.inputs.functionName as string),
      );
      const all = resources.filter((r) => r.type === "aws:lambda/function:Function");
      const fns = all.filter((f) => aliased.has(f.inputs.name as string));
      const unaliased = new Set(
        all
          .filter((f) => !aliased.has(f.inputs.name as string))
          .flatMap((f) => [
            f.inputs.name as string,
            `arn:aws:lambda:${f.inputs.region as string}:123456789012:function:${f.inputs.name as string}`,
          ]),
      );
      functions += fns.length;
      const names = new Set(fns.map((f) => f.inputs.name as string));
      const unqualified = new Set(
        fns.map(
          (f) =>
            `arn:aws:lambda:${f.inputs.region as string}:123456789012:function:${f.inputs.name as string}`,
        ),
      );
      for (const r of resources) {
        for (const [at, s] of strings(r.inputs)) {
          const bare = /\/functions\/(.+)\/invocations$/.exec(s)?.[1] ?? s;
          assert.ok(!unqualified.has(bare), `${stack} ${r.type} ${r.name}.${at} = ${s}`);
        }
        const invoker = INVOKERS[r.type];
        if (invoker === undefined) continue;
        const [prop, qualifierProp] = invoker;
        const ref = r.inputs[prop] as string;
        if (unaliased.has(ref)) continue;
        judged++;
        if (names.has(ref)) {
          assert.equal(
            qualifierProp && r.inputs[qualifierProp],
            "live",
            `${stack} ${r.type} ${r.name} names ${ref} without the live qualifier`,
          );
        } else {
          assert.match(ref, /:function:[^:/]+:live(\/invocations)?$/, `${stack} ${r.name}`);
        }
      }
    }
    // Each function has at least its provisioned concurrency and its trigger or invoke config.
    assert.ok(
      functions > 0 && judged >= 2 * functions,
      `${judged} invokers, ${functions} functions`,
    );
  });

  it("sets every p99 duration alarm at its workload's latency budget", () => {
    const budget = Object.fromEntries(
      prodTopology().workloads.map((w) => [w.kind, w.latencyBudgetMs]),
    );
    const alarms = [...original.values()]
      .flat()
      .filter(
        (r) =>
          r.type === "aws:cloudwatch/metricAlarm:MetricAlarm" && r.name.endsWith("-p99-duration"),
      );
    assert.deepEqual(
      [...new Set(alarms.map((a) => [a.inputs.extendedStatistic, a.inputs.threshold].join(" ")))],
      [`p99 ${budget.trading}`],
    );
    assert.equal(alarms.length, 6);
  });

  it("adds the new site's stack with a peering to every earlier AWS site", () => {
    const added = grown.get("prod-aws-us-west-2") ?? [];
    const peerings = added
      .filter((r) => r.type === "aws:ec2/vpcPeeringConnection:VpcPeeringConnection")
      .map((r) => [r.inputs.region, r.inputs.peerRegion])
      .sort();
    assert.deepEqual(peerings, [
      ["us-west-2", "ap-northeast-1"],
      ["us-west-2", "eu-west-2"],
      ["us-west-2", "us-east-1"],
    ]);
    const byType = (type: string) => added.filter((r) => r.type === type).length;
    // The two trading functions and the edge drain.
    assert.equal(byType("aws:lambda/function:Function"), 3);
    assert.equal(byType("aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig"), 2);
    assert.equal(byType("aws:kinesis/streamConsumer:StreamConsumer"), 1);
    assert.equal(byType("aws:cloudwatch/dashboard:Dashboard"), 1);
    const pinned = added.find((r) => r.name === "aws-edge-pinned")?.inputs;
    assert.deepEqual(pinned?.portOverrides, [{ listenerPort: 8448, endpointPort: 443 }]);
    // The same resources as the earlier trading sites, apart from the peerings.
    const unpeered = (rs: readonly Recorded[]) => keys(rs).filter((k) => !k.includes(" aws-peer-"));
    assert.deepEqual(unpeered(added), unpeered(original.get("prod-aws-ap-northeast-1") ?? []));
  });

  it("changes nothing in the earlier AWS sites' stacks", () => {
    for (const stack of ["prod-aws-us-east-1", "prod-aws-eu-west-2", "prod-aws-ap-northeast-1"]) {
      assert.deepEqual(grown.get(stack), original.get(stack), stack);
    }
  });

  it("changes only the new site's entries in the global stack", () => {
    const g0 = original.get("prod-global") ?? [];
    const g1 = grown.get("prod-global") ?? [];
    const added = keys(g1).filter((k) => !keys(g0).includes(k));
    assert.deepEqual(added, [
      "aws:globalaccelerator/listener:Listener aws-edge-pinned-us-west-2",
      "aws:kms/key:Key aws-db-orders-key-us-west-2",
    ]);
    const changed = g0
      .filter((r) => {
        const now = g1.find((x) => x.type === r.type && x.name === r.name);
        return JSON.stringify(now?.inputs) !== JSON.stringify(r.inputs);
      })
      .map((r) => r.name)
      .sort();
    // The table gains the new replica; the edge function learns the new region.
    assert.deepEqual(changed, ["aws-db-orders-table", "aws-edge-router"]);
  });
});
