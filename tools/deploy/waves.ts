/**
 * The deployment order of an environment (DESIGN.md §2, §6): its global stack alone first, then
 * the sites of each cloud in topology order, since each site peers with the earlier sites of its
 * cloud from its own stack. The n-th site of every cloud forms wave n + 1: those stacks touch
 * different clouds, so they may run at once.
 */
import {
  isPlainObject,
  listStacks,
  ProjectError,
  readStackConfig,
  type Project,
} from "../engine/project";

// Contract keys (DESIGN.md §2), written out so that planning does not load the config schema.
const TOPOLOGY_KEY = "tachyon:topology";
const SITE_KEY = "tachyon:site";
const GLOBAL_STACK_KEY = "tachyon:globalStack";

/** One stack of a plan and why it sits in its wave. */
export interface PlannedStack {
  readonly name: string;
  /** `<cloud>:<region>`; absent for the global stack. */
  readonly site?: string;
  /** Sites of the same cloud this stack peers with (deployed in earlier waves). */
  readonly peersWith: readonly string[];
}

/** The ordered waves of one environment. */
export interface Plan {
  readonly environment: string;
  /** Stack names; the shape of `tachyon plan --format json` (DESIGN.md §6). */
  readonly waves: string[][];
  /** The same stacks with the reason for their place, wave by wave. */
  readonly stacks: PlannedStack[][];
  /** The global stack's topology as written in its config, for reports. */
  readonly topology: Record<string, unknown>;
}

/**
 * Reads the stacks folder and orders the stacks of `environment`. Throws a {@link ProjectError}
 * naming every problem: no global stack, a site without a stack, a stack for a site the topology
 * does not have, or two stacks for one site.
 */
export function planEnvironment(project: Project, environment: string): Plan {
  const globals: { name: string; topology: Record<string, unknown> }[] = [];
  const regional: { name: string; site: string; global: string }[] = [];
  const environments = new Set<string>();
  for (const name of listStacks(project)) {
    const values = readStackConfig(project, name).values;
    const topology = values[TOPOLOGY_KEY];
    if (isPlainObject(topology) && typeof topology["environment"] === "string") {
      environments.add(topology["environment"]);
      if (topology["environment"] === environment) globals.push({ name, topology });
    }
    const site = values[SITE_KEY];
    const global = values[GLOBAL_STACK_KEY];
    if (typeof site === "string" && typeof global === "string") {
      regional.push({ name, site, global: global.split("/").pop() as string });
    }
  }
  const dir = project.stacksDir;
  if (globals.length === 0) {
    const known = [...environments].sort();
    throw new ProjectError(
      `--env: no global stack of environment "${environment}" in ${dir}, got ${known.length === 0 ? "no environments" : `environments ${known.join(", ")}`}. Pick one of them or add a stack with "${TOPOLOGY_KEY}.environment: ${environment}".`,
    );
  }
  if (globals.length > 1) {
    throw new ProjectError(
      `${dir}: environment "${environment}" must have one global stack, got ${globals.length} (${globals.map((g) => g.name).join(", ")}). Keep "${TOPOLOGY_KEY}" in one of them.`,
    );
  }
  const [global] = globals as [{ name: string; topology: Record<string, unknown> }];
  const sites = topologySites(global.topology);
  const mine = regional.filter((r) => r.global === global.name);
  const problems: string[] = [];
  const bySite = new Map<string, string>();
  for (const r of mine) {
    const other = bySite.get(r.site);
    if (other !== undefined) {
      problems.push(
        `${dir}: site "${r.site}" must have one regional stack, got ${other} and ${r.name}. Remove one of them.`,
      );
    } else if (!sites.includes(r.site)) {
      problems.push(
        `${dir}: stack ${r.name} must deploy a site of ${global.name}'s topology, got "${r.site}". Add the site to the topology or remove the stack.`,
      );
    } else bySite.set(r.site, r.name);
  }
  for (const site of sites) {
    if (!bySite.has(site)) {
      problems.push(
        `${dir}: site "${site}" of ${global.name}'s topology must have a regional stack, got none. Add Pulumi.${environment}-${site.replace(":", "-")}.yaml with "${SITE_KEY}: ${site}".`,
      );
    }
  }
  if (problems.length > 0) throw new ProjectError(problems.join("\n"));

  const byCloud = new Map<string, string[]>();
  for (const site of sites) {
    const cloud = site.split(":")[0];
    byCloud.set(cloud, [...(byCloud.get(cloud) ?? []), site]);
  }
  const stacks: PlannedStack[][] = [[{ name: global.name, peersWith: [] }]];
  const depth = Math.max(0, ...[...byCloud.values()].map((s) => s.length));
  for (let i = 0; i < depth; i++) {
    const wave: PlannedStack[] = [];
    for (const cloudSites of byCloud.values()) {
      const site = cloudSites[i];
      if (site === undefined) continue;
      wave.push({ name: bySite.get(site) as string, site, peersWith: cloudSites.slice(0, i) });
    }
    stacks.push(wave);
  }
  return {
    environment,
    waves: stacks.map((wave) => wave.map((s) => s.name)),
    stacks,
    topology: global.topology,
  };
}

function topologySites(topology: Record<string, unknown>): string[] {
  const sites = topology["sites"];
  if (!Array.isArray(sites)) return [];
  return sites
    .map((s) => (isPlainObject(s) ? s["id"] : undefined))
    .filter((id): id is string => typeof id === "string");
}
