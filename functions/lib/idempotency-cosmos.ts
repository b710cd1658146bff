/**
 * Cosmos DB adapter of the idempotency store, written against the few container methods it
 * needs rather than `@azure/cosmos` (several hundred kilobytes bundled, most of it unused on
 * this path): pass `client.database(db).container(c)` from the SDK, which satisfies
 * {@link CosmosContainerLike}. Documents are `{ id, state, result?, ttl }` in a container
 * partitioned on `/id` with TTL enabled (`defaultTtl: -1`).
 */
import type { Claim, IdempotencyStore } from "./idempotency";

/** A stored claim document. */
export interface CosmosClaimDocument {
  readonly id: string;
  readonly state: "pending" | "done";
  readonly result?: string;
  /** Seconds until Cosmos DB deletes the document. */
  readonly ttl: number;
}

/** The subset of an `@azure/cosmos` `Container` the store calls. */
export interface CosmosContainerLike {
  readonly items: {
    /** Fails with `code: 409` when a document with the same id exists. */
    create(document: CosmosClaimDocument): Promise<unknown>;
    upsert(document: CosmosClaimDocument): Promise<unknown>;
  };
  item(
    id: string,
    partitionKey: string,
  ): {
    read(): Promise<{ resource?: CosmosClaimDocument }>;
    delete(): Promise<unknown>;
  };
}

/** An idempotency store in a Cosmos DB container. */
export class CosmosIdempotencyStore implements IdempotencyStore {
  /** @param container The claims container, created once per instance and reused. */
  constructor(private readonly container: CosmosContainerLike) {}

  /** {@inheritDoc IdempotencyStore.claim} */
  async claim(key: string, ttlSeconds: number): Promise<Claim> {
    try {
      await this.container.items.create({ id: key, state: "pending", ttl: ttlSeconds });
      return { status: "claimed" };
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code !== 409) throw error;
    }
    const { resource } = await this.container.item(key, key).read();
    return resource?.state === "done" && resource.result !== undefined
      ? { status: "done", result: resource.result }
      : { status: "pending" };
  }

  /** {@inheritDoc IdempotencyStore.complete} */
  async complete(key: string, result: string, ttlSeconds: number): Promise<void> {
    await this.container.items.upsert({ id: key, state: "done", result, ttl: ttlSeconds });
  }

  /** {@inheritDoc IdempotencyStore.release} */
  async release(key: string): Promise<void> {
    const { resource } = await this.container.item(key, key).read();
    if (resource?.state === "pending") await this.container.item(key, key).delete();
  }
}
