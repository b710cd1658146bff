/**
 * Shared fixtures of the Azure and Google Cloud component specs: sites, a topology, a function's
 * resolved arguments and a parent component.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FUNCTIONS, type FunctionSpec } from "../../functions/catalog";
import type { CloudFunctionArgs } from "../../components/compute/function-types";
import type { Site, SiteId, Topology } from "../../model/types";

export { SpecParent } from "./recorder";

/** A site of the fixture topology. */
export function site(id: SiteId, cidr: string, index: number): Site {
  const i = id.indexOf(":");
  return {
    id,
    cloud: id.slice(0, i) as Site["cloud"],
    region: id.slice(i + 1),
    cidr,
    venues: [],
    index,
  };
}

/** A catalog function by name. */
export function spec(name: string): FunctionSpec {
  const found = FUNCTIONS.find((f) => f.name === name);
  if (!found) throw new Error(`no function "${name}" in the catalog`);
  return found;
}

/** A bundle folder holding one tiny module. */
export function bundleDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "tachyon-bundle-"));
  writeFileSync(join(dir, "index.mjs"), "export const handler = async () => 1;\n");
  return dir;
}

/** Resolved function arguments as the façade hands them to a provider file. */
export function functionArgs(
  where: Site,
  fn: string,
  overrides: Partial<CloudFunctionArgs> = {},
): CloudFunctionArgs {
  return {
    site: where,
    environment: "prod",
    spec: spec(fn),
    bundle: { dir: bundleDir(), handler: "index.handler", sha256: "ab".repeat(32), bytes: 1234 },
    warmInstances: 4,
    memoryMb: 1769,
    timeoutSeconds: 10,
    variables: {},
    dataClass: "confidential",
    tags: { "latency-class": "critical" },
    physicalName: `tachyon-prod-${where.region}-${fn}`,
    ...overrides,
  };
}

/** A topology with two Azure sites, two GCP sites on two continents and one AWS site. */
export function topology(overrides: Partial<Topology> = {}): Topology {
  return {
    environment: "prod",
    sites: [
      site("aws:us-east-1", "10.10.0.0/16", 0),
      site("azure:eastus", "10.20.0.0/16", 1),
      site("azure:westeurope", "10.30.0.0/16", 2),
      site("gcp:us-east4", "10.40.0.0/16", 3),
      site("gcp:europe-west3", "10.50.0.0/16", 4),
    ],
    workloads: [
      {
        kind: "trading",
        sites: ["azure:eastus", "azure:westeurope", "gcp:us-east4", "gcp:europe-west3"],
        warmInstances: 3,
        latencyBudgetMs: 15,
        dataClass: "confidential",
        database: "orders",
      },
      {
        kind: "fraud",
        sites: ["azure:westeurope", "gcp:europe-west3"],
        warmInstances: 2,
        latencyBudgetMs: 20,
        dataClass: "pii",
        database: "cards",
      },
    ],
    databases: [
      {
        name: "orders",
        cloud: "azure",
        sites: ["azure:eastus", "azure:westeurope"],
        dataClass: "pii",
      },
      {
        name: "cards",
        cloud: "gcp",
        sites: ["gcp:us-east4", "gcp:europe-west3"],
        dataClass: "pii",
      },
    ],
    residency: {},
    dns: { domain: "trade.example.com" },
    ...overrides,
  };
}
