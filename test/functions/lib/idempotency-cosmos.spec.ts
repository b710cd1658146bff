import assert from "node:assert/strict";
import {
  COSMOS_API_VERSION,
  CosmosIdempotencyStore,
} from "../../../functions/lib/idempotency-cosmos";
import { RestStatusError, RestTimeoutError } from "../../../functions/lib/idempotency-rest";
import { assertExactlyOnceAcrossInstances } from "./idempotency-property";
import { startCosmos, type CosmosEmulator } from "./cosmos-emulator";

/** A token source handing out `tokens` in turn, counting fetches and invalidations. */
class Tokens {
  fetched = 0;
  invalidated = 0;
  private current: string | undefined;
  constructor(private readonly tokens: string[]) {}
  get(): Promise<string> {
    if (this.current === undefined) {
      this.current = this.tokens[Math.min(this.fetched, this.tokens.length - 1)];
      this.fetched += 1;
    }
    return Promise.resolve(this.current);
  }
  invalidate(): void {
    this.invalidated += 1;
    this.current = undefined;
  }
}

const NOW = Date.UTC(2026, 10, 2, 9, 30, 0);

describe("functions/lib/idempotency-cosmos", () => {
  let cosmos: CosmosEmulator;
  let tokens: Tokens;
  let store: CosmosIdempotencyStore;
  beforeEach(async () => {
    cosmos = await startCosmos("orders", "order-claims", "token-1");
    tokens = new Tokens(["token-1", "token-2"]);
    store = new CosmosIdempotencyStore({
      endpoint: `${cosmos.url}/`,
      database: "orders",
      container: "order-claims",
      tokens,
      timeoutMs: 300,
      now: () => NOW,
    });
  });
  afterEach(() => cosmos.close());

  it("claims by creating the document with the Entra ID, date, version and partition key headers", async () => {
    assert.deepEqual(await store.claim("o-1", "d", 86_400), { status: "claimed" });
    const [create] = cosmos.requests;
    assert.equal(create.method, "POST");
    assert.equal(create.url, "/dbs/orders/colls/order-claims/docs");
    assert.equal(create.headers.authorization, "type%3Daad%26ver%3D1.0%26sig%3Dtoken-1");
    assert.equal(create.headers["x-ms-date"], "Mon, 02 Nov 2026 09:30:00 GMT");
    assert.equal(create.headers["x-ms-version"], COSMOS_API_VERSION);
    assert.equal(create.headers["x-ms-documentdb-partitionkey"], '["o-1"]');
    assert.equal(create.headers["content-type"], "application/json");
    assert.deepEqual(create.body, { id: "o-1", state: "pending", digest: "d", ttl: 86_400 });
    assert.equal(cosmos.requests.length, 1);
  });

  it("answers pending on a 409 while the first claim runs, then the stored result once completed", async () => {
    await store.claim("o-1", "d", 60);
    assert.deepEqual(await store.claim("o-1", "d", 60), { status: "pending", digest: "d" });
    await store.complete("o-1", "d", '{"status":"filled"}', 60);
    assert.deepEqual(await store.claim("o-1", "d", 60), {
      status: "done",
      result: '{"status":"filled"}',
      digest: "d",
    });
    const upsert = cosmos.requests[3];
    assert.equal(upsert.headers["x-ms-documentdb-is-upsert"], "True");
    assert.deepEqual(upsert.body, {
      id: "o-1",
      state: "done",
      digest: "d",
      result: '{"status":"filled"}',
      ttl: 60,
    });
    assert.deepEqual(
      cosmos.requests.map((r) => `${r.method} ${r.url}`),
      [
        "POST /dbs/orders/colls/order-claims/docs",
        "POST /dbs/orders/colls/order-claims/docs",
        "GET /dbs/orders/colls/order-claims/docs/o-1",
        "POST /dbs/orders/colls/order-claims/docs",
        "POST /dbs/orders/colls/order-claims/docs",
        "GET /dbs/orders/colls/order-claims/docs/o-1",
      ],
    );
  });

  it("executes once across instances: of two stores racing on one id, exactly one claims it", async () => {
    const other = new CosmosIdempotencyStore({
      endpoint: cosmos.url,
      database: "orders",
      container: "order-claims",
      tokens: new Tokens(["token-1"]),
    });
    const claims = await Promise.all([
      store.claim("o-9", "d", 60),
      other.claim("o-9", "d", 60),
      store.claim("o-9", "d", 60),
      other.claim("o-9", "d", 60),
    ]);
    assert.equal(claims.filter((c) => c.status === "claimed").length, 1);
    assert.equal(claims.filter((c) => c.status === "pending").length, 3);
  });

  it("releases a pending claim with If-Match on its etag, so a retry can claim it again", async () => {
    await store.claim("o-2", "d", 60);
    await store.release("o-2");
    const del = cosmos.requests[2];
    assert.equal(del.method, "DELETE");
    assert.equal(del.url, "/dbs/orders/colls/order-claims/docs/o-2");
    assert.equal(del.headers["if-match"], '"1"');
    assert.equal(cosmos.docs.size, 0);
    assert.deepEqual(await store.claim("o-2", "d", 60), { status: "claimed" });
  });

  it("never releases a completed claim", async () => {
    await store.claim("o-3", "d", 60);
    await store.complete("o-3", "d", "r", 60);
    await store.release("o-3");
    assert.equal(cosmos.docs.get("o-3")?.doc.state, "done");
    assert.deepEqual(
      cosmos.requests.map((r) => r.method),
      ["POST", "POST", "GET"],
    );
  });

  it("leaves a claim that changed between the read and the delete (412)", async () => {
    await store.claim("o-4", "d", 60);
    const stale = cosmos.docs.get("o-4");
    cosmos.script.push({ status: 200, headers: { etag: '"0"' }, body: stale?.doc });
    await store.release("o-4");
    assert.equal(cosmos.docs.has("o-4"), true);
  });

  it("claims again when the conflicting document is gone by the time it is read", async () => {
    cosmos.script.push({ status: 409, body: { code: "Conflict", message: "exists" } });
    cosmos.script.push({ status: 404, body: { code: "NotFound", message: "gone" } });
    assert.deepEqual(await store.claim("o-5", "d", 60), { status: "claimed" });
    assert.equal(cosmos.requests.length, 3);
  });

  it("fetches a new token once when Cosmos DB refuses the cached one", async () => {
    cosmos.acceptedToken = "token-2";
    assert.deepEqual(await store.claim("o-6", "d", 60), { status: "claimed" });
    assert.equal(tokens.invalidated, 1);
    assert.equal(tokens.fetched, 2);
    assert.deepEqual(
      cosmos.requests.map((r) => r.headers.authorization),
      ["type%3Daad%26ver%3D1.0%26sig%3Dtoken-1", "type%3Daad%26ver%3D1.0%26sig%3Dtoken-2"],
    );
  });

  it("fails with the status and the fix when the refreshed token is refused too", async () => {
    cosmos.acceptedToken = "token-3";
    await assert.rejects(store.claim("o-7", "d", 60), {
      name: "RestStatusError",
      message:
        "Cosmos DB POST /dbs/orders/colls/order-claims/docs: failed with HTTP 401, got \"Request blocked by Auth: the AAD token is not valid.\". Check that the token's audience is the account endpoint and the identity is the app's.",
    });
    assert.equal(cosmos.requests.length, 2);
  });

  it("names the missing role on a 403", async () => {
    cosmos.script.push({ status: 403, body: { code: "Forbidden", message: "no RBAC permission" } });
    const error = await store.claim("o-8", "d", 60).catch((e: unknown) => e);
    assert.ok(error instanceof RestStatusError);
    assert.equal(error.status, 403);
    assert.equal(
      error.message,
      'Cosmos DB POST /dbs/orders/colls/order-claims/docs: failed with HTTP 403, got "no RBAC permission". Assign the function\'s identity the Cosmos DB Built-in Data Contributor role on the container.',
    );
  });

  it("retries a throttled request once after the advised wait", async () => {
    cosmos.script.push({
      status: 429,
      headers: { "x-ms-retry-after-ms": "5" },
      body: { code: "TooManyRequests", message: "Request rate is large" },
    });
    assert.deepEqual(await store.claim("o-10", "d", 60), { status: "claimed" });
    assert.equal(cosmos.requests.length, 2);
  });

  it("property: however claims from several instances interleave, each id is claimed once and then replays its result", async () => {
    await assertExactlyOnceAcrossInstances(
      () => cosmos.docs.clear(),
      () =>
        new CosmosIdempotencyStore({
          endpoint: cosmos.url,
          database: "orders",
          container: "order-claims",
          tokens: new Tokens(["token-1"]),
        }),
    );
  });

  it("gives up on a request that gets no answer within the deadline", async () => {
    cosmos.script.push("stall");
    const started = Date.now();
    const error = await store.claim("o-11", "d", 60).catch((e: unknown) => e);
    assert.ok(error instanceof RestTimeoutError);
    assert.equal(
      error.message,
      "POST /dbs/orders/colls/order-claims/docs: no response within the deadline, got none after 300 ms. Check the network path to the service or raise the timeout.",
    );
    assert.ok(Date.now() - started < 2000);
  });

  it("reuses one keep-alive connection for consecutive requests", async () => {
    for (let i = 0; i < 5; i += 1) await store.claim(`k-${i}`, "d", 60);
    assert.equal(cosmos.requests.length, 5);
    assert.equal(cosmos.connections(), 1);
  });
});
