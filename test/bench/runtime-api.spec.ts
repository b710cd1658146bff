import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { bundleFunction } from "../../functions/build";
import { benchRuntimeApi, orderEvent } from "../../bench/runtime-api";
import { SYMBOLS } from "../../bench/workloads";

describe("bench/runtime-api", () => {
  it("runs each order through next/response into the order bundle and counts the samples", async function () {
    this.timeout(60_000);
    const dir = mkdtempSync(path.join(tmpdir(), "tachyon-runtime-api-"));
    const quotes = process.env.TACHYON_SIM_QUOTES;
    try {
      const bundle = bundleFunction("order", "aws", dir);
      const result = await benchRuntimeApi(path.join(bundle.dir, bundle.entry), SYMBOLS, 40);
      assert.equal(result.samples, 40);
      assert.equal(result.loopbackSamples, 40);
      assert.ok(result.p50 > 0 && result.p999 >= result.p50, JSON.stringify(result));
      assert.ok(result.loopbackP50 > 0, JSON.stringify(result));
      // The venue quotes are set for the run only.
      assert.equal(process.env.TACHYON_SIM_QUOTES, quotes);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("builds an ALB order request whose body alternates sides over the symbols", () => {
    const event = orderEvent(3, ["AAA", "BBB"]) as { body: string; httpMethod: string };
    assert.equal(event.httpMethod, "POST");
    assert.deepEqual(JSON.parse(event.body), {
      orderId: "rt-3",
      account: "acct-3",
      symbol: "BBB",
      side: "sell",
      type: "limit",
      quantity: 10,
      limitPrice: 100.01,
    });
  });
});
