/**
 * The idempotency store of the Google Cloud `order` bundle, chosen from the environment: the
 * Spanner claims table when `TACHYON_IDEMPOTENCY_SPANNER_DATABASE` names a database (with the
 * service account's token from the metadata server), else the instance's memory — exact within
 * one instance only, which the log says once at start.
 */
import { spannerFromEnv } from "./gcp-spanner";
import { InMemoryIdempotencyStore, type IdempotencyStore } from "./idempotency";
import { SpannerIdempotencyStore } from "./idempotency-spanner";
import { log } from "./log";

/**
 * The variable that names the database: `projects/<p>/instances/<i>/databases/<d>`; an optional
 * `TACHYON_IDEMPOTENCY_SPANNER_ENDPOINT` names a regional REST endpoint (gcp-spanner.ts).
 */
export const SPANNER_DATABASE_SETTING = "TACHYON_IDEMPOTENCY_SPANNER_DATABASE";

/**
 * Builds the store from `env` (no request is sent until the first claim); throws on a
 * malformed database name rather than fall back to memory.
 */
export function gcpIdempotencyStore(env: NodeJS.ProcessEnv = process.env): IdempotencyStore {
  const db = spannerFromEnv("TACHYON_IDEMPOTENCY_SPANNER", env);
  if (db === undefined) {
    log(
      "WARNING",
      "order ids are claimed in instance memory: exactly-once within this instance only",
      {
        store: "memory",
        fix: `set ${SPANNER_DATABASE_SETTING}`,
      },
    );
    return new InMemoryIdempotencyStore();
  }
  const store = new SpannerIdempotencyStore({ db });
  log("INFO", "order ids are claimed in Spanner", {
    store: "spanner",
    database: env[SPANNER_DATABASE_SETTING],
  });
  return store;
}
