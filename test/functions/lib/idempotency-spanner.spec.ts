import assert from "node:assert/strict";
import {
  SpannerIdempotencyStore,
  spannerClaimsDdl,
  spannerClaimsDigestDdl,
} from "../../../functions/lib/idempotency-spanner";
import { RestTimeoutError } from "../../../functions/lib/idempotency-rest";
import { SpannerDatabase } from "../../../functions/lib/spanner";
import { SpannerPortfolioStore } from "../../../functions/portfolio/store-spanner";
import { assertExactlyOnceAcrossInstances } from "./idempotency-property";
import { googleError, startSpanner, type SpannerEmulator } from "./spanner-emulator";
import { startSpannerTables } from "./spanner-tables";

const DB = "projects/p/instances/i/databases/orders";
const NOW = Date.UTC(2026, 10, 2);

/** A token source handing out `tokens` in turn, counting invalidations. */
class Tokens {
  invalidated = 0;
  private index = 0;
  constructor(private readonly tokens: string[]) {}
  get(): Promise<string> {
    return Promise.resolve(this.tokens[Math.min(this.index, this.tokens.length - 1)]);
  }
  invalidate(): void {
    this.invalidated += 1;
    this.index += 1;
  }
}

describe("functions/lib/idempotency-spanner", () => {
  let spanner: SpannerEmulator;
  let now: number;
  let store: SpannerIdempotencyStore;
  let tokens: Tokens;
  const create = (options: { maxIdleSessions?: number } = {}) =>
    new SpannerIdempotencyStore({
      database: DB,
      endpoint: spanner.url,
      tokens,
      timeoutMs: 300,
      now: () => now,
      ...options,
    });
  beforeEach(async () => {
    now = NOW;
    spanner = await startSpanner(DB, "ya29.one", () => now);
    tokens = new Tokens(["ya29.one", "ya29.two"]);
    store = create();
  });
  afterEach(() => spanner.close());

  it("claims with a single-use read-write commit of one insert, on a session created once", async () => {
    assert.deepEqual(await store.claim("o-1", "d", 60), { status: "claimed" });
    assert.deepEqual(await store.claim("o-2", "d", 60), { status: "claimed" });
    assert.deepEqual(
      spanner.requests.map((r) => r.url),
      [`/v1/${DB}/sessions`, `/v1/${DB}/sessions/s1:commit`, `/v1/${DB}/sessions/s1:commit`],
    );
    assert.equal(spanner.requests[1].headers.authorization, "Bearer ya29.one");
    assert.deepEqual(spanner.requests[1].body, {
      singleUseTransaction: { readWrite: {} },
      mutations: [
        {
          insert: {
            table: "Claims",
            columns: ["Id", "State", "Digest", "Result", "ExpiresAt"],
            values: [["o-1", "pending", "d", null, "2026-11-02T00:01:00.000Z"]],
          },
        },
      ],
    });
  });

  it("reads the row after ALREADY_EXISTS: pending while running, then the stored result", async () => {
    await store.claim("o-1", "d", 60);
    assert.deepEqual(await store.claim("o-1", "d", 60), { status: "pending", digest: "d" });
    const read = spanner.requests[3];
    assert.equal(read.url, `/v1/${DB}/sessions/s1:read`);
    assert.deepEqual(read.body, {
      transaction: { singleUse: { readOnly: { strong: true } } },
      table: "Claims",
      columns: ["State", "Digest", "Result", "ExpiresAt"],
      keySet: { keys: [["o-1"]] },
    });
    await store.complete("o-1", "d", '{"status":"filled"}', 60);
    assert.deepEqual((spanner.requests[4].body as { mutations: unknown[] }).mutations[0], {
      insertOrUpdate: {
        table: "Claims",
        columns: ["Id", "State", "Digest", "Result", "ExpiresAt"],
        values: [["o-1", "done", "d", '{"status":"filled"}', "2026-11-02T00:01:00.000Z"]],
      },
    });
    assert.deepEqual(await store.claim("o-1", "d", 60), {
      status: "done",
      result: '{"status":"filled"}',
      digest: "d",
    });
  });

  it("executes once across instances: of two stores racing on one id, exactly one claims it", async () => {
    const other = create();
    const claims = await Promise.all([
      store.claim("o-9", "d", 60),
      other.claim("o-9", "d", 60),
      store.claim("o-9", "d", 60),
      other.claim("o-9", "d", 60),
    ]);
    assert.equal(claims.filter((c) => c.status === "claimed").length, 1);
    assert.equal(claims.filter((c) => c.status === "pending").length, 3);
  });

  it("takes over an expired row that the deletion policy has not removed yet, with a guarded UPDATE", async () => {
    await store.claim("o-3", "d", 60);
    await store.complete("o-3", "d", "old", 60);
    now = NOW + 61_000;
    assert.deepEqual(await store.claim("o-3", "d", 60), { status: "claimed" });
    const dml = spanner.requests.find((r) => r.url.endsWith(":executeSql"));
    assert.deepEqual(dml?.body, {
      transaction: { begin: { readWrite: {} } },
      sql: "UPDATE Claims SET State = 'pending', Digest = @digest, Result = NULL, ExpiresAt = @expiresAt WHERE Id = @id AND ExpiresAt <= CURRENT_TIMESTAMP()",
      params: { id: "o-3", digest: "d", expiresAt: "2026-11-02T00:02:01.000Z" },
      paramTypes: {
        id: { code: "STRING" },
        digest: { code: "STRING" },
        expiresAt: { code: "TIMESTAMP" },
      },
      seqno: "1",
    });
    assert.deepEqual(spanner.requests.at(-1)?.body, { transactionId: "tx1" });
    assert.deepEqual(spanner.rows.get("o-3"), {
      State: "pending",
      Digest: "d",
      Result: null,
      ExpiresAt: "2026-11-02T00:02:01.000Z",
    });
  });

  it("answers pending when another caller took the expired row over first", async () => {
    await store.claim("o-4", "d", 60);
    now = NOW + 61_000;
    spanner.script.push(googleError(409, "ALREADY_EXISTS", "exists"));
    spanner.script.push({
      status: 200,
      body: { rows: [["pending", "d", null, "2026-11-02T00:01:00.000Z"]] },
    });
    spanner.script.push({
      status: 200,
      body: { metadata: { transaction: { id: "tx9" } }, stats: { rowCountExact: "0" } },
    });
    spanner.script.push({ status: 200, body: {} });
    // The winner's digest is unknown here; the caller answers pending and learns it on retry.
    assert.deepEqual(await store.claim("o-4", "d", 60), { status: "pending", digest: undefined });
  });

  it("releases only a pending claim, with a DML DELETE committed in its transaction", async () => {
    await store.claim("o-5", "d", 60);
    await store.release("o-5");
    assert.equal(spanner.rows.has("o-5"), false);
    assert.equal(
      (spanner.requests[2].body as { sql: string }).sql,
      "DELETE FROM Claims WHERE Id = @id AND State = 'pending'",
    );
    await store.claim("o-6", "d", 60);
    await store.complete("o-6", "d", "r", 60);
    await store.release("o-6");
    assert.deepEqual(spanner.rows.get("o-6"), {
      State: "done",
      Digest: "d",
      Result: "r",
      ExpiresAt: "2026-11-02T00:01:00.000Z",
    });
  });

  it("replaces a session Spanner has dropped and retries the call once", async () => {
    await store.claim("o-7", "d", 60);
    spanner.sessions.clear();
    assert.deepEqual(await store.claim("o-8", "d", 60), { status: "claimed" });
    assert.deepEqual(
      spanner.requests.map((r) => r.url.replace(`/v1/${DB}/`, "")),
      ["sessions", "sessions/s1:commit", "sessions/s1:commit", "sessions", "sessions/s2:commit"],
    );
  });

  it("opens one session per concurrent request and keeps at most maxIdleSessions", async () => {
    const small = create({ maxIdleSessions: 2 });
    await Promise.all([1, 2, 3, 4].map((i) => small.claim(`c-${i}`, "d", 60)));
    assert.equal(spanner.sessions.size, 4);
    await Promise.all([5, 6].map((i) => small.claim(`c-${i}`, "d", 60)));
    assert.equal(spanner.sessions.size, 4);
    await Promise.all([7, 8, 9].map((i) => small.claim(`c-${i}`, "d", 60)));
    assert.equal(spanner.sessions.size, 5);
  });

  it("fetches a new token once when Spanner answers UNAUTHENTICATED", async () => {
    spanner.acceptedToken = "ya29.two";
    assert.deepEqual(await store.claim("o-10", "d", 60), { status: "claimed" });
    assert.equal(tokens.invalidated, 1);
    assert.deepEqual(
      spanner.requests.map((r) => r.headers.authorization),
      ["Bearer ya29.one", "Bearer ya29.two", "Bearer ya29.two"],
    );
  });

  it("names the missing table and its DDL on NOT_FOUND", async () => {
    await store.claim("warm", "d", 60);
    spanner.script.push(googleError(404, "NOT_FOUND", "Table not found: Claims"));
    await assert.rejects(store.claim("o-11", "d", 60), {
      name: "RestStatusError",
      message:
        'Spanner POST /v1/<session>:commit: failed with HTTP 404, got "Table not found: Claims". Create the table with spannerClaimsDdl("Claims") in the database\'s DDL.',
    });
  });

  it("names the missing role when the session cannot be created", async () => {
    spanner.script.push(googleError(403, "PERMISSION_DENIED", "Caller is missing IAM permission"));
    await assert.rejects(store.claim("o-12", "d", 60), {
      message: `Spanner POST /v1/${DB}/sessions: failed with HTTP 403, got "Caller is missing IAM permission". Grant the function's service account roles/spanner.databaseUser on the database.`,
    });
  });

  it("runs on a client it is given: two stores and a direct read share its one session", async () => {
    const db = new SpannerDatabase({ database: DB, endpoint: spanner.url, tokens, timeoutMs: 300 });
    const first = new SpannerIdempotencyStore({ db, now: () => now });
    const second = new SpannerIdempotencyStore({ db, now: () => now });
    assert.deepEqual(await first.claim("o-20", "d", 60), { status: "claimed" });
    assert.deepEqual(await second.claim("o-20", "d", 60), { status: "pending", digest: "d" });
    assert.deepEqual(await db.read("Claims", ["State"], { keys: [["o-20"]] }), [["pending"]]);
    assert.deepEqual(
      spanner.requests.map((r) => r.url.replace(`/v1/${DB}/`, "")),
      [
        "sessions",
        "sessions/s1:commit",
        "sessions/s1:commit",
        "sessions/s1:read",
        "sessions/s1:read",
      ],
    );
  });

  it("builds a client of its own from database options: two stores keep two session pools", async () => {
    const other = create();
    await store.claim("o-21", "d", 60);
    await other.claim("o-22", "d", 60);
    await store.claim("o-23", "d", 60);
    assert.deepEqual(
      spanner.requests.map((r) => r.url.replace(`/v1/${DB}/`, "")),
      ["sessions", "sessions/s1:commit", "sessions", "sessions/s2:commit", "sessions/s1:commit"],
    );
  });

  it("shares one session with the portfolio store of the same database", async () => {
    const tables = await startSpannerTables(DB, "ya29.one", {
      Claims: ["Id"],
      Positions: ["Portfolio", "Symbol"],
      PortfolioEvents: ["Portfolio", "EventId"],
    });
    try {
      const db = new SpannerDatabase({ database: DB, endpoint: tables.url, tokens });
      const claims = new SpannerIdempotencyStore({ db, now: () => now });
      const positions = new SpannerPortfolioStore(db);
      assert.deepEqual(await claims.claim("o-24", "d", 60), { status: "claimed" });
      assert.deepEqual(await positions.positions("pf-1"), []);
      await claims.complete("o-24", "d", "r", 60);
      assert.deepEqual(
        tables.requests.map((r) => r.url.replace(`/v1/${DB}/`, "")),
        ["sessions", "sessions/s1:commit", "sessions/s1:read", "sessions/s1:commit"],
      );
      assert.deepEqual(
        [...(tables.tables.get("Claims")?.values() ?? [])],
        [
          {
            Id: "o-24",
            State: "done",
            Digest: "d",
            Result: "r",
            ExpiresAt: "2026-11-02T00:01:00.000Z",
          },
        ],
      );
    } finally {
      await tables.close();
    }
  });

  for (const [step, answer] of [
    ["the UPDATE", googleError(409, "ABORTED", "Transaction was aborted.")],
    ["the commit", googleError(409, "ABORTED", "Transaction was aborted.")],
  ] as const) {
    it(`answers pending when Spanner aborts the takeover at ${step} (a concurrent caller won)`, async () => {
      await store.claim("o-25", "d", 60);
      now = NOW + 61_000;
      spanner.script.push(googleError(409, "ALREADY_EXISTS", "exists"));
      spanner.script.push({
        status: 200,
        body: { rows: [["pending", "d", null, "2026-11-02T00:01:00.000Z"]] },
      });
      if (step === "the commit") {
        spanner.script.push({
          status: 200,
          body: { metadata: { transaction: { id: "tx9" } }, stats: { rowCountExact: "1" } },
        });
      }
      spanner.script.push(answer);
      assert.deepEqual(await store.claim("o-25", "d", 60), {
        status: "pending",
        digest: undefined,
      });
      assert.equal(
        spanner.requests.at(-1)?.url,
        `/v1/${DB}/sessions/s1:${step === "the UPDATE" ? "executeSql" : "commit"}`,
      );
    });
  }

  it("tells ALREADY_EXISTS from another 409: an aborted insert is an error to retry, not a claim", async () => {
    await store.claim("warm", "d", 60);
    spanner.script.push(googleError(409, "ABORTED", "Transaction was aborted."));
    await assert.rejects(store.claim("o-26", "d", 60), {
      name: "RestStatusError",
      message:
        'Spanner POST /v1/<session>:commit: failed with HTTP 409, got "Transaction was aborted.". Retry the request.',
    });
    assert.deepEqual(await store.claim("o-26", "d", 60), { status: "claimed" });
    assert.equal(spanner.sessions.size, 1);
  });

  it("names the missing role when a read is refused", async () => {
    await store.claim("o-27", "d", 60);
    spanner.script.push(googleError(409, "ALREADY_EXISTS", "exists"));
    spanner.script.push(googleError(403, "PERMISSION_DENIED", "Caller is missing IAM permission"));
    await assert.rejects(store.claim("o-27", "d", 60), {
      name: "RestStatusError",
      message:
        'Spanner POST /v1/<session>:read: failed with HTTP 403, got "Caller is missing IAM permission". Grant the function\'s service account roles/spanner.databaseUser on the database.',
    });
  });

  it("names the missing table when its DML statement finds none", async () => {
    await store.claim("o-28", "d", 60);
    spanner.script.push(googleError(404, "NOT_FOUND", "Table not found: Claims"));
    await assert.rejects(store.release("o-28"), {
      name: "RestStatusError",
      message:
        'Spanner POST /v1/<session>:executeSql: failed with HTTP 404, got "Table not found: Claims". Create the table with spannerClaimsDdl("Claims") in the database\'s DDL.',
    });
  });

  it("property: however claims from several instances interleave, each id is claimed once and then replays its result", async () => {
    await assertExactlyOnceAcrossInstances(() => spanner.rows.clear(), create);
  });

  it("gives up on a request that gets no answer within the deadline", async () => {
    spanner.script.push("stall");
    const error = await store.claim("o-13", "d", 60).catch((e: unknown) => e);
    assert.ok(error instanceof RestTimeoutError);
    assert.equal(error.timeoutMs, 300);
    assert.equal(error.what, `POST /v1/${DB}/sessions`);
  });

  it("rejects a database that is not a full resource name", () => {
    assert.throws(() => new SpannerIdempotencyStore({ database: "orders", tokens }), {
      message:
        'TACHYON_IDEMPOTENCY_SPANNER_DATABASE: must be a database name, got "orders". Use projects/<project>/instances/<instance>/databases/<database>.',
    });
  });

  it("declares the claims table with a row deletion policy on its expiry", () => {
    assert.equal(
      spannerClaimsDdl(),
      "CREATE TABLE Claims (Id STRING(128) NOT NULL, State STRING(8) NOT NULL, Result STRING(MAX), ExpiresAt TIMESTAMP NOT NULL) PRIMARY KEY (Id), ROW DELETION POLICY (OLDER_THAN(ExpiresAt, INTERVAL 0 DAY))",
    );
  });

  it("adds the digest column in a statement of its own, so existing databases update in place", () => {
    assert.equal(
      spannerClaimsDigestDdl("OrderClaims"),
      "ALTER TABLE OrderClaims ADD COLUMN Digest STRING(MAX)",
    );
  });
});
