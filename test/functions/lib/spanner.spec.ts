import assert from "node:assert/strict";
import {
  SpannerAbortedError,
  SpannerDatabase,
  SpannerStatusError,
} from "../../../functions/lib/spanner";
import { googleError, startSpanner, type SpannerEmulator } from "./spanner-emulator";

const DB = "projects/p/instances/i/databases/orders";
const NOW = Date.UTC(2026, 10, 2);
const TOKENS = { get: () => Promise.resolve("ya29.one"), invalidate: () => undefined };
const ROW = {
  table: "Claims",
  columns: ["Id", "State", "Digest", "Result", "ExpiresAt"],
  values: [["o-1", "pending", "d", null, "2026-11-02T00:01:00.000Z"]],
};

describe("functions/lib/spanner", () => {
  let spanner: SpannerEmulator;
  const client = (options: { maxIdleSessions?: number } = {}) =>
    new SpannerDatabase({ database: DB, endpoint: spanner.url, tokens: TOKENS, ...options });
  const paths = () => spanner.requests.map((r) => r.url.replace(`/v1/${DB}/`, ""));
  beforeEach(async () => {
    spanner = await startSpanner(DB, "ya29.one", () => NOW);
  });
  afterEach(() => spanner.close());

  it("runs a DML statement in a transaction begun inline, commits it and counts its rows", async () => {
    const db = client();
    await db.write([{ insert: ROW }]);
    const deleted = await db.update("DELETE FROM Claims WHERE Id = @id AND State = 'pending'", {
      id: { value: "o-1", type: "STRING" },
    });
    assert.equal(deleted, 1);
    assert.equal(spanner.rows.has("o-1"), false);
    assert.deepEqual(paths(), [
      "sessions",
      "sessions/s1:commit",
      "sessions/s1:executeSql",
      "sessions/s1:commit",
    ]);
    assert.deepEqual(spanner.requests[2].body, {
      transaction: { begin: { readWrite: {} } },
      sql: "DELETE FROM Claims WHERE Id = @id AND State = 'pending'",
      params: { id: "o-1" },
      paramTypes: { id: { code: "STRING" } },
      seqno: "1",
    });
    assert.deepEqual(spanner.requests[3].body, { transactionId: "tx1" });
  });

  it("throws SpannerAbortedError when Spanner aborts a DML statement's transaction", async () => {
    const db = client();
    await db.write([{ insert: ROW }]);
    spanner.script.push(googleError(409, "ABORTED", "Transaction was aborted."));
    await assert.rejects(
      db.update("DELETE FROM Claims WHERE Id = @id", { id: { value: "o-1", type: "STRING" } }),
      SpannerAbortedError,
    );
  });

  it("keeps the canonical status of a failed commit beside its HTTP status", async () => {
    const db = client();
    await db.write([{ insert: ROW }]);
    const error = await db.write([{ insert: ROW }]).catch((e: unknown) => e);
    assert.ok(error instanceof SpannerStatusError);
    assert.equal(error.status, 409);
    assert.equal(error.code, "ALREADY_EXISTS");
    assert.equal(error.method, "commit");
    assert.equal(
      error.message,
      'Spanner POST /v1/<session>:commit: failed with HTTP 409, got "Row [o-1] in table Claims already exists". Retry the request.',
    );
  });

  it("knows a dropped session by its ResourceInfo detail alone, replaces it and retries once", async () => {
    const db = client();
    await db.write([{ insert: ROW }]);
    spanner.script.push(
      googleError(404, "NOT_FOUND", "Resource not found", [
        {
          "@type": "type.googleapis.com/google.rpc.ResourceInfo",
          resourceType: "type.googleapis.com/google.spanner.v1.Session",
          resourceName: `${DB}/sessions/s1`,
        },
      ]),
    );
    assert.deepEqual(await db.read("Claims", ["State"], { keys: [["o-1"]] }), [["pending"]]);
    assert.deepEqual(paths(), [
      "sessions",
      "sessions/s1:commit",
      "sessions/s1:read",
      "sessions",
      "sessions/s2:read",
    ]);
  });

  it("keeps at most maxIdleSessions after failed calls too", async () => {
    const db = client({ maxIdleSessions: 1 });
    const missing = { ...ROW, table: "Missing" };
    const failed = await Promise.allSettled([
      db.write([{ insert: missing }]),
      db.write([{ insert: missing }]),
    ]);
    assert.deepEqual(
      failed.map((f) => f.status),
      ["rejected", "rejected"],
    );
    assert.equal(spanner.sessions.size, 2);
    // One session was kept: of two concurrent calls, one takes it and one opens a third.
    await Promise.all([
      db.read("Claims", ["State"], { keys: [["a"]] }),
      db.read("Claims", ["State"], { keys: [["b"]] }),
    ]);
    assert.equal(spanner.sessions.size, 3);
  });

  it("names the setting that holds the database in its messages", async () => {
    assert.throws(
      () =>
        new SpannerDatabase({
          database: "positions",
          tokens: TOKENS,
          setting: "TACHYON_STATE_SPANNER_DATABASE",
        }),
      {
        message:
          'TACHYON_STATE_SPANNER_DATABASE: must be a database name, got "positions". Use projects/<project>/instances/<instance>/databases/<database>.',
      },
    );
    spanner.script.push(googleError(404, "NOT_FOUND", "Database not found: orders"));
    const db = new SpannerDatabase({
      database: DB,
      endpoint: spanner.url,
      tokens: TOKENS,
      setting: "TACHYON_STATE_SPANNER_DATABASE",
    });
    await assert.rejects(db.read("Claims", ["State"], { all: true }), {
      name: "RestStatusError",
      message: `Spanner POST /v1/${DB}/sessions: failed with HTTP 404, got "Database not found: orders". Check TACHYON_STATE_SPANNER_DATABASE names an existing database.`,
    });
  });
});
