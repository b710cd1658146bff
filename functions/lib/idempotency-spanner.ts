/**
 * Spanner adapter of the idempotency store, written against the few `Table` methods it needs
 * rather than `@google-cloud/spanner` (gRPC and protobuf runtimes, megabytes bundled): pass
 * `spanner.instance(i).database(d).table("Claims")`, which satisfies {@link SpannerTableLike}.
 * Table: `Claims (Id STRING(128) NOT NULL, State STRING(8) NOT NULL, Result STRING(MAX),
 * ExpiresAt TIMESTAMP NOT NULL) PRIMARY KEY (Id), ROW DELETION POLICY (OLDER_THAN(ExpiresAt, INTERVAL 0 DAY))`.
 */
import type { Claim, IdempotencyStore } from "./idempotency";

/** A row of the claims table. */
export interface SpannerClaimRow {
  readonly Id: string;
  readonly State: "pending" | "done";
  readonly Result: string | null;
  readonly ExpiresAt: string;
}

/** The subset of an `@google-cloud/spanner` `Table` the store calls. */
export interface SpannerTableLike {
  /** Fails with `code: 6` (ALREADY_EXISTS) when the key exists. */
  insert(row: SpannerClaimRow): Promise<unknown>;
  upsert(row: SpannerClaimRow): Promise<unknown>;
  deleteRows(keys: string[]): Promise<unknown>;
  read(request: {
    keys: string[];
    columns: string[];
    json: true;
  }): Promise<[SpannerClaimRow[], ...unknown[]]>;
}

const ALREADY_EXISTS = 6;

/** An idempotency store in a Spanner table (multi-region instances replicate synchronously). */
export class SpannerIdempotencyStore implements IdempotencyStore {
  /**
   * @param table The claims table, created once per instance and reused.
   * @param now Clock in epoch milliseconds.
   */
  constructor(
    private readonly table: SpannerTableLike,
    private readonly now: () => number = Date.now,
  ) {}

  /** {@inheritDoc IdempotencyStore.claim} */
  async claim(key: string, ttlSeconds: number): Promise<Claim> {
    try {
      await this.table.insert(this.row(key, "pending", null, ttlSeconds));
      return { status: "claimed" };
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code !== ALREADY_EXISTS) throw error;
    }
    const row = await this.read(key);
    return row?.State === "done" && row.Result !== null
      ? { status: "done", result: row.Result }
      : { status: "pending" };
  }

  /** {@inheritDoc IdempotencyStore.complete} */
  async complete(key: string, result: string, ttlSeconds: number): Promise<void> {
    await this.table.upsert(this.row(key, "done", result, ttlSeconds));
  }

  /** {@inheritDoc IdempotencyStore.release} */
  async release(key: string): Promise<void> {
    const row = await this.read(key);
    if (row?.State === "pending") await this.table.deleteRows([key]);
  }

  private async read(key: string): Promise<SpannerClaimRow | undefined> {
    const [rows] = await this.table.read({
      keys: [key],
      columns: ["Id", "State", "Result", "ExpiresAt"],
      json: true,
    });
    return rows[0];
  }

  private row(
    key: string,
    state: "pending" | "done",
    result: string | null,
    ttlSeconds: number,
  ): SpannerClaimRow {
    const expiresAt = new Date(this.now() + ttlSeconds * 1000).toISOString();
    return { Id: key, State: state, Result: result, ExpiresAt: expiresAt };
  }
}
