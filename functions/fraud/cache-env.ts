/**
 * The fraud function's hot-feature cache as each cloud configures it through app settings:
 *
 * | variable                 | meaning                                                        |
 * | ------------------------ | -------------------------------------------------------------- |
 * | `TACHYON_CACHE_ENDPOINT` | cache host; without it the instance's memory is the only tier  |
 * | `TACHYON_CACHE_PORT`     | default 6379 (ElastiCache), 6380 (Azure), 6378 (Memorystore)   |
 * | `TACHYON_CACHE_USER`     | AWS: the IAM-enabled ElastiCache user id                        |
 * | `TACHYON_CACHE_NAME`     | AWS: the replication group id the IAM token is signed for       |
 * | `TACHYON_CACHE_PASSWORD` | Azure access key / Memorystore AUTH string                      |
 * | `TACHYON_CACHE_CA`       | extra PEM CA (Memorystore's server CA)                          |
 *
 * All connections use TLS.
 */
import { log } from "../lib/log";
import { credentialsFromEnv, elastiCacheIamToken } from "../lib/elasticache-iam";
import { RespClient, type RespOptions } from "../lib/resp";
import { RedisFeatureCache, TieredFeatureCache } from "./cache";

const DEFAULT_PORTS = { aws: 6379, azure: 6380, gcp: 6378 } as const;

/** The connection settings the environment describes; undefined when no cache is configured. */
export function respOptionsFromEnv(
  cloud: "aws" | "azure" | "gcp",
  env: NodeJS.ProcessEnv = process.env,
): RespOptions | undefined {
  const host = env.TACHYON_CACHE_ENDPOINT;
  if (!host) return undefined;
  const port = env.TACHYON_CACHE_PORT ? Number(env.TACHYON_CACHE_PORT) : DEFAULT_PORTS[cloud];
  const ca = env.TACHYON_CACHE_CA || undefined;
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
  const secret = env.TACHYON_CACHE_PASSWORD;
  return { host, port, ca, password: secret ? () => Promise.resolve(secret) : undefined };
}

/** The tiered cache for a cloud: the shared cache when configured, instance memory always. */
export function featureCacheFromEnv(
  cloud: "aws" | "azure" | "gcp",
  env: NodeJS.ProcessEnv = process.env,
): TieredFeatureCache {
  const options = respOptionsFromEnv(cloud, env);
  return new TieredFeatureCache(
    options ? new RedisFeatureCache(new RespClient(options)) : undefined,
  );
}
