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
 * Sessions are created on first use and reused (one per concurrent request, up to
 * `maxIdleSessions` kept); a session Spanner has dropped (NOT_FOUND, e.g. after an hour idle)
 * is replaced and the call retried once. A 401 fetches a new token and retries once.
 */
import type { Claim, IdempotencyStore } from "./idempotency";
import {
  errorDetail,
  requestJson,
  RestStatusError,
  type BearerTokens,
  type RestResponse,
} from "./idempotency-rest";

/** The public Spanner endpoint. */
export const SPANNER_ENDPOINT = "https://spanner.googleapis.com";

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

/** Where the claims table is and how to reach it. */
export interface SpannerStoreOptions {
  /** `projects/<p>/instances/<i>/databases/<d>`. */
  readonly database: string;
  /** OAuth tokens with the `spanner.data` or `cloud-platform` scope. */
  readonly tokens: BearerTokens;
  /** @default SPANNER_ENDPOINT */
  readonly endpoint?: string;
  /** @default CLAIMS_TABLE */
  readonly table?: string;
  /** Deadline of each request in milliseconds. @default 1000 */
  readonly timeoutMs?: number;
  /** Sessions kept for reuse; the function's request concurrency is enough. @default 16 */
  readonly maxIdleSessions?: number;
  /** Clock in epoch milliseconds. @default Date.now */
  readonly now?: () => number;
}

const DATABASE = /^projects\/[^/]+\/instances\/[^/]+\/databases\/[^/]+$/;
const IDENTIFIER = /^[A-Za-z][A-Za-z0-9_]{0,127}$/;

/** An idempotency store in a Spanner table, over REST. */
export class SpannerIdempotencyStore implements IdempotencyStore {
  private readonly idle: string[] = [];
  private readonly table: string;

  /** @param options The database, the table and the token source. */
  constructor(private readonly options: SpannerStoreOptions) {
    if (!DATABASE.test(options.database)) {
      throw new Error(
        `TACHYON_IDEMPOTENCY_SPANNER_DATABASE: must be a database name, got ${JSON.stringify(options.database)}. Use projects/<project>/instances/<instance>/databases/<database>.`,
      );
    }
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
      id: key,
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
    const res = await this.session("commit", {
      singleUseTransaction: { readWrite: {} },
      mutations: [
        {
          [kind]: {
            table: this.table,
            columns: ["Id", "State", "Digest", "Result", "ExpiresAt"],
            values: [[key, state, digest, result, this.expiry(ttlSeconds)]],
          },
        },
      ],
    });
    if (res.status === 200) return true;
    if (kind === "insert" && grpcStatus(res) === "ALREADY_EXISTS") return false;
    throw this.failure("commit", res);
  }

  private async readRow(
    key: string,
  ): Promise<
    | { state: string; digest: string | undefined; result: string | null; expiresAt: string }
    | undefined
  > {
    const res = await this.session("read", {
      transaction: { singleUse: { readOnly: { strong: true } } },
      table: this.table,
      columns: ["State", "Digest", "Result", "ExpiresAt"],
      keySet: { keys: [[key]] },
    });
    if (res.status !== 200) throw this.failure("read", res);
    const row = (res.body as { rows?: (string | null)[][] } | undefined)?.rows?.[0];
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
    return (await this.dml(sql, { id: key, digest, expiresAt: this.expiry(ttlSeconds) })) === 1;
  }

  /**
   * Runs one DML statement in its own read-write transaction (begun inline, then committed);
   * returns the rows it changed, 0 when a concurrent transaction made Spanner abort it.
   */
  private async dml(sql: string, params: Record<string, string>): Promise<number> {
    return this.withSession(async (session) => {
      const res = await this.post(session, "executeSql", {
        transaction: { begin: { readWrite: {} } },
        sql,
        params,
        paramTypes: Object.fromEntries(
          Object.keys(params).map((p) => [p, { code: p === "expiresAt" ? "TIMESTAMP" : "STRING" }]),
        ),
        seqno: "1",
      });
      if (grpcStatus(res) === "ABORTED") return 0;
      if (res.status !== 200) throw this.failure("executeSql", res);
      const body = res.body as {
        metadata?: { transaction?: { id?: string } };
        stats?: { rowCountExact?: string };
      };
      const commit = await this.post(session, "commit", {
        transactionId: body.metadata?.transaction?.id,
      });
      if (grpcStatus(commit) === "ABORTED") return 0;
      if (commit.status !== 200) throw this.failure("commit", commit);
      return Number(body.stats?.rowCountExact ?? 0);
    });
  }

  /** Calls one session method on a pooled session. */
  private session(method: string, body: unknown): Promise<RestResponse> {
    return this.withSession((session) => this.post(session, method, body));
  }

  /**
   * Runs `work` on an idle session (or a new one) and returns the session to the pool; a
   * session Spanner no longer knows is dropped and `work` runs once more on a new one.
   */
  private async withSession<T>(work: (session: string) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      const session = this.idle.pop() ?? (await this.createSession());
      try {
        const result = await work(session);
        if (this.idle.length < (this.options.maxIdleSessions ?? 16)) this.idle.push(session);
        return result;
      } catch (error) {
        if (error instanceof SessionGoneError && attempt === 0) continue;
        if (!(error instanceof SessionGoneError)) this.idle.push(session);
        throw error;
      }
    }
  }

  private async createSession(): Promise<string> {
    const res = await this.send(`v1/${this.options.database}/sessions`, { session: {} });
    const name = (res.body as { name?: unknown } | undefined)?.name;
    if (res.status !== 200 || typeof name !== "string") {
      throw new RestStatusError(
        `Spanner POST /v1/${this.options.database}/sessions`,
        res.status,
        errorDetail(res.body),
        res.status === 403
          ? "Grant the function's service account roles/spanner.databaseUser on the database"
          : "Check TACHYON_IDEMPOTENCY_SPANNER_DATABASE names an existing database",
      );
    }
    return name;
  }

  private async post(session: string, method: string, body: unknown): Promise<RestResponse> {
    const res = await this.send(`v1/${session}:${method}`, body);
    if (res.status === 404 && isSessionNotFound(res)) throw new SessionGoneError(session);
    return res;
  }

  private async send(path: string, body: unknown): Promise<RestResponse> {
    for (let attempt = 0; ; attempt += 1) {
      const token = await this.options.tokens.get();
      const res = await requestJson({
        method: "POST",
        url: `${this.options.endpoint ?? SPANNER_ENDPOINT}/${path}`,
        headers: { authorization: `Bearer ${token}` },
        body,
        timeoutMs: this.options.timeoutMs ?? 1000,
      });
      if (res.status !== 401 || attempt > 0) return res;
      this.options.tokens.invalidate();
    }
  }

  private failure(method: string, res: RestResponse): RestStatusError {
    return new RestStatusError(
      `Spanner POST /v1/<session>:${method}`,
      res.status,
      errorDetail(res.body),
      res.status === 404
        ? `Create the table with spannerClaimsDdl("${this.table}") in the database's DDL`
        : res.status === 403
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

/** Raised inside the pool when Spanner has dropped a session. */
class SessionGoneError extends Error {
  constructor(session: string) {
    super(`${session}: the session no longer exists, got NOT_FOUND. Create a new session.`);
    this.name = "SessionGoneError";
  }
}

/** The canonical status name (`ALREADY_EXISTS`, `ABORTED`, ...) of a Google API error body. */
function grpcStatus(res: RestResponse): string | undefined {
  const status = (res.body as { error?: { status?: unknown } } | undefined)?.error?.status;
  return typeof status === "string" ? status : undefined;
}

function isSessionNotFound(res: RestResponse): boolean {
  const error = (res.body as { error?: { message?: unknown; details?: unknown } } | undefined)
    ?.error;
  if (typeof error?.message === "string" && /session not found/i.test(error.message)) return true;
  const details = Array.isArray(error?.details) ? (error.details as unknown[]) : [];
  return details.some(
    (d) =>
      (d as { resourceType?: unknown } | null)?.resourceType ===
      "type.googleapis.com/google.spanner.v1.Session",
  );
}
