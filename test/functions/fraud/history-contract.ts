/**
 * What every account-history database store must do, run against each implementation: two
 * function instances (each its own instance memory and store client) see each other's writes,
 * and a history past its expiry reads as absent.
 */
import assert from "node:assert/strict";
import {
  MemoryFeatureCache,
  TieredFeatureCache,
  type FeatureCache,
} from "../../../functions/fraud/cache";
import { updateHistory, type Transaction } from "../../../functions/fraud/features";
import { HISTORY_TTL_DAYS } from "../../../functions/fraud/history";
import { fraudScoreFunction, type FraudDecision } from "../../../functions/fraud/score";

/** Decision time of the contract's transactions. */
export const T0 = Date.UTC(2026, 10, 2, 14, 0, 0);

/** A usual transaction of `acct-1`, `minutes` after {@link T0}. */
export const tx = (txId: string, minutes: number): Transaction => ({
  txId,
  account: "acct-1",
  amount: 40,
  currency: "USD",
  merchant: "m-1",
  mcc: "5411",
  country: "US",
  channel: "pos",
  ts: T0 + minutes * 60_000,
});

/**
 * Defines the contract's specs; `newStore(now)` builds a store with its own client and the
 * clock `now`, as a new function instance would, over the state the current spec started.
 */
export function historyContract(newStore: (now: () => number) => FeatureCache): void {
  const instance = (now = () => T0) => {
    const fn = fraudScoreFunction({
      cache: () =>
        new TieredFeatureCache(undefined, new MemoryFeatureCache(), 5, {
          store: newStore(now),
          deadlineMs: 1000,
        }),
    });
    return (t: Transaction): Promise<FraudDecision> => fn.handle(fn.parse(t));
  };

  it("shows one instance's histories to another, which scores from them", async () => {
    const a = instance();
    const b = instance();
    for (let i = 0; i < 3; i++) await a(tx(`t${i}`, i));
    // A fourth instance without the database would see a new account at a new merchant.
    const fresh = await fraudScoreFunction().handle(tx("t3", 3));
    const seen = await b(tx("t3", 3));
    assert.notEqual(seen.score, fresh.score);
    let expected = updateHistory(undefined, tx("t0", 0));
    for (let i = 1; i < 4; i++) expected = updateHistory(expected, tx(`t${i}`, i));
    assert.deepEqual(await newStore(() => T0).get("acct-1"), expected);
    assert.equal(await newStore(() => T0).get("acct-2"), undefined);
  });

  it(`reads a history as absent ${HISTORY_TTL_DAYS} days after its last write`, async () => {
    await instance()(tx("t0", 0));
    const day = 86_400_000;
    assert.equal(
      (await newStore(() => T0 + (HISTORY_TTL_DAYS * day - 2000)).get("acct-1"))?.count,
      1,
    );
    assert.equal(await newStore(() => T0 + HISTORY_TTL_DAYS * day + 1000).get("acct-1"), undefined);
  });
}
