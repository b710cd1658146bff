/**
 * The rules of `tachyon:topology` that relate values to each other: duplicate sites, overlapping
 * address spaces, references from workloads and databases to sites and databases, one cloud per
 * database, and residency. They read the raw config defensively, so they run (and report) even
 * where other parts of the config are malformed: every problem is reported in one pass.
 */
import {
  formatCidr,
  isCanonical,
  overlaps,
  parseCidr,
  sizeOf,
  PRIVATE_BLOCKS,
  type Cidr,
} from "./cidr";
import { crossCheckAws, shownDirectConnect } from "./config-aws";
import { checkDatabaseName, joinPath, show, WORKLOAD_DEFAULTS } from "./config-schema";
import { inJurisdiction, isJurisdiction } from "./jurisdictions";
import type { Problem } from "./problems";
import { findSite } from "./regions";
import { DATA_CLASSES, WORKLOAD_KINDS, type WorkloadKind } from "./types";

type Raw = Record<string, unknown>;

function isRecord(value: unknown): value is Raw {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function entries(value: unknown): [string, unknown][] {
  return isRecord(value) ? Object.entries(value) : [];
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Every cross-value problem of a raw `tachyon:topology` value found under config path `root`. */
export function crossCheckTopology(root: string, raw: unknown): Problem[] {
  if (!isRecord(raw)) return [];
  const problems: Problem[] = [];
  // Without a site list there is nothing to check references against; the schema reports it.
  const siteIds = checkSites(root, raw.sites, problems);
  const residency = residencyRules(raw.residency);
  const databaseClasses = checkDatabases(root, raw.databases, siteIds, residency, problems);
  checkWorkloads(root, raw.workloads, siteIds, databaseClasses, residency, problems);
  // The Direct Connect gateway lives in the AWS part of the global stack and attaches to AWS
  // sites' virtual gateways: without an AWS site there is nothing to attach it to.
  const awsSites = [...siteIds].filter((id) => id.startsWith("aws:"));
  if (isRecord(raw.directConnect) && siteIds.size > 0 && awsSites.length === 0) {
    problems.push({
      path: joinPath(root, "directConnect"),
      message: `needs an aws site to attach to, got ${show(shownDirectConnect(raw.directConnect))}. Add an aws site or remove the key.`,
    });
  }
  problems.push(...crossCheckAws(root, raw, siteIds));
  return problems;
}

/** Reports duplicate ids and overlapping blocks; returns the ids the topology lists. */
function checkSites(root: string, sites: unknown, problems: Problem[]): Set<string> {
  const ids = new Map<string, number>();
  const blocks: { index: number; id: string; cidr: Cidr }[] = [];
  const all = list(sites)
    .map((s) => (isRecord(s) && typeof s.cidr === "string" ? parseCidr(s.cidr) : undefined))
    .filter((c): c is Cidr => c !== undefined && isCanonical(c));
  list(sites).forEach((site, i) => {
    if (!isRecord(site)) return;
    const at = joinPath(joinPath(root, "sites"), i);
    const id = typeof site.id === "string" ? site.id : `sites[${i}]`;
    if (typeof site.id === "string") {
      const first = ids.get(site.id);
      if (first !== undefined) {
        problems.push({
          path: joinPath(at, "id"),
          message: `repeats sites[${first}], got ${show(site.id)}. List each site once.`,
        });
      } else ids.set(site.id, i);
    }
    const venues = list(site.venues);
    venues.forEach((venue, k) => {
      if (typeof venue === "string" && venues.indexOf(venue) < k) {
        problems.push({
          path: joinPath(joinPath(at, "venues"), k),
          message: `repeats an earlier entry, got ${show(venue)}. List each venue once.`,
        });
      }
    });
    const cidr = typeof site.cidr === "string" ? parseCidr(site.cidr) : undefined;
    if (cidr === undefined || !isCanonical(cidr)) return;
    const clash = blocks.find((b) => overlaps(b.cidr, cidr));
    if (clash !== undefined) {
      const free = freeBlock(cidr.prefix, all);
      const fix = free !== undefined ? ` such as ${formatCidr(free)}` : "";
      problems.push({
        path: joinPath(at, "cidr"),
        message: `${formatCidr(cidr)} overlaps ${formatCidr(clash.cidr)} of ${clash.id}. Give each site its own range${fix}.`,
      });
    }
    blocks.push({ index: i, id, cidr });
  });
  return new Set(ids.keys());
}

/** The first private block of the given size that overlaps none of `taken`. */
function freeBlock(prefix: number, taken: readonly Cidr[]): Cidr | undefined {
  const step = 2 ** (32 - prefix);
  for (const space of PRIVATE_BLOCKS) {
    for (let base = space.base; base < space.base + sizeOf(space); base += step) {
      const candidate = { base, prefix };
      if (!taken.some((t) => overlaps(t, candidate))) return candidate;
    }
  }
  return undefined;
}

/**
 * Valid residency rules by data class. A rule with a bad entry is left out: the schema reports
 * the entry, and judging sites by the rest of the list would report sites the intended rule
 * (`UK` meant `GB`) allows.
 */
function residencyRules(raw: unknown): Map<string, string[]> {
  const rules = new Map<string, string[]>();
  for (const [dataClass, codes] of entries(raw)) {
    const all = list(codes);
    const valid = all.filter((c): c is string => typeof c === "string" && isJurisdiction(c));
    if (
      (DATA_CLASSES as readonly string[]).includes(dataClass) &&
      valid.length > 0 &&
      valid.length === all.length
    ) {
      rules.set(dataClass, valid);
    }
  }
  return rules;
}

/**
 * Checks a site list of a workload or database: each entry a topology site, listed once, inside
 * the residency of every data class in `classes`. Returns the valid site ids.
 */
function checkSiteList(
  at: string,
  sites: unknown,
  known: Set<string>,
  classes: { dataClass: string; owner: string }[],
  residency: Map<string, string[]>,
  problems: Problem[],
): string[] {
  const seen = new Set<string>();
  const valid: string[] = [];
  list(sites).forEach((id, i) => {
    if (typeof id !== "string") return;
    const path = joinPath(at, i);
    if (known.size === 0) return;
    if (!known.has(id)) {
      const some = [...known].slice(0, 6).join(", ");
      problems.push({
        path,
        message: `is not a site of the topology, got ${show(id)}. Add it to tachyon:topology.sites or use one of: ${some}.`,
      });
      return;
    }
    if (seen.has(id)) {
      problems.push({
        path,
        message: `repeats an earlier entry, got ${show(id)}. List each site once.`,
      });
      return;
    }
    seen.add(id);
    valid.push(id);
    const region = findSite(id);
    if (region === undefined) return;
    for (const { dataClass, owner } of classes) {
      const allowed = residency.get(dataClass);
      if (allowed === undefined || inJurisdiction(region.country, allowed)) continue;
      problems.push({
        path,
        message: `is in ${region.country}, outside the ${dataClass} residency (${allowed.join(", ")}) of ${owner}, got ${show(id)}. Remove the site or add ${region.country} to tachyon:topology.residency.${dataClass}.`,
      });
    }
  });
  return valid;
}

/** Checks databases; returns the data class of each well-formed database by name. */
function checkDatabases(
  root: string,
  raw: unknown,
  known: Set<string>,
  residency: Map<string, string[]>,
  problems: Problem[],
): Map<string, string | undefined> {
  const classes = new Map<string, string | undefined>();
  for (const [name, db] of entries(raw)) {
    const at = joinPath(joinPath(root, "databases"), name);
    const bad = checkDatabaseName(name);
    if (bad !== undefined) problems.push({ path: at, message: bad });
    const region = [...known].find((id) => regionPrefixes(id, name));
    if (bad === undefined && region !== undefined) {
      problems.push({
        path: at,
        message: `is reserved for the stores of site ${region}, got ${show(name)}: physical names join the database's name or a site's region with a suffix, so this one would share names with that site's own store. Rename the database so that it does not begin with a site's region, e.g. "orders".`,
      });
    }
    if (!isRecord(db)) continue;
    const dataClass = typeof db.dataClass === "string" ? db.dataClass : undefined;
    classes.set(name, dataClass);
    const owner = `database "${name}"`;
    const rules = dataClass !== undefined ? [{ dataClass, owner }] : [];
    const sites = checkSiteList(joinPath(at, "sites"), db.sites, known, rules, residency, problems);
    const first = sites[0];
    if (first === undefined) continue;
    const cloud = first.slice(0, first.indexOf(":"));
    for (const [i, id] of list(db.sites).entries()) {
      if (typeof id !== "string" || !sites.includes(id) || id.startsWith(`${cloud}:`)) continue;
      problems.push({
        path: joinPath(joinPath(at, "sites"), i),
        message: `is on another cloud than ${first}, got ${show(id)}. A global database spans one cloud; list only ${cloud} sites or define a second database.`,
      });
    }
  }
  return classes;
}

/**
 * Whether database `name` begins with the region of site `id` (`europe-west3` or
 * `europe-west3-site`): a site's own stores are named `<region>-<suffix>` where a database's are
 * `<database>[-<suffix>]` (components/deployment/site-stores.ts), so such a name could collide.
 */
function regionPrefixes(id: string, name: string): boolean {
  const region = id.slice(id.indexOf(":") + 1);
  return region !== "" && (name === region || name.startsWith(`${region}-`));
}

function checkWorkloads(
  root: string,
  raw: unknown,
  known: Set<string>,
  databases: Map<string, string | undefined>,
  residency: Map<string, string[]>,
  problems: Problem[],
): void {
  for (const [kind, w] of entries(raw)) {
    if (!(WORKLOAD_KINDS as readonly string[]).includes(kind) || !isRecord(w)) continue;
    const at = joinPath(joinPath(root, "workloads"), kind);
    const rules: { dataClass: string; owner: string }[] = [];
    const dataClass =
      typeof w.dataClass === "string"
        ? w.dataClass
        : WORKLOAD_DEFAULTS[kind as WorkloadKind].dataClass;
    rules.push({ dataClass, owner: `workload "${kind}"` });
    if (typeof w.database === "string") {
      if (!databases.has(w.database)) {
        const names = [...databases.keys()];
        const fix =
          names.length > 0
            ? `Use one of: ${names.join(", ")}, or define it under tachyon:topology.databases.`
            : "Define it under tachyon:topology.databases or remove the key.";
        problems.push({
          path: joinPath(at, "database"),
          message: `names no database of the topology, got ${show(w.database)}. ${fix}`,
        });
      } else {
        const dbClass = databases.get(w.database);
        // A function that reads a database holds its records in memory: it lives under the
        // database's residency too, not only under its own data class.
        if (dbClass !== undefined && dbClass !== dataClass) {
          rules.push({ dataClass: dbClass, owner: `its database "${w.database}"` });
        }
      }
    }
    checkSiteList(joinPath(at, "sites"), w.sites, known, rules, residency, problems);
  }
}
