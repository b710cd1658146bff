/**
 * The idempotency store of the Azure `order` bundle, chosen from the app settings: the Cosmos DB
 * claims container when `TACHYON_IDEMPOTENCY_COSMOS_ENDPOINT`, `_DATABASE` and `_CONTAINER` are
 * set (with the app's managed identity for tokens), else the instance's memory — exact within
 * one instance only, which the log says once at start.
 *
 * The endpoint is normally the regional one of the account's location nearest the app
 * (`https://<account>-<location>.documents.azure.com:443/`); the token's audience is the account
 * itself, named by `TACHYON_IDEMPOTENCY_COSMOS_ACCOUNT`, and defaults to the endpoint's host when
 * that is the account's global endpoint.
 */
import { managedIdentityFromEnv, managedIdentityTokens } from "./azure-identity";
import { InMemoryIdempotencyStore, type IdempotencyStore } from "./idempotency";
import { CosmosIdempotencyStore } from "./idempotency-cosmos";
import { log } from "./log";

/** The app settings that name the claims container. */
export const COSMOS_SETTINGS = {
  endpoint: "TACHYON_IDEMPOTENCY_COSMOS_ENDPOINT",
  database: "TACHYON_IDEMPOTENCY_COSMOS_DATABASE",
  container: "TACHYON_IDEMPOTENCY_COSMOS_CONTAINER",
} as const;

/** Optional app setting: the account name, when the endpoint is a regional one. */
export const COSMOS_ACCOUNT_SETTING = "TACHYON_IDEMPOTENCY_COSMOS_ACCOUNT";

// Cosmos DB account names: 3-44 lower-case letters, digits and hyphens.
const ACCOUNT_NAME = /^[a-z0-9][a-z0-9-]{1,42}[a-z0-9]$/;

/**
 * Builds the store from `env` (no request is sent until the first claim). Throws when the
 * settings are partial or there is no managed identity to authenticate with: an order function
 * that silently fell back to memory would execute a retried order twice.
 */
export function azureIdempotencyStore(env: NodeJS.ProcessEnv = process.env): IdempotencyStore {
  const endpoint = env[COSMOS_SETTINGS.endpoint];
  const database = env[COSMOS_SETTINGS.database];
  const container = env[COSMOS_SETTINGS.container];
  if (!endpoint && !database && !container) {
    log(
      "WARNING",
      "order ids are claimed in instance memory: exactly-once within this instance only",
      {
        store: "memory",
        fix: `set ${COSMOS_SETTINGS.endpoint}, ${COSMOS_SETTINGS.database} and ${COSMOS_SETTINGS.container}`,
      },
    );
    return new InMemoryIdempotencyStore();
  }
  const missing = Object.values(COSMOS_SETTINGS).filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new Error(
      `${missing.join(", ")}: must be set with the other Cosmos DB idempotency settings, got none. Set all three or none.`,
    );
  }
  const identity = managedIdentityFromEnv(env);
  if (!identity) {
    throw new Error(
      `IDENTITY_ENDPOINT: must be set for Cosmos DB claims, got none. Give the Function App a managed identity.`,
    );
  }
  if (!URL.canParse(endpoint as string)) {
    throw new Error(
      `${COSMOS_SETTINGS.endpoint}: must be a URL, got ${JSON.stringify(endpoint)}. Use the account endpoint, e.g. https://<account>.documents.azure.com:443/.`,
    );
  }
  const account = env[COSMOS_ACCOUNT_SETTING];
  if (account !== undefined && !ACCOUNT_NAME.test(account)) {
    throw new Error(
      `${COSMOS_ACCOUNT_SETTING}: must be a Cosmos DB account name, got ${JSON.stringify(account)}. Use the account's name: 3 to 44 lower-case letters, digits or hyphens.`,
    );
  }
  // The account's origin without a trailing slash is the token audience Cosmos DB accepts; a
  // regional host would be refused as an audience.
  const resource =
    account === undefined
      ? `https://${new URL(endpoint as string).hostname}`
      : `https://${account}.documents.azure.com`;
  log("INFO", "order ids are claimed in Cosmos DB", {
    store: "cosmos",
    endpoint,
    database,
    container,
  });
  return new CosmosIdempotencyStore({
    endpoint: endpoint as string,
    database: database as string,
    container: container as string,
    tokens: managedIdentityTokens(resource, identity),
  });
}
