/**
 * A Spanner database over REST (`https://spanner.googleapis.com/v1`), for the workloads' state
 * tables: strong reads, single-use commits of mutations, and read-write transactions (begin,
 * read inside, commit or roll back). Sessions are created on first use and pooled; a session
 * Spanner has dropped (NOT_FOUND) is replaced and the call retried once; a 401 fetches a new
 * token and retries once. The transport and token cache are the order claims store's
 * (./idempotency-rest.ts), so one HTTP agent and one token per instance serve both.
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
  /** Sessions kept for reuse. @default 16 */
  readonly maxIdleSessions?: number;
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
        `database: must be a database name, got ${JSON.stringify(options.database)}. Use projects/<project>/instances/<instance>/databases/<database>.`,
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
      if (res.status !== 200) throw this.failure("commit", res);
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
        throw this.failure("beginTransaction", begun);
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
      if (res.status !== 200) throw this.failure("commit", res);
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
    if (grpcStatus(res) === "ABORTED") throw new SpannerAbortedError();
    if (res.status !== 200) throw this.failure("read", res);
    rows.push(...((res.body as { rows?: unknown[][] } | undefined)?.rows ?? []));
    return rows;
  }

  private async withSession<T>(work: (session: string) => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt += 1) {
      const session = this.idle.pop() ?? (await this.createSession());
      try {
        const result = await work(session);
        if (this.idle.length < (this.options.maxIdleSessions ?? 16)) this.idle.push(session);
        return result;
      } catch (error) {
        if (error instanceof SessionGone && attempt === 0) continue;
        if (!(error instanceof SessionGone)) this.idle.push(session);
        throw error;
      }
    }
  }

  private async createSession(): Promise<string> {
    const res = await this.send(`v1/${this.options.database}/sessions`, { session: {} });
    const name = (res.body as { name?: unknown } | undefined)?.name;
    if (res.status !== 200 || typeof name !== "string") throw this.failure("sessions", res);
    return name;
  }

  private async post(session: string, method: string, body: unknown): Promise<RestResponse> {
    const res = await this.send(`v1/${session}:${method}`, body);
    if (res.status === 404 && /session not found/i.test(errorDetail(res.body))) {
      throw new SessionGone();
    }
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

  private failure(method: string, res: RestResponse): RestStatusError {
    return new RestStatusError(
      `Spanner POST /v1/<session>:${method}`,
      res.status,
      errorDetail(res.body),
      res.status === 403
        ? "Grant the function's service account roles/spanner.databaseUser on the database"
        : res.status === 404
          ? "Create the workload's tables with the database's DDL (components/data/gcp-spanner.ts)"
          : "Retry the request",
    );
  }
}

class SessionGone extends Error {}

function grpcStatus(res: RestResponse): string | undefined {
  const status = (res.body as { error?: { status?: unknown } } | undefined)?.error?.status;
  return typeof status === "string" ? status : undefined;
}
