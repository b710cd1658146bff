import assert from "node:assert/strict";
import { InMemoryIdempotencyStore } from "../../../functions/lib/idempotency";
import {
  CosmosIdempotencyStore,
  type CosmosClaimDocument,
  type CosmosContainerLike,
} from "../../../functions/lib/idempotency-cosmos";
import {
  SpannerIdempotencyStore,
  type SpannerClaimRow,
  type SpannerTableLike,
} from "../../../functions/lib/idempotency-spanner";

describe("functions/lib/idempotency", () => {
  describe("InMemoryIdempotencyStore", () => {
    it("claims a key once, then reports pending, then the stored result", async () => {
      const store = new InMemoryIdempotencyStore(() => 1_000);
      assert.deepEqual(await store.claim("o-1", 60), { status: "claimed" });
      assert.deepEqual(await store.claim("o-1", 60), { status: "pending" });
      await store.complete("o-1", "done!", 60);
      assert.deepEqual(await store.claim("o-1", 60), { status: "done", result: "done!" });
    });

    it("lets a released or expired claim be taken again, but never a completed one by release", async () => {
      let now = 0;
      const store = new InMemoryIdempotencyStore(() => now);
      await store.claim("a", 10);
      await store.release("a");
      assert.deepEqual(await store.claim("a", 10), { status: "claimed" });
      await store.complete("a", "r", 10);
      await store.release("a");
      assert.deepEqual(await store.claim("a", 10), { status: "done", result: "r" });
      now = 10_001;
      assert.deepEqual(await store.claim("a", 10), { status: "claimed" });
    });
  });

  describe("CosmosIdempotencyStore", () => {
    function fakeContainer(): CosmosContainerLike & { docs: Map<string, CosmosClaimDocument> } {
      const docs = new Map<string, CosmosClaimDocument>();
      return {
        docs,
        items: {
          create: (d) =>
            docs.has(d.id)
              ? Promise.reject(Object.assign(new Error("Conflict"), { code: 409 }))
              : Promise.resolve(docs.set(d.id, d)),
          upsert: (d) => Promise.resolve(docs.set(d.id, d)),
        },
        item: (id) => ({
          read: () => Promise.resolve({ resource: docs.get(id) }),
          delete: () => Promise.resolve(docs.delete(id)),
        }),
      };
    }

    it("claims by create, maps 409 to the stored state, and releases a pending claim", async () => {
      const container = fakeContainer();
      const store = new CosmosIdempotencyStore(container);
      assert.deepEqual(await store.claim("o-1", 60), { status: "claimed" });
      assert.deepEqual(container.docs.get("o-1"), { id: "o-1", state: "pending", ttl: 60 });
      assert.deepEqual(await store.claim("o-1", 60), { status: "pending" });
      await store.release("o-1");
      assert.equal(container.docs.size, 0);
      await store.claim("o-1", 60);
      await store.complete("o-1", "r", 60);
      assert.deepEqual(await store.claim("o-1", 60), { status: "done", result: "r" });
    });
  });

  describe("SpannerIdempotencyStore", () => {
    it("claims by insert, maps ALREADY_EXISTS to the stored state, and releases a pending claim", async () => {
      const rows = new Map<string, SpannerClaimRow>();
      const table: SpannerTableLike = {
        insert: (r) =>
          rows.has(r.Id)
            ? Promise.reject(Object.assign(new Error("ALREADY_EXISTS"), { code: 6 }))
            : Promise.resolve(rows.set(r.Id, r)),
        upsert: (r) => Promise.resolve(rows.set(r.Id, r)),
        deleteRows: (keys) => Promise.resolve(keys.forEach((k) => rows.delete(k))),
        read: ({ keys }) =>
          Promise.resolve([
            keys.flatMap((k) => (rows.has(k) ? [rows.get(k) as SpannerClaimRow] : [])),
          ]),
      };
      const store = new SpannerIdempotencyStore(table, () => Date.UTC(2026, 10, 2));
      assert.deepEqual(await store.claim("o-1", 60), { status: "claimed" });
      assert.deepEqual(rows.get("o-1"), {
        Id: "o-1",
        State: "pending",
        Result: null,
        ExpiresAt: "2026-11-02T00:01:00.000Z",
      });
      assert.deepEqual(await store.claim("o-1", 60), { status: "pending" });
      await store.release("o-1");
      assert.equal(rows.size, 0);
      await store.claim("o-1", 60);
      await store.complete("o-1", "r", 60);
      assert.deepEqual(await store.claim("o-1", 60), { status: "done", result: "r" });
    });
  });
});
