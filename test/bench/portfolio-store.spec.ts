import assert from "node:assert/strict";
import { benchPersistedUpdate } from "../../bench/portfolio-store";

describe("bench/portfolio-store", () => {
  it("times persisted position updates through the handler and its DynamoDB store", async () => {
    const result = await benchPersistedUpdate(10);
    assert.equal(result.samples, 10);
    // A loopback round trip and a signature: more than in-process work, far less than a second.
    assert.ok(result.p50 > 10 && result.p50 < 1_000_000, String(result.p50));
    assert.ok(result.p99 >= result.p50, `${result.p99} < ${result.p50}`);
  });
});
