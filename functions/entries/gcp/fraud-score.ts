/**
 * Cloud Functions gen2 / Cloud Run entry of `fraud-score` (HTTP and Pub/Sub push). Account
 * histories are read from the shared cache first, then from the Spanner database named by
 * `TACHYON_STATE_SPANNER_DATABASE` (the workload's database or, where it is on another cloud,
 * the site's own, with the table of functions/fraud/history-spanner.ts), the source of truth,
 * with the service account's token from the metadata server; without it, from the cache and
 * instance memory only.
 */
import { toGcp } from "../../adapters/gcp";
import { passwordRespOptions, tieredFeatureCache } from "../../fraud/cache-tiers";
import { SpannerHistoryStore } from "../../fraud/history-spanner";
import { fraudScoreFunction } from "../../fraud/score";
import { spannerFromEnv } from "../../lib/gcp-spanner";
import { logStateStore } from "../../lib/state-log";

// Built when the instance loads the module, so that a malformed name fails the start.
const db = spannerFromEnv("TACHYON_STATE_SPANNER");
logStateStore(
  "fraud",
  db && { kind: "spanner", name: process.env.TACHYON_STATE_SPANNER_DATABASE as string },
  "TACHYON_STATE_SPANNER_DATABASE",
);

/** The entry point (`handler`). */
export const handler = toGcp(
  fraudScoreFunction({
    cache: () =>
      tieredFeatureCache(
        passwordRespOptions("gcp"),
        process.env,
        db ? new SpannerHistoryStore(db) : undefined,
      ),
  }),
);
