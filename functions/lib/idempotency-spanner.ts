/**
 * Spanner adapter of the idempotency store, over Spanner's REST interface
 * (`https://spanner.googleapis.com/v1`) with the service account's OAuth token. One row per key
 * in {@link spannerClaimsDdl}'s table, with the `Digest` column of {@link spannerClaimsDigestDdl}; a multi-region instance commits synchronously across its
 * regions, so a claim holds everywhere the moment it is acknowledged.
 *
 * - claim: commit a single-use read-write transaction with one `insert` mutation. ALREADY_EXISTS
 *   (HTTP 409) means claimed before: a strong read returns the row's state and stored result.
 *   Row deletion policies remove expired rows only within days, so an expired row is taken over
 *   by a DML `UPDATE ... WHERE ExpiresAt <= CURRENT_TIMESTAMP()`, which one caller wins.
 * - complete: commit an `insertOrUpdate` of the `done` row with the result.
 * - release: DML `DELETE ... WHERE State = 'pending'`, so a finished result is never dropped.
 *
 * Every call goes through the shared Spanner client ({@link SpannerDatabase}, ./spanner.ts), the
 * one the portfolio and fraud stores use: its session pool, token retry and transport. A store
 * either builds its own client from the database options or is handed one, so that a function
 * with several Spanner stores keeps one session pool.
 */
import type { Claim, IdempotencyStore } from "./idempotency";
import { RestStatusError } from "./idempotency-rest";
import {
  SpannerAbortedError,
  SpannerDatabase,
  SpannerStatusError,
  type SpannerDatabaseOptions,
} from "./spanner";

/** The default claims table. */
export const CLAIMS_TABLE = "Claims";

/**
 * DDL of a claims table: key, state, stored result and expiry, with a row deletion policy that
 * removes expired claims (Spanner's TTL).
 */
export function spannerClaimsDdl(table = CLAIMS_TABLE): string {
  return (
    `CREATE TABLE ${table} (Id STRING(128) NOT NULL, State STRING(8) NOT NULL, ` +
    `Result STRING(MAX), ExpiresAt TIMESTAMP NOT NULL) PRIMARY KEY (Id), ` +
    `ROW DELETION POLICY (OLDER_THAN(ExpiresAt, INTERVAL 0 DAY))`
  );
}

/**
 * The statement adding the `Digest` column (the digest of the request a key was claimed for)
 * to a claims table. A statement of its own, after {@link spannerClaimsDdl}: a database's DDL
 * list updates in place only when statements are appended; changing one replaces the database
 * (GoogleCloudPlatform/magic-modules#13508).
 */
export function spannerClaimsDigestDdl(table = CLAIMS_TABLE): string {
  return `ALTER TABLE ${table} ADD COLUMN Digest STRING(MAX)`;
}

/** The setting that names the claims database, in messages about it. */
const SETTING = "TACHYON_IDEMPOTENCY_SPANNER_DATABASE";

/** A Spanner client the store shares with the function's other Spanner stores. */
export interface SharedSpannerClient {
  /** The client, and with it its one session pool. */
  readonly db: SpannerDatabase;
}

/**
 * Where the claims table is and how to reach it: the database's options (the store builds its
 * own client) or a shared client.
 */
export type SpannerStoreOptions = (SpannerDatabaseOptions | SharedSpannerClient) & {
  /** @default CLAIMS_TABLE */
  readonly table?: string;
  /** Clock in epoch milliseconds. @default Date.now */
  readonly now?: () => number;
};

const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]{0,127}$/;

/** An idempotency store in a Spanner table, over the shared Spanner client. */
export class SpannerIdempotencyStore implements IdempotencyStore {
  private readonly db: SpannerDatabase;
  private readonly table: string;

  /** @param options The database (or a client of it), the table and the clock. */
  constructor(private readonly options: SpannerStoreOptions) {
    this.db = "db" in options ? options.db : new SpannerDatabase({ setting: SETTING, ...options });
    this.table = options.table ?? CLAIMS_TABLE;
    if (!IDENTIFIER.test(this.table)) {
      throw new Error(
        `table: must be a Spanner identifier, got ${JSON.stringify(this.table)}. Use letters, digits and "_", starting with a letter.`,
      );
    }
  }

  /** {@inheritDoc IdempotencyStore.claim} */
  async claim(key: string, digest: string, ttlSeconds: number): Promise<Claim> {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const inserted = await this.commitMutation(
        "insert",
        key,
        "pending",
        digest,
        null,
        ttlSeconds,
      );
      if (inserted) return { status: "claimed" };
      const row = await this.readRow(key);
      if (row === undefined) continue;
      if (Date.parse(row.expiresAt) <= this.now()) {
        return (await this.takeOver(key, digest, ttlSeconds))
          ? { status: "claimed" }
          : { status: "pending", digest: undefined };
      }
      return row.state === "done" && row.result !== null
        ? { status: "done", result: row.result, digest: row.digest }
        : { status: "pending", digest: row.digest };
    }
    // Claimed, then gone, twice in a row: another caller is churning the key right now.
    return { status: "pending", digest: undefined };
  }

  /** {@inheritDoc IdempotencyStore.complete} */
  async complete(key: string, digest: string, result: string, ttlSeconds: number): Promise<void> {
    await this.commitMutation("insertOrUpdate", key, "done", digest, result, ttlSeconds);
  }

  /** {@inheritDoc IdempotencyStore.release} */
  async release(key: string): Promise<void> {
    await this.dml(`DELETE FROM ${this.table} WHERE Id = @id AND State = 'pending'`, {
      id: { value: key, type: "STRING" },
    });
  }

  /** Commits one mutation of one row; false when an `insert` found the key taken. */
  private async commitMutation(
    kind: "insert" | "insertOrUpdate",
    key: string,
    state: "pending" | "done",
    digest: string,
    result: string | null,
    ttlSeconds: number,
  ): Promise<boolean> {
    const row = {
      table: this.table,
      columns: ["Id", "State", "Digest", "Result", "ExpiresAt"],
      values: [[key, state, digest, result, this.expiry(ttlSeconds)]],
    };
    try {
      await this.db.write([kind === "insert" ? { insert: row } : { insertOrUpdate: row }]);
      return true;
    } catch (error) {
      const taken = error instanceof SpannerStatusError && error.code === "ALREADY_EXISTS";
      if (kind === "insert" && taken) return false;
      throw this.explained(error);
    }
  }

  private async readRow(
    key: string,
  ): Promise<
    | { state: string; digest: string | undefined; result: string | null; expiresAt: string }
    | undefined
  > {
    let rows: unknown[][];
    try {
      rows = await this.db.read(this.table, ["State", "Digest", "Result", "ExpiresAt"], {
        keys: [[key]],
      });
    } catch (error) {
      throw this.explained(error);
    }
    const row = rows[0] as (string | null)[] | undefined;
    if (!row) return undefined;
    return {
      state: String(row[0]),
      digest: row[1] ?? undefined,
      result: row[2] ?? null,
      expiresAt: String(row[3]),
    };
  }

  private async takeOver(key: string, digest: string, ttlSeconds: number): Promise<boolean> {
    const sql =
      `UPDATE ${this.table} SET State = 'pending', Digest = @digest, Result = NULL, ` +
      `ExpiresAt = @expiresAt WHERE Id = @id AND ExpiresAt <= CURRENT_TIMESTAMP()`;
    const expiresAt = this.expiry(ttlSeconds);
    return (
      (await this.dml(sql, {
        id: { value: key, type: "STRING" },
        digest: { value: digest, type: "STRING" },
        expiresAt: { value: expiresAt, type: "TIMESTAMP" },
      })) === 1
    );
  }

  /**
   * Runs one DML statement in its own read-write transaction; returns the rows it changed, 0
   * when a concurrent transaction made Spanner abort it (the other caller won).
   */
  private async dml(
    sql: string,
    params: Record<string, { value: string; type: string }>,
  ): Promise<number> {
    try {
      return await this.db.update(sql, params);
    } catch (error) {
      if (error instanceof SpannerAbortedError) return 0;
      throw this.explained(error);
    }
  }

  /**
   * The store's own account of a failed call: a missing table is named with its DDL, which the
   * shared client cannot know.
   */
  private explained(error: unknown): unknown {
    if (!(error instanceof SpannerStatusError)) return error;
    return new RestStatusError(
      error.what,
      error.status,
      error.detail,
      error.status === 404
        ? `Create the table with spannerClaimsDdl("${this.table}") in the database's DDL`
        : error.status === 403
          ? "Grant the function's service account roles/spanner.databaseUser on the database"
          : "Retry the request",
    );
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  private expiry(ttlSeconds: number): string {
    return new Date(this.now() + ttlSeconds * 1000).toISOString();
  }
}
