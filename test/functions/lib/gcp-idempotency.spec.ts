import assert from "node:assert/strict";
import { gcpIdempotencyStore } from "../../../functions/lib/gcp-idempotency";
import { InMemoryIdempotencyStore } from "../../../functions/lib/idempotency";
import { SpannerIdempotencyStore } from "../../../functions/lib/idempotency-spanner";
import { captured } from "./log-capture";

describe("functions/lib/gcp-idempotency", () => {
  it("keeps claims in memory without a Spanner database and says so once", () => {
    const { value, lines } = captured(() => gcpIdempotencyStore({}));
    assert.ok(value instanceof InMemoryIdempotencyStore);
    assert.deepEqual(lines, [
      {
        severity: "WARNING",
        message: "order ids are claimed in instance memory: exactly-once within this instance only",
        store: "memory",
        fix: "set TACHYON_IDEMPOTENCY_SPANNER_DATABASE",
      },
    ]);
  });

  it("claims in the named Spanner database", () => {
    const { value, lines } = captured(() =>
      gcpIdempotencyStore({
        TACHYON_IDEMPOTENCY_SPANNER_DATABASE: "projects/p/instances/i/databases/orders",
      }),
    );
    assert.ok(value instanceof SpannerIdempotencyStore);
    assert.deepEqual(lines, [
      {
        severity: "INFO",
        message: "order ids are claimed in Spanner",
        store: "spanner",
        database: "projects/p/instances/i/databases/orders",
      },
    ]);
  });

  it("rejects a malformed database name instead of falling back to memory", () => {
    assert.throws(() => gcpIdempotencyStore({ TACHYON_IDEMPOTENCY_SPANNER_DATABASE: "orders" }), {
      message:
        'TACHYON_IDEMPOTENCY_SPANNER_DATABASE: must be a database name, got "orders". Use projects/<project>/instances/<instance>/databases/<database>.',
    });
  });
});
