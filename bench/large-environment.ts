/**
 * A generated environment for `check.ms_per_resource_large`: a reference environment's topology
 * with three times the sites, written as stack files into a folder of the caller's choosing (never
 * committed). Each reference site keeps its place and gains two sites of the same cloud, the
 * nearest free catalog regions that the residency rules allow for the data it holds; the clones
 * join the workloads and databases of their original, get fresh /16 blocks and no venues, and
 * come after every reference site, so peering order and each site's own config stay as they were.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { distanceKm } from "../model/geo";
import { inJurisdiction } from "../model/jurisdictions";
import { findSite, regionsOf } from "../model/regions";
import type { Cloud, Region } from "../model/types";

/** How many times the reference environment's sites the generated one has. */
export const LARGE_FACTOR = 3;

/** The provider's own region key of each cloud, as the reference regional stacks set it. */
const REGION_KEYS: Record<Cloud, string> = {
  aws: "aws:region",
  azure: "azure-native:location",
  gcp: "gcp:region",
};

interface Site {
  id: string;
  cidr: string;
  venues?: string[];
}

interface Topology {
  environment: string;
  sites: Site[];
  workloads: Record<string, { sites: string[]; dataClass?: string; database?: string }>;
  databases?: Record<string, { sites: string[]; dataClass?: string }>;
  residency?: Record<string, string[]>;
  [key: string]: unknown;
}

type StackFile = { config: Record<string, unknown> };

/**
 * Writes `Pulumi.<environment>-*.yaml` for `environment`, generated from the reference
 * environment `from` in `stacksDir`, into `outDir`; returns the stack names, global first.
 */
export function writeLargeEnvironment(
  stacksDir: string,
  from: string,
  environment: string,
  outDir: string,
): string[] {
  const read = (name: string): StackFile =>
    yaml.load(fs.readFileSync(path.join(stacksDir, `Pulumi.${name}.yaml`), "utf8")) as StackFile;
  const global = read(`${from}-global`);
  const topology = structuredClone(global.config["tachyon:topology"]) as Topology;
  const clones = cloneSites(topology);
  topology.environment = environment;
  let block = 100;
  for (const [original, copies] of clones) {
    for (const region of copies) {
      while (topology.sites.some((s) => s.cidr === `10.${block}.0.0/16`)) block += 1;
      const id = `${region.cloud}:${region.code}`;
      topology.sites.push({ id, cidr: `10.${block}.0.0/16` });
      for (const group of [topology.workloads, topology.databases ?? {}])
        for (const entry of Object.values(group))
          if (entry.sites.includes(original)) entry.sites.push(id);
    }
  }
  const globalName = `${environment}-global`;
  const write = (name: string, config: Record<string, unknown>): void =>
    fs.writeFileSync(
      path.join(outDir, `Pulumi.${name}.yaml`),
      `# Generated for check.ms_per_resource_large from the ${from} environment.\n${yaml.dump({ config })}`,
    );
  write(globalName, { ...global.config, "tachyon:topology": topology });
  const names = [globalName];
  for (const site of topology.sites) {
    const [cloud, region] = site.id.split(":") as [Cloud, string];
    const original = [...clones].find(([, copies]) => copies.some((r) => r.code === region))?.[0];
    const source = read(`${from}-${(original ?? site.id).replace(":", "-")}`);
    const name = `${environment}-${cloud}-${region}`;
    write(name, {
      ...source.config,
      "tachyon:site": site.id,
      "tachyon:globalStack": globalName,
      [REGION_KEYS[cloud]]: region,
    });
    names.push(name);
  }
  return names;
}

/** Each reference site with the regions of its clones, nearest first. */
function cloneSites(topology: Topology): Map<string, Region[]> {
  const used = new Set(topology.sites.map((s) => s.id));
  const clones = new Map<string, Region[]>();
  for (const site of topology.sites) {
    const home = findSite(site.id);
    if (home === undefined) throw new Error(`${site.id}: not in the region catalog.`);
    const allowed = allowedJurisdictions(topology, site.id);
    const candidates = regionsOf(home.cloud)
      .filter((r) => !used.has(`${r.cloud}:${r.code}`))
      .filter((r) => allowed === undefined || inJurisdiction(r.country, allowed))
      .sort((a, b) => distanceKm(home, a) - distanceKm(home, b))
      .slice(0, LARGE_FACTOR - 1);
    for (const r of candidates) used.add(`${r.cloud}:${r.code}`);
    clones.set(site.id, candidates);
  }
  return clones;
}

/** The jurisdictions every data class at the site allows, or undefined when none is restricted. */
function allowedJurisdictions(topology: Topology, siteId: string): string[] | undefined {
  const classes = [...Object.values(topology.workloads), ...Object.values(topology.databases ?? {})]
    .filter((e) => e.sites.includes(siteId) && e.dataClass !== undefined)
    .map((e) => e.dataClass as string);
  const rules = classes
    .map((c) => topology.residency?.[c])
    .filter((r): r is string[] => r !== undefined);
  if (rules.length === 0) return undefined;
  return rules.reduce((a, b) => a.filter((j) => b.includes(j)));
}
