/**
 * Idempotency store: makes a side effect happen once per key (an order id) however often the
 * request arrives — client retries, at-least-once stream delivery, a Lambda retry after a
 * timeout. The first caller claims the key with a conditional write; later callers see the
 * claim and, once the first has finished, its stored result.
 *
 * A claim is bound to a digest of the request it was made for (for an order, its content), kept
 * with the claim and returned to later callers, so that a different request under a used key is
 * told apart from a retry instead of being answered with the first request's result.
 */

/** The outcome of {@link IdempotencyStore.claim}. */
export type Claim =
  /** This caller owns the key and must run the side effect, then `complete` or `release`. */
  | { readonly status: "claimed" }
  /** Another caller owns the key and has not finished; `digest` is what it claimed it for. */
  | { readonly status: "pending"; readonly digest: string | undefined }
  /** The side effect already ran; `result` is what it returned. */
  | { readonly status: "done"; readonly result: string; readonly digest: string | undefined };

/** A store of claimed keys; adapters below and in `idempotency-*.ts`. */
export interface IdempotencyStore {
  /**
   * Atomically claims `key` for the request of `digest` unless the key exists (and has not
   * expired). The store only keeps and returns the digest; the caller compares. A claim stored
   * before claims carried digests comes back with `digest: undefined`.
   */
  claim(key: string, digest: string, ttlSeconds: number): Promise<Claim>;
  /** Records the result of the side effect under a key claimed for `digest`. */
  complete(key: string, digest: string, result: string, ttlSeconds: number): Promise<void>;
  /** Drops a claim whose side effect did not happen, so that a retry can run it. */
  release(key: string): Promise<void>;
}

interface Entry {
  digest: string;
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
  claim(key: string, digest: string, ttlSeconds: number): Promise<Claim> {
    const existing = this.entries.get(key);
    if (existing && existing.expiresAt > this.now()) {
      return Promise.resolve(
        existing.result === undefined
          ? { status: "pending", digest: existing.digest }
          : { status: "done", result: existing.result, digest: existing.digest },
      );
    }
    this.entries.set(key, { digest, expiresAt: this.now() + ttlSeconds * 1000 });
    return Promise.resolve({ status: "claimed" });
  }

  /** {@inheritDoc IdempotencyStore.complete} */
  complete(key: string, digest: string, result: string, ttlSeconds: number): Promise<void> {
    this.entries.set(key, { digest, result, expiresAt: this.now() + ttlSeconds * 1000 });
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
