/**
 * A Spanner REST emulation of tables for the state store specs: sessions, strong reads by keys,
 * key-prefix ranges or all rows (in key order), single-use commits of mutations, and read-write
 * transactions (`beginTransaction`, reads inside, `commit` or `rollback`). A transaction commits
 * only if no row it read has changed since (Spanner's locks give the same outcome: the later
 * one is aborted and must run again), else it answers ABORTED; an `insert` of an existing key
 * answers ALREADY_EXISTS — with Google's error bodies and the bearer token checked.
 */
import { startServer, type Answer, type LocalServer, type SeenRequest } from "./rest-server";
import { googleError } from "./spanner-emulator";

/** A running emulation. */
export interface SpannerTables extends LocalServer {
  /** Rows by table, then by key (the key columns' values as JSON), as column -> value. */
  readonly tables: Map<string, Map<string, Record<string, unknown>>>;
}

type MutationBody = { table: string; columns: string[]; values: unknown[][] };

/** Starts an emulation of `database` whose tables have the given key columns. */
export async function startSpannerTables(
  database: string,
  token: string,
  keys: Readonly<Record<string, readonly string[]>>,
): Promise<SpannerTables> {
  const tables = new Map(
    Object.keys(keys).map((t) => [t, new Map<string, Record<string, unknown>>()]),
  );
  const versions = new Map<string, number>();
  const transactions = new Map<string, Map<string, number>>();
  let sessions = 0;
  let txs = 0;
  let clock = 0;

  const rowKey = (table: string, key: unknown[]) => `${table}\0${JSON.stringify(key)}`;
  const keyOf = (table: string, row: Record<string, unknown>) =>
    (keys[table] ?? []).map((c) => row[c]);

  const read = (body: Record<string, unknown>): Answer => {
    const table = tables.get(body.table as string);
    if (!table) return googleError(404, "NOT_FOUND", `Table not found: ${String(body.table)}`);
    const columns = body.columns as string[];
    const keySet = body.keySet as {
      keys?: unknown[][];
      all?: boolean;
      ranges?: { startClosed: unknown[] }[];
    };
    const sorted = [...table.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    let found: [string, Record<string, unknown>][];
    if (keySet.all) found = sorted;
    else if (keySet.ranges) {
      const prefixes = keySet.ranges.map((r) => JSON.stringify(r.startClosed).slice(0, -1));
      found = sorted.filter(([k]) => prefixes.some((p) => k.startsWith(p)));
    } else
      found = (keySet.keys ?? []).flatMap((k) => {
        const row = table.get(JSON.stringify(k));
        return row ? [[JSON.stringify(k), row] as [string, Record<string, unknown>]] : [];
      });
    const tx = (body.transaction as { id?: string } | undefined)?.id;
    if (tx !== undefined) {
      const seen = transactions.get(tx);
      if (!seen) return googleError(400, "FAILED_PRECONDITION", "unknown transaction");
      for (const k of keySet.keys ?? []) {
        const id = rowKey(body.table as string, k);
        seen.set(id, versions.get(id) ?? 0);
      }
    }
    const rows = found.map(([, row]) => columns.map((c) => row[c]));
    return { status: 200, body: { metadata: {}, ...(rows.length > 0 ? { rows } : {}) } };
  };

  const apply = (mutations: Record<string, MutationBody>[]): Answer | undefined => {
    for (const mutation of mutations) {
      const [kind, { table: name, columns, values }] = Object.entries(mutation)[0];
      const table = tables.get(name);
      if (!table) return googleError(404, "NOT_FOUND", `Table not found: ${name}`);
      for (const value of values) {
        const row = Object.fromEntries(columns.map((c, i) => [c, value[i]]));
        const key = JSON.stringify(keyOf(name, row));
        if (kind === "insert" && table.has(key)) {
          return googleError(409, "ALREADY_EXISTS", `Row ${key} in table ${name} already exists`);
        }
        table.set(key, { ...table.get(key), ...row });
        clock += 1;
        versions.set(rowKey(name, JSON.parse(key) as unknown[]), clock);
      }
    }
    return undefined;
  };

  const handle = (req: SeenRequest): Answer => {
    if (req.headers.authorization !== `Bearer ${token}`) {
      return googleError(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");
    }
    if (req.url === `/v1/${database}/sessions`) {
      sessions += 1;
      return { status: 200, body: { name: `${database}/sessions/s${sessions}` } };
    }
    const m = /^\/v1\/.+\/sessions\/[^/:]+:(\w+)$/.exec(req.url);
    const body = req.body as Record<string, unknown>;
    switch (m?.[1]) {
      case "beginTransaction": {
        txs += 1;
        transactions.set(`tx${txs}`, new Map());
        return { status: 200, body: { id: `tx${txs}` } };
      }
      case "read":
        return read(body);
      case "rollback":
        transactions.delete(body.transactionId as string);
        return { status: 200, body: {} };
      case "commit": {
        const tx = body.transactionId as string | undefined;
        if (tx !== undefined) {
          const seen = transactions.get(tx);
          transactions.delete(tx);
          if (!seen) return googleError(400, "FAILED_PRECONDITION", "unknown transaction");
          for (const [id, version] of seen) {
            if ((versions.get(id) ?? 0) !== version) {
              return googleError(409, "ABORTED", "Transaction was aborted.");
            }
          }
        }
        const failed = apply(body.mutations as Record<string, MutationBody>[]);
        return failed ?? { status: 200, body: { commitTimestamp: new Date(0).toISOString() } };
      }
      default:
        return googleError(404, "NOT_FOUND", `no route ${req.url}`);
    }
  };
  return Object.assign(await startServer(handle), { tables });
}
