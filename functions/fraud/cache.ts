/**
 * Hot features: per-account history read from a shared cache (ElastiCache / Azure Cache for
 * Redis / Memorystore) with a strict deadline, then from the workload's database (the source of
 * truth, when the site has one), falling back to the instance's own memory when they are slow,
 * down or not configured — a score is always produced, from the freshest history this instance
 * can reach, and never waits on a sick cache or database.
 */
import { decode, encode } from "../lib/codec";
import { log } from "../lib/log";
import type { AccountHistory } from "./features";

/** Where account histories live. */
export interface FeatureCache {
  get(account: string): Promise<AccountHistory | undefined>;
  set(account: string, history: AccountHistory): Promise<void>;
}

/** A bounded in-memory cache (least recently written evicted first). */
export class MemoryFeatureCache implements FeatureCache {
  private readonly entries = new Map<string, AccountHistory>();
  /** @param capacity Accounts kept. */
  constructor(private readonly capacity = 100_000) {}
  /** {@inheritDoc FeatureCache.get} */
  get(account: string): Promise<AccountHistory | undefined> {
    return Promise.resolve(this.entries.get(account));
  }
  /** {@inheritDoc FeatureCache.set} */
  set(account: string, history: AccountHistory): Promise<void> {
    this.entries.delete(account);
    this.entries.set(account, history);
    if (this.entries.size > this.capacity) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
    return Promise.resolve();
  }
  /** Accounts held. */
  get size(): number {
    return this.entries.size;
  }
}

/**
 * The two Redis commands the remote cache uses; node-redis and ioredis clients satisfy it with
 * `{ get: (k) => client.getBuffer(k), set: (k, v, ms) => client.set(k, v, "PX", ms) }`.
 */
export interface RedisLike {
  get(key: string): Promise<Uint8Array | null>;
  set(key: string, value: Uint8Array, ttlMs: number): Promise<unknown>;
}

/** A Redis-backed cache storing msgpack-encoded histories under `fraud:h:<account>`. */
export class RedisFeatureCache implements FeatureCache {
  /**
   * @param client A connected client, created once per instance.
   * @param ttlMs How long an idle account's history is kept. @default one day
   */
  constructor(
    private readonly client: RedisLike,
    private readonly ttlMs = 86_400_000,
  ) {}
  /** {@inheritDoc FeatureCache.get} */
  async get(account: string): Promise<AccountHistory | undefined> {
    const bytes = await this.client.get(`fraud:h:${account}`);
    return bytes ? (decode(bytes, "cache") as AccountHistory) : undefined;
  }
  /** {@inheritDoc FeatureCache.set} */
  async set(account: string, history: AccountHistory): Promise<void> {
    await this.client.set(`fraud:h:${account}`, encode(history), this.ttlMs);
  }
}

/** The workload's database behind the caches, and how long a decision waits for it. */
export interface HistoryDatabase {
  /** The account histories in the database (./history-dynamodb.ts, ./history-cosmos.ts). */
  readonly store: FeatureCache;
  /**
   * Longest wait for a read, and for the write after a decision; past it the decision goes on
   * with instance memory (a read) or without waiting (a write, which still completes).
   * @default 20
   */
  readonly deadlineMs?: number;
  /**
   * Longest wait until the database has answered once: an instance's first call opens the
   * connection (TCP, TLS), which alone takes longer than a warm call's deadline, and the request
   * that pays for it is a cold start, already outside the warm latency budget.
   * @default 1000
   */
  readonly firstDeadlineMs?: number;
}

/**
 * A remote cache in front of the workload's database in front of a local cache, with a
 * deadline on every remote call.
 */
export class TieredFeatureCache implements FeatureCache {
  /**
   * @param remote The shared cache; undefined when none is configured.
   * @param local The instance's own cache, always written.
   * @param deadlineMs Longest wait for the remote cache.
   * @param database The workload's database; undefined when the site has none.
   */
  constructor(
    readonly remote: FeatureCache | undefined,
    readonly local: MemoryFeatureCache = new MemoryFeatureCache(),
    private readonly deadlineMs = 5,
    readonly database?: HistoryDatabase,
  ) {}

  private databaseAnswered = false;

  /**
   * {@inheritDoc FeatureCache.get}
   * The shared cache first; on a miss the database, whose answer is written back to both
   * caches; instance memory when neither answers in time.
   */
  async get(account: string): Promise<AccountHistory | undefined> {
    if (this.remote) {
      try {
        const found = await withDeadline(this.remote.get(account), this.deadlineMs);
        if (found) return found;
      } catch (error) {
        log("WARNING", "feature cache unavailable, using instance memory", {
          reason: String(error),
        });
      }
    }
    if (this.database) {
      try {
        const stored = await this.withDatabaseDeadline(this.database.store.get(account));
        if (stored) {
          await this.local.set(account, stored);
          this.writeRemote(account, stored);
          return stored;
        }
      } catch (error) {
        log("WARNING", "history database unavailable, using instance memory", {
          reason: String(error),
        });
      }
    }
    return this.local.get(account);
  }

  /**
   * {@inheritDoc FeatureCache.set}
   * The database write is awaited, up to its deadline: a function instance may be frozen as soon
   * as it answers (Lambda), so a write left behind the answer could wait for the next request or
   * be lost, and the next instance would score from a stale history.
   */
  async set(account: string, history: AccountHistory): Promise<void> {
    await this.local.set(account, history);
    this.writeRemote(account, history);
    if (this.database) {
      try {
        await this.withDatabaseDeadline(this.database.store.set(account, history));
      } catch (error) {
        log("WARNING", "history database write failed or is late", { reason: String(error) });
      }
    }
  }

  private async withDatabaseDeadline<T>(call: Promise<T>): Promise<T> {
    const ms = this.databaseAnswered
      ? (this.database?.deadlineMs ?? DATABASE_DEADLINE_MS)
      : (this.database?.firstDeadlineMs ?? 1000);
    const value = await withDeadline(call, ms);
    this.databaseAnswered = true;
    return value;
  }

  private writeRemote(account: string, history: AccountHistory): void {
    if (!this.remote) return;
    // Fire and forget: the decision must not wait for the write-back.
    this.remote.set(account, history).catch((error: unknown) => {
      log("WARNING", "feature cache write failed", { reason: String(error) });
    });
  }
}

/** Default of {@link HistoryDatabase.deadlineMs}. */
export const DATABASE_DEADLINE_MS = 20;

function withDeadline<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
