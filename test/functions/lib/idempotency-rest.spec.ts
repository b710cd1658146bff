import assert from "node:assert/strict";
import {
  errorDetail,
  requestJson,
  RestTimeoutError,
  TokenCache,
} from "../../../functions/lib/idempotency-rest";
import { startServer, type LocalServer } from "./rest-server";

describe("functions/lib/idempotency-rest", () => {
  describe("requestJson", () => {
    let server: LocalServer;
    beforeEach(async () => {
      server = await startServer((req) => ({ status: 200, body: { echo: req.body ?? null } }));
    });
    afterEach(() => server.close());

    it("sends JSON with its length and parses the JSON answer", async () => {
      const res = await requestJson({
        method: "POST",
        url: `${server.url}/x`,
        body: { a: 1 },
        timeoutMs: 500,
      });
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { echo: { a: 1 } });
      assert.equal(server.requests[0].headers["content-type"], "application/json");
      assert.equal(server.requests[0].headers["content-length"], "7");
      assert.equal(server.requests[0].headers.accept, "application/json");
    });

    it("destroys a request that outlives its deadline", async () => {
      server.script.push("stall");
      const started = Date.now();
      await assert.rejects(
        requestJson({ method: "GET", url: `${server.url}/slow`, timeoutMs: 100 }),
        (error: unknown) =>
          error instanceof RestTimeoutError &&
          error.message ===
            "GET /slow: no response within the deadline, got none after 100 ms. Check the network path to the service or raise the timeout.",
      );
      assert.ok(Date.now() - started < 1000);
    });
  });

  describe("TokenCache", () => {
    it("reuses a token until five minutes before it expires, then fetches a new one", async () => {
      let now = 0;
      let fetched = 0;
      const cache = new TokenCache(
        () => {
          fetched += 1;
          return Promise.resolve({ value: `t${fetched}`, expiresAt: now + 3_600_000 });
        },
        () => now,
      );
      assert.equal(await cache.get(), "t1");
      now = 3_600_000 - 300_001;
      assert.equal(await cache.get(), "t1");
      now = 3_600_000 - 300_000;
      assert.equal(await cache.get(), "t2");
      assert.equal(fetched, 2);
    });

    it("shares one fetch between concurrent callers and retries after a failed one", async () => {
      let fetched = 0;
      const cache = new TokenCache(() => {
        fetched += 1;
        return fetched === 1
          ? Promise.reject(new Error("identity endpoint down"))
          : Promise.resolve({ value: `t${fetched}`, expiresAt: Date.now() + 3_600_000 });
      });
      const first = await Promise.allSettled([cache.get(), cache.get()]);
      assert.deepEqual(
        first.map((r) => r.status),
        ["rejected", "rejected"],
      );
      assert.deepEqual(await Promise.all([cache.get(), cache.get()]), ["t2", "t2"]);
      assert.equal(fetched, 2);
    });

    it("fetches again after invalidate", async () => {
      let fetched = 0;
      const cache = new TokenCache(() => {
        fetched += 1;
        return Promise.resolve({ value: `t${fetched}`, expiresAt: Date.now() + 3_600_000 });
      });
      await cache.get();
      cache.invalidate();
      assert.equal(await cache.get(), "t2");
    });
  });

  describe("errorDetail", () => {
    const cases: [string, unknown, string][] = [
      [
        "reads a Google error's message",
        { error: { message: "Session not found" } },
        "Session not found",
      ],
      ["reads a Cosmos DB error's message", { code: "Conflict", message: "exists" }, "exists"],
      ["reads an OAuth error string", { error: "invalid_resource" }, "invalid_resource"],
      ["cuts a text body to 200 characters", "x".repeat(300), "x".repeat(200)],
      ["says nothing for an empty body", undefined, ""],
    ];
    for (const [title, body, detail] of cases) {
      it(title, () => assert.equal(errorDetail(body), detail));
    }
  });
});
