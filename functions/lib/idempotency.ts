/**
 * Idempotency store: makes a side effect happen once per key (an order id) however often the
 * request arrives — client retries, at-least-once stream delivery, a Lambda retry after a
 * timeout. The first caller claims the key with a conditional write; later callers see the
 * claim and, once the first has finished, its stored result.
 */

/** The outcome of {@link IdempotencyStore.claim}. */
export type Claim =
  /** This caller owns the key and must run the side effect, then `complete` or `release`. */
  | { readonly status: "claimed" }
  /** Another caller owns the key and has not finished. */
  | { readonly status: "pending" }
  /** The side effect already ran; `result` is what it returned. */
  | { readonly status: "done"; readonly result: string };

/** A store of claimed keys; adapters below and in `idempotency-*.ts`. */
export interface IdempotencyStore {
  /** Atomically claims `key` unless it exists (and has not expired). */
  claim(key: string, ttlSeconds: number): Promise<Claim>;
  /** Records the result of the side effect under a claimed key. */
  complete(key: string, result: string, ttlSeconds: number): Promise<void>;
  /** Drops a claim whose side effect did not happen, so that a retry can run it. */
  release(key: string): Promise<void>;
}

interface Entry {
  result?: string;
  expiresAt: number;
}

/**
 * An in-process store: exact within one instance, so it serves tests and a single instance;
 * deployments across instances use the DynamoDB, Cosmos DB or Spanner adapter.
 */
export class InMemoryIdempotencyStore implements IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  /** @param now Clock in epoch milliseconds; injectable so that tests can expire entries. */
  constructor(private readonly now: () => number = Date.now) {}

  /** {@inheritDoc IdempotencyStore.claim} */
  claim(key: string, ttlSeconds: number): Promise<Claim> {
    const existing = this.entries.get(key);
    if (existing && existing.expiresAt > this.now()) {
      return Promise.resolve(
        existing.result === undefined
          ? { status: "pending" }
          : { status: "done", result: existing.result },
      );
    }
    this.entries.set(key, { expiresAt: this.now() + ttlSeconds * 1000 });
    return Promise.resolve({ status: "claimed" });
  }

  /** {@inheritDoc IdempotencyStore.complete} */
  complete(key: string, result: string, ttlSeconds: number): Promise<void> {
    this.entries.set(key, { result, expiresAt: this.now() + ttlSeconds * 1000 });
    return Promise.resolve();
  }

  /** {@inheritDoc IdempotencyStore.release} */
  release(key: string): Promise<void> {
    const existing = this.entries.get(key);
    if (existing && existing.result === undefined) this.entries.delete(key);
    return Promise.resolve();
  }

  /** How many keys are held (tests assert that rejected input leaves no trace). */
  get size(): number {
    return this.entries.size;
  }
}
