/**
 * Microsoft Entra ID tokens for a Function App's managed identity, from the App Service /
 * Functions identity endpoint: `GET $IDENTITY_ENDPOINT?resource=...&api-version=2019-08-01`
 * with the header `X-IDENTITY-HEADER: $IDENTITY_HEADER`. The platform sets both variables in
 * every app with an identity; a user-assigned identity is chosen by its client id
 * (`AZURE_CLIENT_ID`, which Tachyon's Function Apps set).
 */
import {
  errorDetail,
  requestJson,
  RestStatusError,
  TokenCache,
  type Token,
} from "./idempotency-rest";

/** The identity endpoint's API version. */
export const IDENTITY_API_VERSION = "2019-08-01";

/** Where and as whom to ask for tokens. */
export interface ManagedIdentityOptions {
  /** `IDENTITY_ENDPOINT`. */
  readonly endpoint: string;
  /** `IDENTITY_HEADER`: proves the request comes from inside the app. */
  readonly header: string;
  /** Client id of a user-assigned identity. @default the system-assigned identity */
  readonly clientId?: string;
  /** @default 2000 */
  readonly timeoutMs?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

/**
 * A cached token source for one resource (audience), e.g. `https://<account>.documents.azure.com`.
 * Managed identity tokens live for hours; one is fetched per instance and refreshed five
 * minutes before it expires.
 */
export function managedIdentityTokens(
  resource: string,
  options: ManagedIdentityOptions,
): TokenCache {
  const fetchToken = async (): Promise<Token> => {
    const url = new URL(options.endpoint);
    url.searchParams.set("resource", resource);
    url.searchParams.set("api-version", IDENTITY_API_VERSION);
    if (options.clientId) url.searchParams.set("client_id", options.clientId);
    const res = await requestJson({
      method: "GET",
      url: url.toString(),
      headers: { "x-identity-header": options.header },
      timeoutMs: options.timeoutMs ?? 2000,
    });
    const body = res.body as { access_token?: unknown; expires_on?: unknown } | undefined;
    const expiresOn = Number(body?.expires_on);
    if (res.status !== 200 || typeof body?.access_token !== "string" || !(expiresOn > 0)) {
      throw new RestStatusError(
        `GET ${url.pathname}`,
        res.status,
        errorDetail(res.body),
        "Give the Function App a managed identity and set AZURE_CLIENT_ID to its client id",
      );
    }
    // expires_on is epoch seconds (a string in this API version).
    return { value: body.access_token, expiresAt: expiresOn * 1000 };
  };
  return new TokenCache(fetchToken, options.now);
}

/** Reads the identity endpoint from the environment; `undefined` outside App Service. */
export function managedIdentityFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): ManagedIdentityOptions | undefined {
  const endpoint = env.IDENTITY_ENDPOINT;
  const header = env.IDENTITY_HEADER;
  if (!endpoint || !header) return undefined;
  return { endpoint, header, ...(env.AZURE_CLIENT_ID ? { clientId: env.AZURE_CLIENT_ID } : {}) };
}
