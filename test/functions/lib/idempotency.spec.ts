import assert from "node:assert/strict";
import { InMemoryIdempotencyStore } from "../../../functions/lib/idempotency";

describe("functions/lib/idempotency", () => {
  describe("InMemoryIdempotencyStore", () => {
    it("claims a key once, then reports pending, then the stored result", async () => {
      const store = new InMemoryIdempotencyStore(() => 1_000);
      assert.deepEqual(await store.claim("o-1", "d", 60), { status: "claimed" });
      assert.deepEqual(await store.claim("o-1", "d", 60), { status: "pending", digest: "d" });
      await store.complete("o-1", "d", "done!", 60);
      assert.deepEqual(await store.claim("o-1", "d", 60), {
        status: "done",
        result: "done!",
        digest: "d",
      });
    });

    it("tells every later caller the digest the key was claimed for, whatever it brings", async () => {
      const store = new InMemoryIdempotencyStore(() => 1_000);
      assert.deepEqual(await store.claim("o-1", "buy 100", 60), { status: "claimed" });
      assert.deepEqual(await store.claim("o-1", "sell 5", 60), {
        status: "pending",
        digest: "buy 100",
      });
      await store.complete("o-1", "buy 100", "filled", 60);
      assert.deepEqual(await store.claim("o-1", "sell 5", 60), {
        status: "done",
        result: "filled",
        digest: "buy 100",
      });
    });

    it("lets a released or expired claim be taken again, but never a completed one by release", async () => {
      let now = 0;
      const store = new InMemoryIdempotencyStore(() => now);
      await store.claim("a", "d", 10);
      await store.release("a");
      assert.deepEqual(await store.claim("a", "d", 10), { status: "claimed" });
      await store.complete("a", "d", "r", 10);
      await store.release("a");
      assert.deepEqual(await store.claim("a", "d", 10), {
        status: "done",
        result: "r",
        digest: "d",
      });
      now = 10_001;
      assert.deepEqual(await store.claim("a", "d", 10), { status: "claimed" });
    });
  });
});
