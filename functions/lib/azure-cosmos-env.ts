/**
 * The Cosmos DB container of an Azure workload, from the app settings the deployment writes for
 * every function of a workload with a Cosmos DB database (components/compute/
 * azure-site-functions.ts): `COSMOS_ENDPOINT` (the regional endpoint nearest the app),
 * `COSMOS_ACCOUNT` (the token audience), `COSMOS_DATABASE` and `COSMOS_CONTAINER`; tokens from
 * the app's managed identity.
 */
import { managedIdentityFromEnv, managedIdentityTokens } from "./azure-identity";
import { CosmosContainer } from "./cosmos";

/** The app settings that name the workload's container. */
export const COSMOS_STATE_SETTINGS = {
  endpoint: "COSMOS_ENDPOINT",
  account: "COSMOS_ACCOUNT",
  database: "COSMOS_DATABASE",
  container: "COSMOS_CONTAINER",
} as const;

/**
 * The container, or undefined when none of the settings is set (the workload has no Cosmos DB
 * database). Throws on partial settings, a malformed endpoint or no managed identity: a
 * function that silently kept its state in memory would lose it with the instance.
 */
export function cosmosContainerFromEnv(
  env: NodeJS.ProcessEnv = process.env,
): CosmosContainer | undefined {
  const names = Object.values(COSMOS_STATE_SETTINGS);
  const missing = names.filter((name) => !env[name]);
  if (missing.length === names.length) return undefined;
  if (missing.length > 0) {
    throw new Error(
      `${missing.join(", ")}: must be set with the other Cosmos DB settings, got none. Set ${names.join(", ")} or none of them.`,
    );
  }
  const endpoint = env.COSMOS_ENDPOINT as string;
  if (!URL.canParse(endpoint)) {
    throw new Error(
      `COSMOS_ENDPOINT: must be a URL, got ${JSON.stringify(endpoint)}. Use the account endpoint, e.g. https://<account>-<location>.documents.azure.com:443/.`,
    );
  }
  const identity = managedIdentityFromEnv(env);
  if (!identity) {
    throw new Error(
      "IDENTITY_ENDPOINT: must be set to read and write Cosmos DB, got none. Give the Function App a managed identity.",
    );
  }
  return new CosmosContainer({
    endpoint,
    database: env.COSMOS_DATABASE as string,
    container: env.COSMOS_CONTAINER as string,
    // The account, not the regional host the requests go to, is the token audience.
    tokens: managedIdentityTokens(`https://${env.COSMOS_ACCOUNT}.documents.azure.com`, identity),
  });
}

/** The settings that give a workload its container, as a fix to name. */
export const COSMOS_STATE_FIX = `${Object.values(COSMOS_STATE_SETTINGS).slice(0, -1).join(", ")} and ${COSMOS_STATE_SETTINGS.container}`;

/** The container the settings name, as `<account endpoint host>/<database>/<container>`. */
export function cosmosStateName(env: NodeJS.ProcessEnv = process.env): {
  kind: "cosmos";
  name: string;
} {
  const host = URL.canParse(env.COSMOS_ENDPOINT ?? "")
    ? new URL(env.COSMOS_ENDPOINT as string).hostname
    : "";
  return {
    kind: "cosmos",
    name: `${host}/${env.COSMOS_DATABASE ?? ""}/${env.COSMOS_CONTAINER ?? ""}`,
  };
}
