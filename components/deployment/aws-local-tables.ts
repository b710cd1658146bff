/**
 * The DynamoDB tables a workload uses at one AWS site: this region's replicas of its database's
 * global tables (read from the global stack's outputs), or, for a trading site that the database
 * gives no claims table (`needsSiteClaims`), an order-id claims table of the site's own, created
 * by this regional stack in the site's region. Without it `order` would claim ids in instance
 * memory, and a signal redelivered to another instance could execute an order twice.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Database, Workload } from "../../model/types";
import { AwsGlobalTable } from "../data/aws-global-table";
import { physicalName } from "../naming/physical-name";
import type { AwsGlobalOutputs } from "./aws-outputs";
import { tablesOf, type LocalTable, type WorkloadTables } from "./aws-tables";
import { requireGlobal, type SiteContext } from "./context";
import { needsSiteClaims } from "./site-claims";

/**
 * Role in the site claims table's physical name, `tachyon-<env>-<region>-order-claims`. No
 * database's table can take that name: a database name has at most 20 characters and its tables
 * are `tachyon-<env>-<database>` and `…-state`, while `<region>-order-claims` has at least 22.
 */
export const SITE_CLAIMS_ROLE = "order-claims";

/** The workload's tables at the site, creating the site's own claims table where it needs one. */
export function localTables(
  ctx: SiteContext,
  global: pulumi.Output<AwsGlobalOutputs>,
  workload: Workload,
  tags: Record<string, string>,
): WorkloadTables {
  const { topology, site } = ctx;
  const database = topology.databases.find(
    (d) => d.name === workload.database && d.cloud === "aws" && d.sites.includes(site.id),
  );
  if (database === undefined) {
    return workload.kind === "trading" && needsSiteClaims(topology, site)
      ? { claims: siteClaimsTable(ctx, workload, tags) }
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
 * customer-managed key of its own in the site's region, carrying the workload's data class.
 */
function siteClaimsTable(ctx: SiteContext, workload: Workload, tags: Record<string, string>) {
  const { topology, site, parent } = ctx;
  const database: Database = {
    name: SITE_CLAIMS_ROLE,
    cloud: "aws",
    sites: [site.id],
    dataClass: workload.dataClass,
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
