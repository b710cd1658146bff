import assert from "node:assert/strict";
import {
  MemoryFeatureCache,
  TieredFeatureCache,
  type FeatureCache,
} from "../../../functions/fraud/cache";
import {
  extractFeatures,
  updateHistory,
  type Transaction,
} from "../../../functions/fraud/features";
import { fraudScoreFunction } from "../../../functions/fraud/score";
import { setSink } from "../../../functions/lib/log";

const T0 = Date.UTC(2026, 10, 2, 14, 0, 0);
const usual: Transaction = {
  txId: "t1",
  account: "acct-1",
  amount: 40,
  currency: "USD",
  merchant: "m-1",
  mcc: "5411",
  country: "US",
  channel: "pos",
  ts: T0,
};

async function seeded(cache: FeatureCache): Promise<void> {
  let history = updateHistory(undefined, { ...usual, txId: "h0", ts: T0 - 21 * 86_400_000 });
  for (let i = 0; i < 20; i++) {
    history = updateHistory(history, { ...usual, txId: `h${i}`, ts: T0 - (20 - i) * 86_400_000 });
  }
  await cache.set("acct-1", history);
}

describe("functions/fraud", () => {
  it("extracts the hot features from the account's history", () => {
    const history = updateHistory(updateHistory(undefined, usual), {
      ...usual,
      txId: "t2",
      ts: T0 + 60_000,
      country: "GB",
    });
    const x = extractFeatures(
      {
        ...usual,
        txId: "t3",
        ts: T0 + 120_000,
        amount: 400,
        merchant: "m-9",
        channel: "ecom",
        mcc: "7995",
        country: "NG",
      },
      history,
    );
    assert.deepEqual(
      Array.from(x, (v) => Math.round(v * 1e4) / 1e4),
      [5.994, 2.2804, 1, 1, 1, 1.0986, 4.3944, 4.1109, 0, 1, 2, 1],
    );
  });

  it("approves a usual transaction with no reasons", async () => {
    const cache = new MemoryFeatureCache();
    await seeded(cache);
    const fn = fraudScoreFunction({ cache: () => cache });
    const result = await fn.handle(fn.parse({ ...usual, txId: "t-ok" }));
    assert.equal(result.decision, "approve");
    assert.deepEqual(result.reasons, []);
    assert.equal(result.model, "lr-20260105");
  });

  it("declines a burst of large foreign online gambling charges and says why", async () => {
    const cache = new MemoryFeatureCache();
    await seeded(cache);
    const fn = fraudScoreFunction({ cache: () => cache });
    const fraud = {
      ...usual,
      amount: 900,
      merchant: "m-7777",
      mcc: "7995",
      country: "NG",
      channel: "ecom",
    };
    await fn.handle(fn.parse({ ...fraud, txId: "f1", ts: T0 }));
    const result = await fn.handle(fn.parse({ ...fraud, txId: "f2", ts: T0 + 120_000 }));
    assert.equal(result.decision, "decline");
    assert.ok(result.score >= 0.51, `score ${result.score}`);
    assert.deepEqual(result.reasons, [
      "high-risk merchant category",
      "many transactions in the last hour",
      "amount far above the account's usual spend",
    ]);
  });

  it("falls back to instance memory when the shared cache fails or is slow", async () => {
    const lines: string[] = [];
    const restore = setSink((line) => lines.push(line));
    try {
      const failing: FeatureCache = {
        get: () => Promise.reject(new Error("ECONNREFUSED")),
        set: () => Promise.reject(new Error("ECONNREFUSED")),
      };
      const slow: FeatureCache = {
        get: () => new Promise((r) => setTimeout(() => r(undefined), 50)),
        set: () => Promise.resolve(),
      };
      for (const remote of [failing, slow]) {
        const tiered = new TieredFeatureCache(remote, new MemoryFeatureCache(), 5);
        await tiered.set("acct-1", updateHistory(undefined, usual));
        assert.equal((await tiered.get("acct-1"))?.count, 1);
      }
      assert.deepEqual(
        lines.map((l) => (JSON.parse(l) as { reason: string }).reason),
        ["Error: ECONNREFUSED", "Error: ECONNREFUSED", "Error: no answer within 5 ms"],
      );
    } finally {
      setSink(restore);
    }
  });

  it("rejects a malformed transaction without touching the cache", () => {
    const cache = new MemoryFeatureCache();
    const fn = fraudScoreFunction({ cache: () => cache });
    assert.throws(() => fn.parse({ ...usual, amount: -1 }), {
      message: 'transaction.amount: must be greater than 0, got -1. Send a positive "amount".',
    });
    assert.throws(() => fn.parse({ ...usual, country: "usa" }), {
      message:
        'transaction.country: has the wrong format, got "usa". Use an ISO 3166-1 alpha-2 code such as US.',
    });
    assert.equal(cache.size, 0);
  });
});
