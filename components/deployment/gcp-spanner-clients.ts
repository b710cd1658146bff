/**
 * What a GCP site's Spanner clients get: the variables naming their database, and
 * `roles/spanner.databaseUser` on it. The database is the workload's global one, in the global
 * stack's project, or the site's own store, in the site's project; both name their project.
 */
import * as pulumi from "@pulumi/pulumi";
import * as spanner from "@pulumi/gcp/spanner";

/**
 * The functions whose code reads and writes the workload's Spanner database (or the site's own
 * store where that database does not serve the site), and the variable that names it to each as
 * the Spanner REST API does: `order` claims order ids in it, `portfolio-value` keeps portfolio
 * state in it, `fraud-score` account histories. Only they get it and `roles/spanner.databaseUser`
 * on it; a grant nobody uses widens the service account.
 */
export const SPANNER_CLIENTS: ReadonlyMap<string, string> = new Map([
  ["order", "TACHYON_IDEMPOTENCY_SPANNER_DATABASE"],
  ["portfolio-value", "TACHYON_STATE_SPANNER_DATABASE"],
  ["fraud-score", "TACHYON_STATE_SPANNER_DATABASE"],
]);

/** A Spanner database a site's functions use, with the project that holds it. */
export interface SpannerTarget {
  readonly project: string;
  readonly instanceName: string;
  readonly databaseName: string;
}

/** The app settings naming the workload's Spanner database, the full name in `variable`. */
export function spannerVariables(
  db: pulumi.Output<SpannerTarget>,
  variable: string,
): Record<string, pulumi.Input<string>> {
  return {
    SPANNER_INSTANCE: db.instanceName,
    SPANNER_DATABASE: db.databaseName,
    [variable]: pulumi.interpolate`projects/${db.project}/instances/${db.instanceName}/databases/${db.databaseName}`,
  };
}

/**
 * Grants `identity` (a service account e-mail) `roles/spanner.databaseUser` on `db`, as the
 * child `name` of `parent`.
 */
export function grantSpannerClient(
  name: string,
  db: pulumi.Output<SpannerTarget>,
  identity: pulumi.Input<string>,
  parent: pulumi.Resource,
): spanner.DatabaseIAMMember {
  return new spanner.DatabaseIAMMember(
    name,
    {
      // Without it the grant goes to the provider's project, which need not hold the database:
      // "If it is not provided, the provider project is used"
      // (https://www.pulumi.com/registry/packages/gcp/api-docs/spanner/databaseiammember/).
      project: db.project,
      instance: db.instanceName,
      database: db.databaseName,
      role: "roles/spanner.databaseUser",
      member: pulumi.interpolate`serviceAccount:${identity}`,
    },
    { parent },
  );
}
