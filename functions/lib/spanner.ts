/**
 * A Spanner database over REST (`https://spanner.googleapis.com/v1`), for the workloads' state
 * tables and the order claims table (./idempotency-spanner.ts): strong reads, single-use commits
 * of mutations, read-write transactions (begin, read inside, commit or roll back) and DML
 * statements in inline-begun transactions. Sessions are created on first use and pooled (one per
 * concurrent request, up to `maxIdleSessions` kept); a session Spanner has dropped (NOT_FOUND,
 * e.g. after an hour idle) is replaced and the call retried once; a 401 fetches a new token and
 * retries once. The transport and token cache are ./idempotency-rest.ts's, so one HTTP agent and
 * one token per instance serve every store.
 * REST reference: https://cloud.google.com/spanner/docs/reference/rest/v1/projects.instances.databases.sessions
 */
import {
  errorDetail,
  requestJson,
  RestStatusError,
  type BearerTokens,
  type RestResponse,
} from "./idempotency-rest";

/** The public Spanner endpoint. */
export const SPANNER_API = "https://spanner.googleapis.com";

/** Where the database is and how to reach it. */
export interface SpannerDatabaseOptions {
  /** `projects/<p>/instances/<i>/databases/<d>`. */
  readonly database: string;
  /** OAuth tokens with the `spanner.data` or `cloud-platform` scope. */
  readonly tokens: BearerTokens;
  /** @default SPANNER_API */
  readonly endpoint?: string;
  /** Deadline of each request in milliseconds. @default 1000 */
  readonly timeoutMs?: number;
  /** Sessions kept for reuse; the function's request concurrency is enough. @default 16 */
  readonly maxIdleSessions?: number;
  /**
   * What names the database to the operator (the function's setting), in the messages about a
   * malformed or missing database. @default "database"
   */
  readonly setting?: string;
}

/** A mutation as the REST API takes it, e.g. `{ insertOrUpdate: { table, columns, values } }`. */
export type Mutation = Readonly<
  Partial<
    Record<
      "insert" | "insertOrUpdate" | "update",
      { table: string; columns: string[]; values: unknown[][] }
    >
  >
>;

/** A key set: exact keys, or every row. */
export type KeySet =
  | { readonly keys: unknown[][] }
  | { readonly all: true }
  | {
      readonly ranges: { startClosed: unknown[]; endClosed: unknown[] }[];
    };

/** A read-write transaction that Spanner aborted (a concurrent one took its locks): run it again. */
export class SpannerAbortedError extends Error {
  constructor() {
    super("Spanner transaction: aborted by a concurrent transaction, got ABORTED. Run it again.");
    this.name = "SpannerAbortedError";
  }
}

/**
 * A Spanner call that failed with a status the client does not handle itself; `code` is the
 * canonical status name (`ALREADY_EXISTS`, `NOT_FOUND`, ...) when Google's error body has one.
 */
export class SpannerStatusError extends RestStatusError {
  /** The canonical status name of the error body, if any. */
  readonly code: string | undefined;

  /**
   * @param method The session method (`commit`, `read`, `executeSql`, ...).
   * @param res The response.
   */
  constructor(
    readonly method: string,
    res: RestResponse,
  ) {
    super(
      `Spanner POST /v1/<session>:${method}`,
      res.status,
      errorDetail(res.body),
      res.status === 403
        ? "Grant the function's service account roles/spanner.databaseUser on the database"
        : res.status === 404
          ? "Create the workload's tables with the database's DDL (components/data/gcp-spanner.ts)"
          : "Retry the request",
    );
    this.name = "SpannerStatusError";
    this.code = grpcStatus(res);
  }
}

/** The calls a transaction body makes. */
export interface Transaction {
  /** Rows of `table` at `keySet`, read under the transaction's locks. */
  read(table: string, columns: string[], keySet: KeySet): Promise<unknown[][]>;
}

/** One Spanner database. */
export class SpannerDatabase {
  private readonly idle: string[] = [];

  /** @param options The database and the token source. */
  constructor(private readonly options: SpannerDatabaseOptions) {
    if (!/^projects\/[^/]+\/instances\/[^/]+\/databases\/[^/]+$/.test(options.database)) {
      throw new Error(
        `${options.setting ?? "database"}: must be a database name, got ${JSON.stringify(options.database)}. Use projects/<project>/instances/<instance>/databases/<database>.`,
      );
    }
  }

  /** A strong read of `table` outside any transaction. */
  read(table: string, columns: string[], keySet: KeySet): Promise<unknown[][]> {
    return this.withSession((session) =>
      this.readIn(session, { singleUse: { readOnly: { strong: true } } }, table, columns, keySet),
    );
  }

  /** Commits `mutations` atomically in a single-use transaction. */
  async write(mutations: Mutation[]): Promise<void> {
    await this.withSession(async (session) => {
      const res = await this.post(session, "commit", {
        singleUseTransaction: { readWrite: {} },
        mutations,
      });
      if (res.status !== 200) throw new SpannerStatusError("commit", res);
    });
  }

  /**
   * Runs one DML statement in its own read-write transaction, begun inline and then committed;
   * returns the number of rows it changed. Throws {@link SpannerAbortedError} when Spanner aborts
   * it (a concurrent transaction), for the caller to decide.
   *
   * @param params The statement's parameters by name, each with its type code (`STRING`,
   *   `TIMESTAMP`, ...).
   */
  async update(
    sql: string,
    params: Readonly<Record<string, { readonly value: string; readonly type: string }>>,
  ): Promise<number> {
    return this.withSession(async (session) => {
      const entries = Object.entries(params);
      const res = await this.post(session, "executeSql", {
        transaction: { begin: { readWrite: {} } },
        sql,
        params: Object.fromEntries(entries.map(([name, p]) => [name, p.value])),
        paramTypes: Object.fromEntries(entries.map(([name, p]) => [name, { code: p.type }])),
        seqno: "1",
      });
      if (grpcStatus(res) === "ABORTED") throw new SpannerAbortedError();
      if (res.status !== 200) throw new SpannerStatusError("executeSql", res);
      const body = res.body as {
        metadata?: { transaction?: { id?: string } };
        stats?: { rowCountExact?: string };
      };
      const commit = await this.post(session, "commit", {
        transactionId: body.metadata?.transaction?.id,
      });
      if (grpcStatus(commit) === "ABORTED") throw new SpannerAbortedError();
      if (commit.status !== 200) throw new SpannerStatusError("commit", commit);
      return Number(body.stats?.rowCountExact ?? 0);
    });
  }

  /**
   * Runs `body` in a read-write transaction: its reads take locks, and the mutations it returns
   * commit only if nothing it read changed; `undefined` rolls back. Throws
   * {@link SpannerAbortedError} when Spanner aborts it, for the caller to run it again.
   */
  async transact<T>(
    body: (tx: Transaction) => Promise<{ mutations?: Mutation[]; result: T }>,
  ): Promise<T> {
    return this.withSession(async (session) => {
      const begun = await this.post(session, "beginTransaction", { options: { readWrite: {} } });
      const id = (begun.body as { id?: unknown } | undefined)?.id;
      if (begun.status !== 200 || typeof id !== "string")
        throw new SpannerStatusError("beginTransaction", begun);
      const outcome = await body({
        read: (table, columns, keySet) => this.readIn(session, { id }, table, columns, keySet),
      });
      if (outcome.mutations === undefined) {
        await this.post(session, "rollback", { transactionId: id });
        return outcome.result;
      }
      const res = await this.post(session, "commit", {
        transactionId: id,
        mutations: outcome.mutations,
      });
      if (grpcStatus(res) === "ABORTED") throw new SpannerAbortedError();
      if (res.status !== 200) throw new SpannerStatusError("commit", res);
      return outcome.result;
    });
  }

  private async readIn(
    session: string,
    transaction: unknown,
    table: string,
    columns: string[],
    keySet: KeySet,
  ): Promise<unknown[][]> {
    const rows: unknown[][] = [];
    const res = await this.post(session, "read", { transaction, table, columns, keySet });
    // Only a read-write transaction (one with an id) can be aborted; read-only ones never are.
    const inTransaction = typeof (transaction as { id?: unknown }).id === "string";
    if (inTransaction && grpcStatus(res) === "ABORTED") throw new SpannerAbortedError();
    if (res.status !== 200) throw new SpannerStatusError("read", res);
    rows.push(...((res.body as { rows?: unknown[][] } | undefined)?.rows ?? []));
    return rows;
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
        this.release(session);
        return result;
      } catch (error) {
        if (error instanceof SessionGoneError && attempt === 0) continue;
        if (!(error instanceof SessionGoneError)) this.release(session);
        throw error;
      }
    }
  }

  private release(session: string): void {
    if (this.idle.length < (this.options.maxIdleSessions ?? 16)) this.idle.push(session);
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
          : `Check ${this.options.setting ?? "database"} names an existing database`,
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
        url: `${this.options.endpoint ?? SPANNER_API}/${path}`,
        headers: { authorization: `Bearer ${token}` },
        body,
        timeoutMs: this.options.timeoutMs ?? 1000,
      });
      if (res.status !== 401 || attempt > 0) return res;
      this.options.tokens.invalidate();
    }
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

/** Whether a 404 names the session (by message or by its `ResourceInfo` detail), not a table. */
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
