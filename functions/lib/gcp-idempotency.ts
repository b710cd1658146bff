/**
 * The idempotency store of the Google Cloud `order` bundle, chosen from the environment: the
 * Spanner claims table when `TACHYON_IDEMPOTENCY_SPANNER_DATABASE` names a database (with the
 * service account's token from the metadata server), else the instance's memory — exact within
 * one instance only, which the log says once at start.
 */
import { metadataTokens } from "./gcp-metadata";
import { InMemoryIdempotencyStore, type IdempotencyStore } from "./idempotency";
import { SpannerIdempotencyStore } from "./idempotency-spanner";
import { log } from "./log";
import { SpannerDatabase } from "./spanner";

/** The variable that names the database: `projects/<p>/instances/<i>/databases/<d>`. */
export const SPANNER_DATABASE_SETTING = "TACHYON_IDEMPOTENCY_SPANNER_DATABASE";

/**
 * Optional: the Spanner REST endpoint, e.g. a regional endpoint
 * (`https://spanner.<region>.rep.googleapis.com`). Default: `https://spanner.googleapis.com`.
 */
export const SPANNER_ENDPOINT_SETTING = "TACHYON_IDEMPOTENCY_SPANNER_ENDPOINT";

/**
 * Builds the store from `env` (no request is sent until the first claim); throws on a
 * malformed database name rather than fall back to memory.
 */
export function gcpIdempotencyStore(env: NodeJS.ProcessEnv = process.env): IdempotencyStore {
  const database = env[SPANNER_DATABASE_SETTING];
  if (!database) {
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
  const endpoint = env[SPANNER_ENDPOINT_SETTING];
  const db = new SpannerDatabase({
    database,
    tokens: metadataTokens(),
    setting: SPANNER_DATABASE_SETTING,
    ...(endpoint ? { endpoint } : {}),
  });
  const store = new SpannerIdempotencyStore({ db });
  log("INFO", "order ids are claimed in Spanner", { store: "spanner", database });
  return store;
}
