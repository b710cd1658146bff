/**
 * The Spanner database a Google Cloud bundle is given by its environment: `<prefix>_DATABASE`
 * (`projects/<p>/instances/<i>/databases/<d>`) and, optionally, `<prefix>_ENDPOINT` (a regional
 * REST endpoint), read with the service account's token from the metadata server.
 */
import { metadataTokens } from "./gcp-metadata";
import { SpannerDatabase } from "./spanner";

/** The settings' prefixes: order claims, and the fraud and portfolio state. */
export type SpannerSettingPrefix = "TACHYON_IDEMPOTENCY_SPANNER" | "TACHYON_STATE_SPANNER";

/**
 * The database `<prefix>_DATABASE` names, or `undefined` when it is unset. No request is sent
 * until the first call; a malformed name throws here, so that the instance fails its start.
 */
export function spannerFromEnv(
  prefix: SpannerSettingPrefix,
  env: NodeJS.ProcessEnv = process.env,
): SpannerDatabase | undefined {
  const setting = `${prefix}_DATABASE`;
  const database = env[setting];
  if (!database) return undefined;
  const endpoint = env[`${prefix}_ENDPOINT`];
  return new SpannerDatabase({
    database,
    tokens: metadataTokens(),
    setting,
    ...(endpoint ? { endpoint } : {}),
  });
}
