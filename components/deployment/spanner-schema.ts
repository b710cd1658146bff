/**
 * The schema of every Spanner database Tachyon creates: one list for all of them.
 *
 * The provider runs statements appended to a database's `ddls` as a schema update, but a change to
 * any earlier statement marks the database for recreation, its data lost (`ddls` on
 * gcp.spanner.Database: "modifications to prior statements will create a plan that marks the
 * resource for recreation"). A list built from the workloads that use a database would change its
 * earlier statements the day a workload is added to it (the order claims before the portfolio
 * tables), so every database gets every table, and the list only grows at its end:
 * test/components/spanner-schema.spec.ts pins each statement already released.
 */
import { spannerClaimsDdl, spannerClaimsDigestDdl } from "../../functions/lib/idempotency-spanner";
import { spannerHistoryDdl } from "../../functions/fraud/history-spanner";
import { spannerPortfolioDdl } from "../../functions/portfolio/store-spanner";

/**
 * The statements in the order a database runs them: the order function's claims, the portfolio
 * function's positions, events and options, the fraud function's account histories. Append new
 * statements at the end; never edit or reorder one.
 */
export function spannerSchemaDdl(): string[] {
  return [
    spannerClaimsDdl(),
    spannerClaimsDigestDdl(),
    ...spannerPortfolioDdl(),
    ...spannerHistoryDdl(),
  ];
}
