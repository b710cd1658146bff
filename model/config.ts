/**
 * Stack config: parsing and complete validation of a stack's raw config (DESIGN.md §2).
 *
 * A stack whose config has `tachyon:topology` is the global stack of its environment; one with
 * `tachyon:site` is a regional stack. Validation never stops at the first problem: it returns
 * every problem at once, each with its config path, so that one run shows everything to fix.
 * Values may arrive as Pulumi hands them to a program (structured values as JSON strings) or
 * already decoded (from a YAML file).
 */
import { crossCheckTopology } from "./config-checks";
import {
  REGIONAL_OPTION_KEYS,
  parseRegionalOptions,
  regionalOptionsInGlobal,
  type RegionalOptions,
} from "./config-regional";
import {
  TopologySchema,
  WORKLOAD_DEFAULTS,
  checkSiteId,
  issueToProblems,
  show,
} from "./config-schema";
import { closestNames } from "./closest-names";
import type { Problem } from "./problems";
import {
  DATA_CLASSES,
  WORKLOAD_KINDS,
  parseSiteId,
  type Cloud,
  type DataClass,
  type Database,
  type Site,
  type SiteId,
  type Topology,
  type Workload,
} from "./types";

/** Config key of the global stack's topology. */
export const TOPOLOGY_KEY = "tachyon:topology";
/** Config key naming a regional stack's site. */
export const SITE_KEY = "tachyon:site";
/** Config key naming a regional stack's global stack. */
export const GLOBAL_STACK_KEY = "tachyon:globalStack";
/** Every `tachyon:` config key; any other is reported as unknown. */
export const TACHYON_KEYS: readonly string[] = [
  TOPOLOGY_KEY,
  SITE_KEY,
  GLOBAL_STACK_KEY,
  ...REGIONAL_OPTION_KEYS,
];

/** The provider config key holding each cloud's region; a regional stack's must match its site. */
export const PROVIDER_REGION_KEYS: Readonly<Record<Cloud, string>> = {
  aws: "aws:region",
  azure: "azure-native:location",
  gcp: "gcp:region",
};

/** The validated config of a regional stack. */
export interface RegionalConfig {
  /** The site this stack deploys: `<cloud>:<region>`. */
  readonly site: SiteId;
  readonly cloud: Cloud;
  readonly region: string;
  /** The global stack's name as configured, with or without the `org/project/` prefix. */
  readonly globalStack: string;
  /** `org/project/` when `globalStack` has it, else empty: sibling stacks share it. */
  readonly stackPrefix: string;
  /** The optional keys set (ExpressRoute circuit, Interconnect, alert e-mail), validated. */
  readonly options: RegionalOptions;
}

/** A validated stack config: a global stack with its topology, or a regional stack. */
export type StackConfig =
  | { readonly kind: "global"; readonly topology: Topology }
  | { readonly kind: "regional"; readonly regional: RegionalConfig };

/** Either the value or every problem found. */
export type Parsed<T> = T | { readonly problems: Problem[] };

/**
 * Validates any stack's raw config (`pulumi.runtime.allConfig()`, or the `config:` map of a
 * `Pulumi.<stack>.yaml`): exactly one of `tachyon:topology` and `tachyon:site`, and everything
 * the one present requires.
 */
export function parseStackConfig(config: Record<string, unknown>): Parsed<StackConfig> {
  const problems = unknownKeys(config);
  const hasTopology = config[TOPOLOGY_KEY] !== undefined;
  const hasSite = config[SITE_KEY] !== undefined;
  if (hasTopology && hasSite) {
    problems.push({
      path: SITE_KEY,
      message: `cannot be set together with "${TOPOLOGY_KEY}", got ${show(config[SITE_KEY])}. Keep "${TOPOLOGY_KEY}" in the global stack and "${SITE_KEY}" in each regional stack.`,
    });
    return { problems };
  }
  if (!hasTopology && !hasSite) {
    problems.push({
      path: TOPOLOGY_KEY,
      message: `is required unless "${SITE_KEY}" is set, got nothing. A global stack sets "${TOPOLOGY_KEY}"; a regional stack sets "${SITE_KEY}" and "${GLOBAL_STACK_KEY}".`,
    });
    return { problems };
  }
  if (hasTopology) {
    if (config[GLOBAL_STACK_KEY] !== undefined) {
      problems.push({
        path: GLOBAL_STACK_KEY,
        message: `belongs in regional stacks only, got ${show(config[GLOBAL_STACK_KEY])}. Remove it from the global stack.`,
      });
    }
    problems.push(...regionalOptionsInGlobal(config));
    const result = parseTopology(config[TOPOLOGY_KEY]);
    if ("problems" in result) return { problems: [...problems, ...result.problems] };
    return problems.length > 0 ? { problems } : { kind: "global", topology: result.topology };
  }
  const result = regional(config);
  if ("problems" in result) return { problems: [...problems, ...result.problems] };
  return problems.length > 0 ? { problems } : { kind: "regional", regional: result.regional };
}

/** Validates a global stack's config: its `tachyon:topology` (see {@link parseStackConfig}). */
export function parseGlobalConfig(config: Record<string, unknown>): Parsed<{ topology: Topology }> {
  const result = parseStackConfig(config);
  if ("problems" in result) return result;
  if (result.kind === "global") return { topology: result.topology };
  return {
    problems: [
      {
        path: TOPOLOGY_KEY,
        message: `is required in a global stack, got nothing. Move "${SITE_KEY}" to a regional stack and set "${TOPOLOGY_KEY}".`,
      },
    ],
  };
}

/**
 * Validates a regional stack's config: site, global stack, provider region key and the optional
 * keys of the site's cloud.
 */
export function parseRegionalConfig(
  config: Record<string, unknown>,
): Parsed<{ regional: RegionalConfig }> {
  const result = parseStackConfig(config);
  if ("problems" in result) return result;
  if (result.kind === "regional") return { regional: result.regional };
  return {
    problems: [
      {
        path: SITE_KEY,
        message: `is required in a regional stack, got nothing. Set it to the site this stack deploys, e.g. "aws:us-east-1".`,
      },
    ],
  };
}

/**
 * Validates a `tachyon:topology` value (an object, or its JSON text) and applies the defaults.
 * `root` is the config path problems are reported under.
 */
export function parseTopology(raw: unknown, root = TOPOLOGY_KEY): Parsed<{ topology: Topology }> {
  const decoded = decodeJson(root, raw);
  if ("problems" in decoded) return decoded;
  const value = decoded.value;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return {
      problems: [
        {
          path: root,
          message: `must be a map with environment, sites and dns, got ${show(value)}. See the configuration reference in docs/configuration.md.`,
        },
      ],
    };
  }
  const parsed = TopologySchema.safeParse(value, { reportInput: true });
  const problems = parsed.success
    ? []
    : parsed.error.issues.flatMap((i) => issueToProblems(root, i));
  problems.push(...crossCheckTopology(root, value));
  if (problems.length > 0 || !parsed.success) return { problems: sortProblems(problems) };
  const t = parsed.data;
  const sites: Site[] = t.sites.map((s, index) => ({
    id: s.id,
    ...parseSiteId(s.id),
    cidr: s.cidr,
    venues: s.venues ?? [],
    index,
  }));
  const workloads: Workload[] = [];
  for (const kind of WORKLOAD_KINDS) {
    const w = t.workloads?.[kind];
    if (w === undefined) continue;
    const d = WORKLOAD_DEFAULTS[kind];
    workloads.push({
      kind,
      sites: w.sites,
      warmInstances: w.warmInstances ?? d.warmInstances,
      latencyBudgetMs: w.latencyBudgetMs ?? d.latencyBudgetMs,
      dataClass: (w.dataClass as DataClass | undefined) ?? d.dataClass,
      memoryMb: w.memoryMb ?? d.memoryMb,
      ...(w.database !== undefined ? { database: w.database } : {}),
      ...(w.globalCache === true ? { globalCache: true } : {}),
    });
  }
  const databases: Database[] = Object.entries(t.databases ?? {}).map(([name, db]) => ({
    name,
    cloud: parseSiteId(db.sites[0]).cloud,
    sites: db.sites,
    dataClass: db.dataClass as DataClass,
  }));
  const topology: Topology = {
    environment: t.environment,
    sites,
    workloads,
    databases,
    residency: t.residency ?? {},
    dns: { domain: t.dns.domain },
    ...(t.directConnect !== undefined ? { directConnect: t.directConnect } : {}),
  };
  return { topology };
}

/**
 * The stack name of a site's regional stack, `<env>-<cloud>-<region>`, with the `org/project/`
 * prefix of the global stack's reference (so `org/tachyon/prod-global` gives
 * `org/tachyon/prod-aws-us-east-1`).
 */
export function regionalStackName(stackPrefix: string, environment: string, site: SiteId): string {
  const { cloud, region } = parseSiteId(site);
  return `${stackPrefix}${environment}-${cloud}-${region}`;
}

function regional(config: Record<string, unknown>): Parsed<{ regional: RegionalConfig }> {
  const problems: Problem[] = [];
  const rawSite = config[SITE_KEY];
  let siteId: SiteId | undefined;
  if (typeof rawSite !== "string") {
    problems.push({
      path: SITE_KEY,
      message: `must be a string "<cloud>:<region>", got ${show(rawSite)}. Write it like "aws:us-east-1".`,
    });
  } else {
    const bad = checkSiteId(rawSite);
    if (bad !== undefined) problems.push({ path: SITE_KEY, message: bad });
    else siteId = rawSite;
  }
  const globalStack = config[GLOBAL_STACK_KEY];
  let prefix = "";
  if (typeof globalStack !== "string" || globalStack === "") {
    problems.push({
      path: GLOBAL_STACK_KEY,
      message: `is required in a regional stack, got ${show(globalStack)}. Name the environment's global stack, e.g. "prod-global" or "org/tachyon/prod-global".`,
    });
  } else {
    const m = /^(?:([^/\s]+)\/([^/\s]+)\/)?([A-Za-z0-9._-]+)$/.exec(globalStack);
    if (!m) {
      problems.push({
        path: GLOBAL_STACK_KEY,
        message: `is not a stack name, got ${show(globalStack)}. Use "<env>-global" or "<org>/<project>/<env>-global".`,
      });
    } else if (m[1] !== undefined) prefix = `${m[1]}/${m[2]}/`;
  }
  const site = siteId !== undefined ? { id: siteId, ...parseSiteId(siteId) } : undefined;
  if (site !== undefined) {
    const { cloud, region } = site;
    const key = PROVIDER_REGION_KEYS[cloud];
    const value = config[key];
    // Azure accepts display names ("West Europe") as well as codes ("westeurope").
    const norm = (s: string): string =>
      cloud === "azure" ? s.toLowerCase().replace(/\s+/g, "") : s;
    if (value === undefined) {
      problems.push({
        path: key,
        message: `is required so the provider deploys to ${site.id}, got nothing. Add "${key}: ${region}".`,
      });
    } else if (typeof value !== "string" || norm(value) !== region) {
      problems.push({
        path: key,
        message: `disagrees with ${SITE_KEY} ${site.id}, got ${show(value)}. Set it to "${region}".`,
      });
    }
  }
  const { options, problems: optionProblems } = parseRegionalOptions(config, site);
  problems.push(...optionProblems);
  if (site === undefined || problems.length > 0) return { problems };
  return {
    regional: {
      site: site.id,
      cloud: site.cloud,
      region: site.region,
      globalStack: globalStack as string,
      stackPrefix: prefix,
      options,
    },
  };
}

/** Reports `tachyon:` keys that are not Tachyon's. */
function unknownKeys(config: Record<string, unknown>): Problem[] {
  return Object.keys(config)
    .filter((key) => key.startsWith("tachyon:") && !TACHYON_KEYS.includes(key))
    .map((key) => {
      const near = closestNames(
        key,
        TACHYON_KEYS.map((name) => ({ name })),
        1,
      );
      const fix =
        near.length > 0 ? `Did you mean "${near[0]}"?` : `Use ${TACHYON_KEYS.join(", ")}.`;
      return { path: key, message: `is not a Tachyon config key, got ${show(key)}. ${fix}` };
    });
}

/** Pulumi hands structured config to the program as JSON text; decode it. */
function decodeJson(path: string, raw: unknown): Parsed<{ value: unknown }> {
  if (typeof raw !== "string") return { value: raw };
  try {
    return { value: JSON.parse(raw) as unknown };
  } catch {
    return {
      problems: [
        {
          path,
          message: `is not a map, got ${show(raw)}. Write it as a YAML map with environment, sites and dns.`,
        },
      ],
    };
  }
}

// Schema problems and cross-value problems arrive in two passes: report them in one
// deterministic order (indexes numerically, keys alphabetically) so output is stable.
function sortProblems(problems: Problem[]): Problem[] {
  const seen = new Set<string>();
  const unique = problems.filter((p) => {
    const key = `${p.path}\n${p.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort((a, b) => comparePaths(a.path, b.path));
}

// Keys in the order the config reference documents them; other keys sort after, alphabetically.
const KEY_ORDER = [
  ...TACHYON_KEYS,
  ...Object.values(PROVIDER_REGION_KEYS),
  "environment",
  "sites",
  "id",
  "cidr",
  "venues",
  "workloads",
  ...WORKLOAD_KINDS,
  "warmInstances",
  "latencyBudgetMs",
  "dataClass",
  "database",
  "memoryMb",
  "globalCache",
  "databases",
  "residency",
  ...DATA_CLASSES,
  "dns",
  "domain",
  "directConnect",
  "connectionId",
  "amazonSideAsn",
  "vlan",
  "customerAsn",
  "amazonAddress",
  "customerAddress",
  "mtu",
  "bgpAuthKey",
  "type",
  "interconnect",
  "edgeAvailabilityDomain",
  "bandwidth",
  "asn",
];

function rank(key: string): number {
  const i = KEY_ORDER.indexOf(key);
  return i === -1 ? KEY_ORDER.length : i;
}

function comparePaths(a: string, b: string): number {
  const split = (p: string): (string | number)[] =>
    p
      .split(/[.[\]"]+/)
      .filter((s) => s !== "")
      .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  const x = split(a);
  const y = split(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const [p, q] = [x[i], y[i]];
    if (p === q) continue;
    if (typeof p === "number" && typeof q === "number") return p - q;
    if (typeof p === "number") return -1;
    if (typeof q === "number") return 1;
    return rank(p) - rank(q) || (p < q ? -1 : 1);
  }
  return x.length - y.length;
}
