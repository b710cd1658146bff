/**
 * Cosmos DB adapter of the idempotency store, over the SQL API's REST interface with a
 * Microsoft Entra ID token (the account has local keys disabled), through the workloads' one
 * Cosmos DB client ({@link CosmosContainer}, ./cosmos.ts). Documents are
 * `{ id, state, digest, result?, ttl }` in a container partitioned on `/id` with TTL on, so Cosmos DB
 * deletes each claim `ttl` seconds after its last write.
 *
 * - claim: create the document (`POST .../docs`): 201 = claimed; 409 = claimed before, so read
 *   it (`GET .../docs/<id>`) for its state and stored result. A document gone by the time it is
 *   read (released or expired in between) is claimed again, once.
 * - complete: upsert (`x-ms-documentdb-is-upsert: True`) the `done` document with the result.
 * - release: delete the document only if it is still the pending claim that was read
 *   (`If-Match` on its etag), so a finished result is never dropped.
 *
 * Every request carries `authorization: type=aad&ver=1.0&sig=<token>` (URL-encoded),
 * `x-ms-date`, `x-ms-version` and the partition key; a 401 fetches a new token and retries once,
 * a 429 waits the advised `x-ms-retry-after-ms` (at most {@link MAX_THROTTLE_WAIT_MS}) and
 * retries once.
 *
 * A create is atomic within the region that accepts it. In an account that takes writes in
 * several regions, two regions can each accept the first create of one id before they
 * replicate (the conflict then resolves last-writer-wins), so across regions a claim is exact
 * only when every site writes through the same region.
 */
import { CosmosContainer, type Versioned } from "./cosmos";
import type { Claim, IdempotencyStore } from "./idempotency";
import type { BearerTokens } from "./idempotency-rest";

export { COSMOS_API_VERSION, MAX_THROTTLE_WAIT_MS } from "./cosmos";

/** A stored claim document. */
export interface CosmosClaimDocument {
  readonly id: string;
  readonly state: "pending" | "done";
  /** The digest of the request the key was claimed for; absent on older documents. */
  readonly digest?: string;
  readonly result?: string;
  /** Seconds after its last write at which Cosmos DB deletes the document. */
  readonly ttl: number;
}

/** Where the claims container is and how to reach it. */
export interface CosmosStoreOptions {
  /** Account endpoint, e.g. `https://tachyon-prod-orders.documents.azure.com:443/`. */
  readonly endpoint: string;
  readonly database: string;
  readonly container: string;
  /** Entra ID tokens for the audience `https://<account>.documents.azure.com`. */
  readonly tokens: BearerTokens;
  /** Deadline of each request in milliseconds. @default 1000 */
  readonly timeoutMs?: number;
  /** Clock in epoch milliseconds (`x-ms-date`). @default Date.now */
  readonly now?: () => number;
}

/** An idempotency store in a Cosmos DB container, over REST. */
export class CosmosIdempotencyStore implements IdempotencyStore {
  private readonly container: CosmosContainer;

  /** @param options The container and the token source. */
  constructor(options: CosmosStoreOptions) {
    this.container = new CosmosContainer({
      ...options,
      missingFix:
        "Create the claims container or fix TACHYON_IDEMPOTENCY_COSMOS_DATABASE and _CONTAINER",
    });
  }

  /** {@inheritDoc IdempotencyStore.claim} */
  async claim(key: string, digest: string, ttlSeconds: number): Promise<Claim> {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const created = await this.container.create<CosmosClaimDocument>({
        id: key,
        state: "pending",
        digest,
        ttl: ttlSeconds,
      });
      if (created !== undefined) return { status: "claimed" };
      const existing = await this.container.read<CosmosClaimDocument>(key);
      if (existing === undefined) continue;
      const { state, result, digest: stored } = existing.doc;
      return state === "done" && result !== undefined
        ? { status: "done", result, digest: stored }
        : { status: "pending", digest: stored };
    }
    // Claimed, then gone, twice in a row: another caller is churning the key right now.
    return { status: "pending", digest: undefined };
  }

  /** {@inheritDoc IdempotencyStore.complete} */
  async complete(key: string, digest: string, result: string, ttlSeconds: number): Promise<void> {
    await this.container.upsert<CosmosClaimDocument>({
      id: key,
      state: "done",
      digest,
      result,
      ttl: ttlSeconds,
    });
  }

  /** {@inheritDoc IdempotencyStore.release} */
  async release(key: string): Promise<void> {
    const existing: Versioned<CosmosClaimDocument> | undefined =
      await this.container.read<CosmosClaimDocument>(key);
    if (existing?.doc.state !== "pending") return;
    // false (412): the claim changed since it was read (completed or re-claimed): leave it.
    await this.container.delete(key, existing.etag);
  }
}
