import assert from "node:assert/strict";
import { lazy } from "../../../functions/lib/lazy";

describe("functions/lib/lazy", () => {
  it("builds the value on first use and reuses it for the life of the instance", () => {
    let built = 0;
    const client = lazy(() => ({ id: ++built }));
    assert.equal(client.ready, false);
    assert.equal(built, 0);
    const first = client();
    assert.equal(client(), first);
    assert.equal(built, 1);
    assert.equal(client.ready, true);
  });

  it("retries a factory that threw", () => {
    let calls = 0;
    const flaky = lazy(() => {
      calls += 1;
      if (calls === 1) throw new Error("endpoint not ready");
      return "connected";
    });
    assert.throws(() => flaky(), { message: "endpoint not ready" });
    assert.equal(flaky(), "connected");
    assert.equal(calls, 2);
  });
});
