/**
 * Cloud Functions gen2 / Cloud Run entry of `portfolio-value` (HTTP and Pub/Sub push).
 * Positions, option definitions and applied event ids live in the Spanner database named by
 * `TACHYON_STATE_SPANNER_DATABASE` (the workload's database or, where it is on another cloud,
 * the site's own, with the portfolio tables of functions/portfolio/store-spanner.ts), with the
 * service account's token from the metadata server; without it, in the instance's memory only.
 */
import { toGcp } from "../../adapters/gcp";
import { spannerFromEnv } from "../../lib/gcp-spanner";
import { logStateStore } from "../../lib/state-log";
import { SpannerPortfolioStore } from "../../portfolio/store-spanner";
import { portfolioValueFunction } from "../../portfolio/value";

// Built when the instance loads the module, so that a malformed name fails the start.
const db = spannerFromEnv("TACHYON_STATE_SPANNER");
logStateStore(
  "portfolio",
  db && { kind: "spanner", name: process.env.TACHYON_STATE_SPANNER_DATABASE as string },
  "TACHYON_STATE_SPANNER_DATABASE",
);

/** The entry point (`handler`). */
export const handler = toGcp(
  portfolioValueFunction(db ? { store: () => new SpannerPortfolioStore(db) } : {}),
);
