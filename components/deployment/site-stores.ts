/**
 * Where a site keeps what must outlive an instance. The trading workload's `order` function
 * claims each order id in a durable store before it executes the order, so that a signal
 * redelivered to another instance (or a client's retry) executes once; `portfolio-value` and
 * `fraud-score` keep positions and account histories in their workload's database. The
 * workload's database serves a site when it is on the site's cloud and reachable from it:
 *
 * - AWS: the database's global table has a replica in the site's region (a table in another
 *   region is not granted to the site's role and would put a cross-region write on every call);
 * - Azure: the Cosmos DB account, through its location nearest the site;
 * - Google Cloud: the Spanner database, through the instance's configuration.
 *
 * Every trading site the database does not serve (no database, a database on another cloud, an
 * AWS database without a replica in the region) gets a claims store of its own, created by its
 * regional stack in its region: exact for every delivery to that site. A client that retries an
 * order at another site is deduplicated only where one database spans both sites. Likewise a
 * portfolio or fraud site whose named database does not serve it keeps its state in a store of
 * its own: the site's system of record, not shared with other sites. A portfolio or fraud
 * workload without a database keeps its state in instance memory, as configured.
 */
import {
  strictestClass,
  type Database,
  type DataClass,
  type Site,
  type Topology,
  type WorkloadKind,
} from "../../model/types";

/** Whether `database` serves `site` (see the file's header). */
function serves(database: Database | undefined, site: Site): boolean {
  if (database === undefined || database.cloud !== site.cloud) return false;
  return site.cloud !== "aws" || database.sites.includes(site.id);
}

/** Whether the trading workload runs at `site` and its database gives the site no claims store. */
export function needsSiteClaims(topology: Topology, site: Site): boolean {
  const trading = topology.workloads.find((w) => w.kind === "trading");
  if (trading === undefined || !trading.sites.includes(site.id)) return false;
  return !serves(
    topology.databases.find((d) => d.name === trading.database),
    site,
  );
}

/** Workloads whose functions keep state in their database: positions and account histories. */
export const SITE_STATE_WORKLOADS: readonly WorkloadKind[] = ["portfolio", "fraud"];

/**
 * The {@link SITE_STATE_WORKLOADS} that run at `site` and name a database that does not serve
 * it, in topology order: each keeps its state in a store of the site's own.
 */
export function siteStateWorkloads(topology: Topology, site: Site): WorkloadKind[] {
  return topology.workloads
    .filter(
      (w) =>
        SITE_STATE_WORKLOADS.includes(w.kind) &&
        w.sites.includes(site.id) &&
        w.database !== undefined &&
        !serves(
          topology.databases.find((d) => d.name === w.database),
          site,
        ),
    )
    .map((w) => w.kind);
}

/**
 * The data class of a site's own store that holds the records of the `kinds` workloads: the
 * strictest of those workloads' classes and of the databases they would otherwise write to, whose
 * records the store holds in their place (residency judges the store by it).
 */
export function siteStoreDataClass(topology: Topology, kinds: readonly WorkloadKind[]): DataClass {
  const workloads = topology.workloads.filter((w) => kinds.includes(w.kind));
  const databases = topology.databases.filter((d) => workloads.some((w) => w.database === d.name));
  return strictestClass([...workloads, ...databases].map((x) => x.dataClass));
}

/**
 * The workloads of `site` whose records go to the site's own store: trading when its database
 * gives the site no claims, and every {@link siteStateWorkloads} entry; in topology order.
 */
export function siteStoreWorkloads(topology: Topology, site: Site): WorkloadKind[] {
  const state = siteStateWorkloads(topology, site);
  const claims = needsSiteClaims(topology, site);
  return topology.workloads
    .map((w) => w.kind)
    .filter((kind) => state.includes(kind) || (kind === "trading" && claims));
}
