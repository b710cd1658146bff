/**
 * The DynamoDB tables a workload uses at one AWS site: this region's replicas of its database's
 * global tables (read from the global stack's outputs), or, for a trading site that the database
 * gives no claims table (`needsSiteClaims`), an order-id claims table of the site's own, created
 * by this regional stack in the site's region. Without it `order` would claim ids in instance
 * memory, and a signal redelivered to another instance could execute an order twice. Likewise a
 * site whose portfolio or fraud database does not serve it (`siteStateWorkloads`) gets a state
 * table of its own, shared by those workloads as a database's state table is, in place of
 * instance memory, which every instance holds apart and loses when it recycles.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Database, Workload } from "../../model/types";
import { AwsGlobalTable } from "../data/aws-global-table";
import { physicalName } from "../naming/physical-name";
import type { AwsGlobalOutputs } from "./aws-outputs";
import { tablesOf, type LocalTable, type WorkloadTables } from "./aws-tables";
import { requireGlobal, type SiteContext } from "./context";
import { needsSiteClaims, siteStateWorkloads, siteStoreDataClass } from "./site-stores";

/**
 * Role in the site claims table's physical name, `tachyon-<env>-<region>-order-claims`. No
 * database's table can take that name: a database name has at most 20 characters and its tables
 * are `tachyon-<env>-<database>` and `…-state`, while `<region>-order-claims` has at least 22.
 */
export const SITE_CLAIMS_ROLE = "order-claims";

/**
 * Role in the site state table's physical name, `tachyon-<env>-<region>-state-store`. No
 * database's table can take that name: `<region>-state-store` has at least 21 characters (AWS
 * region names at least 9) where a database name has at most 20, and it does not end in `-state`.
 */
export const SITE_STATE_ROLE = "state-store";

/**
 * The workload's tables at the site, creating the site's own claims table where it needs one;
 * `siteState` is the site's own state table ({@link siteStateTable}), which the workloads that
 * `siteStateWorkloads` lists use.
 */
export function localTables(
  ctx: SiteContext,
  global: pulumi.Output<AwsGlobalOutputs>,
  workload: Workload,
  tags: Record<string, string>,
  siteState?: LocalTable,
): WorkloadTables {
  const { topology, site } = ctx;
  const database = topology.databases.find(
    (d) => d.name === workload.database && d.cloud === "aws" && d.sites.includes(site.id),
  );
  if (database === undefined) {
    if (workload.kind === "trading" && needsSiteClaims(topology, site))
      return { claims: siteClaimsTable(ctx, workload, tags) };
    return siteState !== undefined && siteStateWorkloads(topology, site).includes(workload.kind)
      ? { state: siteState }
      : {};
  }
  const local = (key: "tables" | "stateTables"): LocalTable => {
    const table = global.apply((g) =>
      requireGlobal(g[key]?.[database.name], `aws.${key}.${database.name}`),
    );
    return {
      name: table.apply((t) => t.name),
      // The replica in this region: the home table's ARN with this region in it.
      arn: table.apply((t) => t.arn.replace(`:${t.homeRegion}:`, `:${site.region}:`)),
      keyArn: table.apply((t) =>
        requireGlobal(
          t.keyArns?.[site.region],
          `aws.${key}.${database.name}.keyArns.${site.region}`,
        ),
      ),
    };
  };
  const { claims, state } = tablesOf(topology, database);
  return {
    ...(claims ? { claims: local("tables") } : {}),
    ...(state ? { state: local("stateTables") } : {}),
  };
}

/**
 * The site's own claims table: the global table component with the site as its only site, so a
 * regional table shaped as functions/lib/idempotency-dynamodb.ts expects (string key `pk`, TTL
 * on `expiresAt`), on-demand, with no stream, point-in-time recovery, deletion protection and a
 * customer-managed key of its own in the site's region, carrying the data class of the workload
 * and of its database (siteStoreDataClass).
 */
function siteClaimsTable(ctx: SiteContext, workload: Workload, tags: Record<string, string>) {
  const { topology, site, parent } = ctx;
  const database: Database = {
    name: SITE_CLAIMS_ROLE,
    cloud: "aws",
    sites: [site.id],
    dataClass: siteStoreDataClass(topology, [workload.kind]),
  };
  const table = new AwsGlobalTable(
    `aws-${SITE_CLAIMS_ROLE}`,
    {
      database,
      environment: topology.environment,
      tableName: physicalName(topology.environment, site.region, SITE_CLAIMS_ROLE, 255),
      // Nothing reads its changes and it has no replicas.
      stream: false,
      tags,
    },
    { parent },
  );
  return { name: table.tableName, arn: table.tableArn, keyArn: table.keyArns[site.region] };
}

/**
 * The site's own state table, when `siteStateWorkloads` lists any workload here: shaped as the
 * global state tables (string keys `pk` and `sk`, TTL on `expiresAt`, which fraud's histories
 * set), with the site as its only site, so on-demand, with no stream, point-in-time recovery,
 * deletion protection and a customer-managed key of its own. Portfolio's items (`portfolio#<id>`,
 * `options`) and fraud's (`account#<id>`) never share a key, so one table holds both, as a
 * database's state table does. It carries the strictest data class of those workloads and of
 * the databases whose records it holds in their place.
 */
export function siteStateTable(
  ctx: SiteContext,
  tags: Record<string, string>,
): LocalTable | undefined {
  const { topology, site, parent } = ctx;
  const kinds = siteStateWorkloads(topology, site);
  if (kinds.length === 0) return undefined;
  const database: Database = {
    name: SITE_STATE_ROLE,
    cloud: "aws",
    sites: [site.id],
    dataClass: siteStoreDataClass(topology, kinds),
  };
  const table = new AwsGlobalTable(
    `aws-${SITE_STATE_ROLE}`,
    {
      database,
      environment: topology.environment,
      tableName: physicalName(topology.environment, site.region, SITE_STATE_ROLE, 255),
      rangeKey: "sk",
      // Nothing reads its changes and it has no replicas.
      stream: false,
      tags,
    },
    { parent },
  );
  return { name: table.tableName, arn: table.tableArn, keyArn: table.keyArns[site.region] };
}
