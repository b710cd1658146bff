/**
 * The fraud function's hot-feature cache as each cloud configures it through app settings:
 *
 * | variable                        | meaning                                                        |
 * | ------------------------------- | -------------------------------------------------------------- |
 * | `TACHYON_CACHE_ENDPOINT`        | cache host; without it the instance's memory is the only tier  |
 * | `TACHYON_CACHE_PORT`            | default 6379 (ElastiCache), 6380 (Azure), 6378 (Memorystore)   |
 * | `TACHYON_CACHE_USER`            | AWS: the IAM-enabled ElastiCache user id                       |
 * | `TACHYON_CACHE_NAME`            | AWS: the replication group id the IAM token is signed for      |
 * | `TACHYON_CACHE_AUTH_SECRET_ARN` | AWS shared cache: the Secrets Manager secret of its AUTH token |
 * | `TACHYON_CACHE_READ_ONLY`       | `true` on a Global Datastore secondary: reads only, no writes  |
 * | `TACHYON_CACHE_PASSWORD`        | Azure access key / Memorystore AUTH string                     |
 * | `TACHYON_CACHE_CA`              | extra PEM CA (Memorystore's server CA)                         |
 *
 * All connections use TLS. Azure and Google Cloud entries use ./cache-tiers.ts directly, which
 * keeps this module's AWS signing code out of their bundles.
 */
import { log } from "../lib/log";
import { credentialsFromEnv, elastiCacheIamToken } from "../lib/elasticache-iam";
import type { RespOptions } from "../lib/resp";
import { getSecretString, regionOfSecretArn } from "../lib/secrets-manager";
import type { FeatureCache, TieredFeatureCache } from "./cache";
import { DEFAULT_PORTS, passwordRespOptions, tieredFeatureCache } from "./cache-tiers";

export { ReadOnlyFeatureCache } from "./cache-tiers";

/** Reads a secret's string (Secrets Manager's `GetSecretValue`; replaced in tests). */
export type SecretReader = typeof getSecretString;

/**
 * The connection settings the environment describes; undefined when no cache is configured.
 * `readSecret` fetches a shared cache's AUTH token.
 */
export function respOptionsFromEnv(
  cloud: "aws" | "azure" | "gcp",
  env: NodeJS.ProcessEnv = process.env,
  readSecret: SecretReader = getSecretString,
): RespOptions | undefined {
  const host = env.TACHYON_CACHE_ENDPOINT;
  if (!host) return undefined;
  const port = env.TACHYON_CACHE_PORT ? Number(env.TACHYON_CACHE_PORT) : DEFAULT_PORTS[cloud];
  const ca = env.TACHYON_CACHE_CA || undefined;
  if (cloud === "aws" && env.TACHYON_CACHE_AUTH_SECRET_ARN) {
    const secretId = env.TACHYON_CACHE_AUTH_SECRET_ARN;
    const region = regionOfSecretArn(secretId) ?? env.AWS_REGION;
    if (!region) {
      log("WARNING", "feature cache not used", {
        reason: `TACHYON_CACHE_AUTH_SECRET_ARN: must be a secret ARN or come with AWS_REGION, got ${JSON.stringify(secretId)}. Set the secret's ARN on the function.`,
      });
      return undefined;
    }
    return { host, port, ca, password: secretPassword(secretId, region, env, readSecret) };
  }
  if (cloud === "aws") {
    const user = env.TACHYON_CACHE_USER;
    const cacheName = env.TACHYON_CACHE_NAME;
    const region = env.AWS_REGION;
    if (!user || !cacheName || !region) {
      log("WARNING", "feature cache not used", {
        reason:
          "TACHYON_CACHE_NAME: must name the replication group for IAM authentication together with TACHYON_CACHE_USER and AWS_REGION, got none. Set it on the function.",
      });
      return undefined;
    }
    return {
      host,
      port,
      ca,
      user,
      password: () =>
        Promise.resolve(
          elastiCacheIamToken({
            cacheName,
            userId: user,
            region,
            credentials: credentialsFromEnv(env),
          }),
        ),
    };
  }
  return passwordRespOptions(cloud, env);
}

/**
 * The AUTH token of a shared ElastiCache cache, read from Secrets Manager on the first connect
 * and kept for the instance's life (the token does not rotate); a failed read is retried on the
 * next connect.
 */
function secretPassword(
  secretId: string,
  region: string,
  env: NodeJS.ProcessEnv,
  readSecret: SecretReader,
): () => Promise<string> {
  let pending: Promise<string> | undefined;
  return () => {
    pending ??= Promise.resolve()
      .then(() => readSecret({ secretId, region, credentials: credentialsFromEnv(env) }))
      .catch((error: unknown) => {
        pending = undefined;
        throw error;
      });
    return pending;
  };
}

/**
 * The tiered cache for a cloud: the shared cache when configured, then `database` (the
 * workload's database, when the site has one), instance memory always.
 */
export function featureCacheFromEnv(
  cloud: "aws" | "azure" | "gcp",
  env: NodeJS.ProcessEnv = process.env,
  database?: FeatureCache,
): TieredFeatureCache {
  return tieredFeatureCache(respOptionsFromEnv(cloud, env), env, database);
}
