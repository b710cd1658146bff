/**
 * Acceptance of `warmInstances` over the prod reference topology: raising a workload's warm
 * instances changes exactly its warm-capacity settings — provisioned concurrency (and the
 * auto-scaling floor and ceiling derived from it) on AWS, always-ready instances on Azure,
 * minimum instances on Google Cloud — and nothing else in any stack of the environment.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import * as yaml from "js-yaml";
import { AUTOSCALING_HEADROOM } from "../../../components/deployment/aws-site";
import { deployAwsGlobal, deployAwsSite } from "../../../components/deployment/aws";
import { deployAzureGlobal, deployAzureSite } from "../../../components/deployment/azure";
import type { CloudOutputs, SiteContext } from "../../../components/deployment/context";
import { deployGcpGlobal, deployGcpSite } from "../../../components/deployment/gcp";
import { parseStackConfig } from "../../../model/config";
import type { Cloud, Topology, WorkloadKind } from "../../../model/types";
import { useAwsMocks } from "../aws-mocks";
import { useRecordingMocks, valueOf } from "../azure-gcp-mocks";
import { SpecParent } from "../recorder";

const STACKS = path.join(__dirname, "..", "..", "..", "stacks");

/** How much each edited run raises one workload's warm instances. */
const RAISE = 3;

/** The prod topology with one workload's `warmInstances` raised by `raise`. */
function prodTopology(kind?: WorkloadKind, raise = 0): Topology {
  const file = yaml.load(readFileSync(path.join(STACKS, "Pulumi.prod-global.yaml"), "utf8")) as {
    config: Record<string, unknown>;
  };
  const raw = file.config["tachyon:topology"] as {
    workloads: Record<string, { warmInstances: number }>;
  };
  if (kind) raw.workloads[kind].warmInstances += raise;
  const parsed = parseStackConfig(file.config);
  if ("problems" in parsed) throw new Error(JSON.stringify(parsed.problems));
  assert.equal(parsed.kind, "global");
  return (parsed as { topology: Topology }).topology;
}

/** One registered resource; both recorders keep this shape. */
interface Resource {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
}

/** Every stack of an environment: its recorded resources, by stack name. */
type Environment = Map<string, Resource[]>;

/** A fresh recording mock runtime fit for one cloud's computed outputs. */
const mocksFor = (cloud: Cloud) => (cloud === "aws" ? useAwsMocks() : useRecordingMocks());

const GLOBAL: Readonly<Record<Cloud, typeof deployAwsGlobal>> = {
  aws: deployAwsGlobal,
  azure: deployAzureGlobal,
  gcp: deployGcpGlobal,
};
const SITE: Readonly<Record<Cloud, (ctx: SiteContext) => CloudOutputs>> = {
  aws: deployAwsSite,
  azure: deployAzureSite,
  gcp: deployGcpSite,
};

/**
 * Runs every cloud's part of the global stack, then every site in topology order, each under a
 * fresh recording mock runtime of its cloud; sites read the resolved global outputs and the
 * resolved outputs of earlier sites, as the regional stacks' StackReferences would.
 */
async function runEnvironment(topology: Topology): Promise<Environment> {
  const env: Environment = new Map();
  const globals: Record<string, unknown> = {};
  for (const cloud of ["aws", "azure", "gcp"] as const) {
    const mocks = await mocksFor(cloud);
    // The other clouds' global parts write their names into the AWS part's zone, as in
    // components/deployment/global.ts.
    const dnsZoneId = (globals["aws"] as { zoneId?: string } | undefined)?.zoneId;
    globals[cloud] = await valueOf(
      pulumi.output(
        GLOBAL[cloud]({
          topology,
          parent: new SpecParent(),
          ...(dnsZoneId === undefined ? {} : { dnsZoneId }),
        }),
      ),
    );
    await mocks.settle();
    env.set(`${topology.environment}-global ${cloud}`, [...mocks.resources]);
  }
  const sites = new Map<string, unknown>();
  for (const site of topology.sites) {
    const mocks = await mocksFor(site.cloud);
    const ctx: SiteContext = {
      topology,
      site,
      parent: new SpecParent(),
      options: {},
      global: (key) => pulumi.output(globals[key]),
      peer: (id, key) => {
        assert.equal(key, site.cloud);
        assert.ok(sites.has(id), `${site.id} read ${id} before it was deployed`);
        return pulumi.output(sites.get(id));
      },
    };
    sites.set(site.id, await valueOf(pulumi.output(SITE[site.cloud](ctx))));
    await mocks.settle();
    env.set(`${topology.environment}-${site.cloud}-${site.region}`, [...mocks.resources]);
  }
  return env;
}

/** Every leaf of a value with the path to it; empty objects and arrays count as leaves. */
function leaves(value: unknown, at = ""): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const walk = (v: unknown, p: string): void => {
    if (Array.isArray(v) && v.length > 0) v.forEach((x, i) => walk(x, `${p}[${i}]`));
    else if (v !== null && typeof v === "object" && Object.keys(v).length > 0) {
      for (const [k, x] of Object.entries(v)) walk(x, p ? `${p}.${k}` : k);
    } else out.set(p, v);
  };
  walk(value, at);
  return out;
}

/**
 * Every difference between two runs as `<stack> <type> <name> <path>: <before> -> <after>`,
 * sorted; a resource present in only one run shows as `added` or `removed`.
 */
function diff(before: Environment, after: Environment): string[] {
  const changes: string[] = [];
  assert.deepEqual([...after.keys()], [...before.keys()]);
  for (const [stack, was] of before) {
    const now = after.get(stack) ?? [];
    const key = (r: Resource) => `${stack} ${r.type} ${r.name}`;
    const wasBy = new Map(was.map((r) => [key(r), r]));
    const nowBy = new Map(now.map((r) => [key(r), r]));
    assert.equal(wasBy.size, was.length, `${stack}: duplicate resource keys`);
    for (const k of wasBy.keys()) if (!nowBy.has(k)) changes.push(`${k}: removed`);
    for (const [k, r] of nowBy) {
      const old = wasBy.get(k);
      if (!old) {
        changes.push(`${k}: added`);
        continue;
      }
      const a = leaves(old.inputs);
      const b = leaves(r.inputs);
      for (const p of new Set([...a.keys(), ...b.keys()])) {
        const [x, y] = [JSON.stringify(a.get(p)), JSON.stringify(b.get(p))];
        if (x !== y) changes.push(`${k} ${p}: ${x} -> ${y}`);
      }
    }
  }
  return changes.sort();
}

describe("warmInstances acceptance (prod topology)", function () {
  this.timeout(180_000);
  let reference: Environment;
  before(async () => {
    reference = await runEnvironment(prodTopology());
  });

  it("records every prod stack, with no difference between two runs of the same config", async () => {
    assert.deepEqual(
      [...reference.keys()],
      [
        "prod-global aws",
        "prod-global azure",
        "prod-global gcp",
        "prod-aws-us-east-1",
        "prod-aws-eu-west-2",
        "prod-aws-ap-northeast-1",
        "prod-azure-germanywestcentral",
        "prod-gcp-asia-southeast1",
      ],
    );
    // Each stack holds real cloud resources, so an empty diff below means something.
    for (const [stack, resources] of reference) {
      const cloud = stack.includes("-global ") ? stack.split(" ")[1] : stack.split("-")[1];
      const native = resources.filter((r) =>
        r.type.startsWith(cloud === "azure" ? "azure-native:" : `${cloud}:`),
      );
      assert.ok(native.length >= 5, `${stack} recorded ${native.length} ${cloud} resources`);
    }
    assert.deepEqual(diff(reference, await runEnvironment(prodTopology())), []);
  });

  it("AWS: raising trading's warm instances changes only provisioned concurrency and its scaling range", async () => {
    const warm = 10 + RAISE;
    const changes = diff(reference, await runEnvironment(prodTopology("trading", RAISE)));
    const expected = ["us-east-1", "eu-west-2", "ap-northeast-1"].flatMap((region) =>
      ["normalize", "order"].flatMap((fn) => [
        `prod-aws-${region} aws:appautoscaling/target:Target aws-${fn}-scaling maxCapacity: ${10 * AUTOSCALING_HEADROOM} -> ${warm * AUTOSCALING_HEADROOM}`,
        `prod-aws-${region} aws:appautoscaling/target:Target aws-${fn}-scaling minCapacity: 10 -> ${warm}`,
        `prod-aws-${region} aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig aws-${fn}-provisioned provisionedConcurrentExecutions: 10 -> ${warm}`,
      ]),
    );
    assert.deepEqual(changes, expected.sort());
  });

  it("Azure: raising fraud's warm instances changes only the always-ready instance count", async () => {
    const changes = diff(reference, await runEnvironment(prodTopology("fraud", RAISE)));
    assert.deepEqual(changes, [
      `prod-azure-germanywestcentral azure-native:web:WebApp azure-fraud-score-app functionAppConfig.scaleAndConcurrency.alwaysReady[0].instanceCount: 5 -> ${5 + RAISE}`,
    ]);
  });

  it("GCP: raising portfolio's warm instances changes only the minimum instance count", async () => {
    const warm = 2 + RAISE;
    const changes = diff(reference, await runEnvironment(prodTopology("portfolio", RAISE)));
    assert.deepEqual(changes, [
      `prod-gcp-asia-southeast1 gcp:cloudfunctionsv2/function:Function gcp-portfolio-value-function serviceConfig.minInstanceCount: 2 -> ${warm}`,
    ]);
  });
});
