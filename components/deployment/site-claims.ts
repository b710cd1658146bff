/**
 * Where a trading site claims order ids. The `order` function claims each order id in a durable
 * store before it executes the order, so that a signal redelivered to another instance (or a
 * client's retry) executes once. The workload's database gives a site that store when it is on
 * the site's cloud and reachable from it:
 *
 * - AWS: the database's global table has a replica in the site's region (a table in another
 *   region is not granted to the site's role and would put a cross-region write on every order);
 * - Azure: the Cosmos DB account, through its location nearest the site;
 * - Google Cloud: the Spanner database, through the instance's configuration.
 *
 * Every other trading site (no database, a database on another cloud, an AWS database without a
 * replica in the region) gets a claims store of its own, created by its regional stack in its
 * region: exact for every delivery to that site. A client that retries an order at another
 * site is deduplicated only where one database spans both sites.
 */
import type { Site, Topology } from "../../model/types";

/** Whether the trading workload runs at `site` and its database gives the site no claims store. */
export function needsSiteClaims(topology: Topology, site: Site): boolean {
  const trading = topology.workloads.find((w) => w.kind === "trading");
  if (trading === undefined || !trading.sites.includes(site.id)) return false;
  const database = topology.databases.find((d) => d.name === trading.database);
  if (database === undefined || database.cloud !== site.cloud) return true;
  return site.cloud === "aws" && !database.sites.includes(site.id);
}
