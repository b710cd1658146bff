/**
 * OAuth access tokens of the service account a Cloud Run service or Cloud Function runs as,
 * from the metadata server: `GET /computeMetadata/v1/instance/service-accounts/default/token`
 * with `Metadata-Flavor: Google`. The answer is `{ access_token, expires_in, token_type }`.
 */
import {
  errorDetail,
  requestJson,
  RestStatusError,
  TokenCache,
  type Token,
} from "./idempotency-rest";

/** The metadata server as the runtime reaches it. */
export const METADATA_HOST = "http://metadata.google.internal";

/** The token path of the default service account. */
export const TOKEN_PATH = "/computeMetadata/v1/instance/service-accounts/default/token";

/** Options of {@link metadataTokens}. */
export interface MetadataTokenOptions {
  /** @default METADATA_HOST (`GCE_METADATA_HOST` when set, as Google's client libraries read it) */
  readonly host?: string;
  /** @default 2000 */
  readonly timeoutMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

/**
 * A cached token source. The metadata server hands out tokens with up to an hour to live and
 * caches them itself, so a token it returns may already be well into its life; the instance
 * asks again one minute before expiry rather than the five used for Entra ID, which would
 * otherwise make it ask on every request near the end of a token's life.
 */
export function metadataTokens(options: MetadataTokenOptions = {}): TokenCache {
  const now = options.now ?? Date.now;
  const host =
    options.host ??
    (process.env.GCE_METADATA_HOST ? `http://${process.env.GCE_METADATA_HOST}` : METADATA_HOST);
  const fetchToken = async (): Promise<Token> => {
    const res = await requestJson({
      method: "GET",
      url: `${host}${TOKEN_PATH}`,
      headers: { "metadata-flavor": "Google" },
      timeoutMs: options.timeoutMs ?? 2000,
    });
    const body = res.body as { access_token?: unknown; expires_in?: unknown } | undefined;
    const expiresIn = Number(body?.expires_in);
    if (res.status !== 200 || typeof body?.access_token !== "string" || !(expiresIn > 0)) {
      throw new RestStatusError(
        `GET ${TOKEN_PATH}`,
        res.status,
        errorDetail(res.body),
        "Run on Cloud Run or Cloud Functions with a service account attached",
      );
    }
    return { value: body.access_token, expiresAt: now() + expiresIn * 1000 };
  };
  return new TokenCache(fetchToken, now, 60_000);
}
