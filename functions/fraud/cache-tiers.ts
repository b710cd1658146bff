/**
 * The cloud-neutral half of the fraud function's cache settings: the password-authenticated
 * caches of Azure (access key) and Google Cloud (Memorystore AUTH string), and the tiers built
 * from any connection settings. Azure and Google Cloud entries import this module alone, so no
 * AWS signing code (ElastiCache IAM tokens, Secrets Manager) reaches their bundles; AWS settings
 * live in ./cache-env.ts, which builds on this module.
 */
import type { RespOptions } from "../lib/resp";
import { RespClient } from "../lib/resp";
import type { AccountHistory } from "./features";
import { RedisFeatureCache, TieredFeatureCache, type FeatureCache } from "./cache";

/** Cache ports when `TACHYON_CACHE_PORT` is unset: ElastiCache, Azure Cache for Redis, Memorystore. */
export const DEFAULT_PORTS = { aws: 6379, azure: 6380, gcp: 6378 } as const;

/**
 * The connection settings of a password-authenticated cache (`TACHYON_CACHE_PASSWORD`);
 * undefined when no cache is configured.
 */
export function passwordRespOptions(
  cloud: "azure" | "gcp",
  env: NodeJS.ProcessEnv = process.env,
): RespOptions | undefined {
  const host = env.TACHYON_CACHE_ENDPOINT;
  if (!host) return undefined;
  const port = env.TACHYON_CACHE_PORT ? Number(env.TACHYON_CACHE_PORT) : DEFAULT_PORTS[cloud];
  const ca = env.TACHYON_CACHE_CA || undefined;
  const secret = env.TACHYON_CACHE_PASSWORD;
  return { host, port, ca, password: secret ? () => Promise.resolve(secret) : undefined };
}

/**
 * A cache that reads through `inner` and drops writes: a Global Datastore secondary refuses
 * them, and the primary's writes reach it by replication.
 */
export class ReadOnlyFeatureCache implements FeatureCache {
  constructor(readonly inner: FeatureCache) {}
  /** {@inheritDoc FeatureCache.get} */
  get(account: string): Promise<AccountHistory | undefined> {
    return this.inner.get(account);
  }
  /** {@inheritDoc FeatureCache.set} */
  set(_account: string, _history: AccountHistory): Promise<void> {
    return Promise.resolve();
  }
}

/**
 * The tiered cache: the shared cache when `options` configure one (read-only when
 * `TACHYON_CACHE_READ_ONLY` is `true`), then `database` (the workload's database, when the site
 * has one), instance memory always.
 */
export function tieredFeatureCache(
  options: RespOptions | undefined,
  env: NodeJS.ProcessEnv = process.env,
  database?: FeatureCache,
): TieredFeatureCache {
  const redis = options ? new RedisFeatureCache(new RespClient(options)) : undefined;
  return new TieredFeatureCache(
    redis && env.TACHYON_CACHE_READ_ONLY === "true" ? new ReadOnlyFeatureCache(redis) : redis,
    undefined,
    undefined,
    database ? { store: database } : undefined,
  );
}
