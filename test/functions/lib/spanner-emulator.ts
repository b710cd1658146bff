/**
 * A Spanner REST emulation for the store specs: sessions (created, dropped on demand), commits
 * of `insert` / `insertOrUpdate` mutations with ALREADY_EXISTS on a taken key, strong reads by
 * key, and the two DML statements the store runs (take over an expired claim, delete a pending
 * one) in inline-begun transactions applied at commit — with Google's error bodies and the
 * bearer token checked on every request.
 */
import { startServer, type Answer, type LocalServer, type SeenRequest } from "./rest-server";

/** A row of the claims table. */
export interface ClaimRow {
  State: string;
  /** Null on rows written before the column existed. */
  Digest: string | null;
  Result: string | null;
  ExpiresAt: string;
}

/** A running emulation. */
export interface SpannerEmulator extends LocalServer {
  /** Rows by Id. */
  readonly rows: Map<string, ClaimRow>;
  /** Live session names. */
  readonly sessions: Set<string>;
  /** The token the emulation accepts. */
  acceptedToken: string;
}

type Mutation = Record<string, { table: string; columns: string[]; values: unknown[][] }>;

/** Starts an emulation of `database` holding a `Claims` table; `now` is its clock. */
export async function startSpanner(
  database: string,
  acceptedToken: string,
  now: () => number,
): Promise<SpannerEmulator> {
  const rows = new Map<string, ClaimRow>();
  const sessions = new Set<string>();
  const pending = new Map<string, () => void>();
  const state = { acceptedToken, sessionCount: 0, txCount: 0 };

  const handle = (req: SeenRequest): Answer => {
    if (req.headers.authorization !== `Bearer ${state.acceptedToken}`) {
      return googleError(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");
    }
    if (req.method !== "POST") return googleError(405, "UNIMPLEMENTED", "POST only");
    if (req.url === `/v1/${database}/sessions`) {
      state.sessionCount += 1;
      const name = `${database}/sessions/s${state.sessionCount}`;
      sessions.add(name);
      return { status: 200, body: { name } };
    }
    const m = /^\/v1\/(.+\/sessions\/[^/:]+):(commit|read|executeSql)$/.exec(req.url);
    if (!m) return googleError(404, "NOT_FOUND", `no route ${req.url}`);
    if (!sessions.has(m[1])) {
      return googleError(404, "NOT_FOUND", `Session not found: ${m[1]}`, [
        {
          "@type": "type.googleapis.com/google.rpc.ResourceInfo",
          resourceType: "type.googleapis.com/google.spanner.v1.Session",
          resourceName: m[1],
        },
      ]);
    }
    const body = req.body as Record<string, unknown>;
    if (m[2] === "commit") return commit(body);
    if (m[2] === "read") return read(body);
    return executeSql(body);
  };

  const commit = (body: Record<string, unknown>): Answer => {
    if (typeof body.transactionId === "string") {
      const apply = pending.get(body.transactionId);
      if (!apply) return googleError(400, "FAILED_PRECONDITION", "unknown transaction");
      pending.delete(body.transactionId);
      apply();
      return { status: 200, body: { commitTimestamp: new Date(now()).toISOString() } };
    }
    for (const mutation of body.mutations as Mutation[]) {
      const [kind, { table, columns, values }] = Object.entries(mutation)[0];
      if (table !== "Claims") return googleError(404, "NOT_FOUND", `Table not found: ${table}`);
      for (const value of values) {
        const row = Object.fromEntries(
          columns.map((c, i) => [c, value[i]]),
        ) as unknown as ClaimRow & {
          Id: string;
        };
        if (kind === "insert" && rows.has(row.Id)) {
          return googleError(
            409,
            "ALREADY_EXISTS",
            `Row [${row.Id}] in table Claims already exists`,
          );
        }
        rows.set(row.Id, {
          State: row.State,
          Digest: row.Digest ?? null,
          Result: row.Result,
          ExpiresAt: row.ExpiresAt,
        });
      }
    }
    return { status: 200, body: { commitTimestamp: new Date(now()).toISOString() } };
  };

  const read = (body: Record<string, unknown>): Answer => {
    const keySet = body.keySet as { keys: string[][] };
    const columns = body.columns as (keyof ClaimRow)[];
    const found = keySet.keys.flatMap(([id]) => {
      const row = rows.get(id);
      return row ? [columns.map((c) => row[c])] : [];
    });
    return { status: 200, body: { metadata: {}, ...(found.length > 0 ? { rows: found } : {}) } };
  };

  const executeSql = (body: Record<string, unknown>): Answer => {
    const sql = body.sql as string;
    const params = body.params as Record<string, string>;
    const row = rows.get(params.id);
    let count = 0;
    let apply = () => {};
    if (sql.startsWith("UPDATE Claims SET State = 'pending'")) {
      if (row && Date.parse(row.ExpiresAt) <= now()) {
        count = 1;
        apply = () =>
          rows.set(params.id, {
            State: "pending",
            Digest: params.digest ?? null,
            Result: null,
            ExpiresAt: params.expiresAt,
          });
      }
    } else if (sql.startsWith("DELETE FROM Claims")) {
      if (row?.State === "pending") {
        count = 1;
        apply = () => rows.delete(params.id);
      }
    } else {
      return googleError(400, "INVALID_ARGUMENT", `unsupported statement ${sql}`);
    }
    state.txCount += 1;
    const id = `tx${state.txCount}`;
    pending.set(id, apply);
    return {
      status: 200,
      body: { metadata: { transaction: { id } }, stats: { rowCountExact: String(count) } },
    };
  };

  const server = await startServer(handle);
  // An accessor, so that the service reads the token a spec set after the start.
  return Object.defineProperty(Object.assign(server, { rows, sessions }), "acceptedToken", {
    get: () => state.acceptedToken,
    set: (value: string) => {
      state.acceptedToken = value;
    },
  }) as SpannerEmulator;
}

/** A Google API error body as Spanner's REST interface returns it. */
export function googleError(
  status: number,
  grpcStatus: string,
  message: string,
  details: unknown[] = [],
): Answer {
  return { status, body: { error: { code: status, message, status: grpcStatus, details } } };
}
