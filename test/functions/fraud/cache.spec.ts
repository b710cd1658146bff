import assert from "node:assert/strict";
import {
  MemoryFeatureCache,
  TieredFeatureCache,
  type FeatureCache,
} from "../../../functions/fraud/cache";
import { updateHistory, type AccountHistory } from "../../../functions/fraud/features";
import { setSink } from "../../../functions/lib/log";
import { tx } from "./history-contract";

/** A cache over a map that records its calls and answers after `delayMs`. */
class Recording implements FeatureCache {
  readonly calls: string[] = [];
  readonly entries = new Map<string, AccountHistory>();
  constructor(private readonly delayMs = 0) {}
  async get(account: string): Promise<AccountHistory | undefined> {
    this.calls.push(`get ${account}`);
    await new Promise((r) => setTimeout(r, this.delayMs));
    return this.entries.get(account);
  }
  async set(account: string, history: AccountHistory): Promise<void> {
    this.calls.push(`set ${account}`);
    await new Promise((r) => setTimeout(r, this.delayMs));
    this.entries.set(account, history);
  }
}

const warnings = async (run: () => Promise<void>): Promise<string[]> => {
  const lines: string[] = [];
  const restore = setSink((line) => lines.push(line));
  try {
    await run();
  } finally {
    setSink(restore);
  }
  return lines.map((l) => (JSON.parse(l) as { reason: string }).reason);
};

describe("functions/fraud/cache (tiered, with the workload's database)", () => {
  const history = updateHistory(undefined, tx("t0", 0));

  it("answers from the shared cache without reading the database", async () => {
    const remote = new Recording();
    const database = new Recording();
    remote.entries.set("acct-1", history);
    const tiered = new TieredFeatureCache(remote, new MemoryFeatureCache(), 5, { store: database });
    assert.deepEqual(await tiered.get("acct-1"), history);
    assert.deepEqual(database.calls, []);
  });

  it("reads the database on a cache miss and writes its answer back to both caches", async () => {
    const remote = new Recording();
    const database = new Recording();
    const local = new MemoryFeatureCache();
    database.entries.set("acct-1", history);
    const tiered = new TieredFeatureCache(remote, local, 5, { store: database });
    assert.deepEqual(await tiered.get("acct-1"), history);
    await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(remote.calls, ["get acct-1", "set acct-1"]);
    assert.deepEqual(remote.entries.get("acct-1"), history);
    assert.deepEqual(await local.get("acct-1"), history);
  });

  it("keeps the 5 ms cache deadline and falls back to instance memory past the database's", async () => {
    const local = new MemoryFeatureCache();
    await local.set("acct-1", history);
    const tiered = new TieredFeatureCache(new Recording(50), local, 5, {
      store: new Recording(50),
      deadlineMs: 10,
      firstDeadlineMs: 10,
    });
    const started = performance.now();
    let found: AccountHistory | undefined;
    assert.deepEqual(
      await warnings(async () => {
        found = await tiered.get("acct-1");
      }),
      ["Error: no answer within 5 ms", "Error: no answer within 10 ms"],
    );
    assert.deepEqual(found, history);
    assert.ok(performance.now() - started < 45, "waited for neither slow tier in full");
  });

  it("waits for the database write before the decision, up to its deadline", async () => {
    const prompt = new Recording(5);
    await new TieredFeatureCache(undefined, undefined, 5, { store: prompt }).set("acct-1", history);
    assert.deepEqual(prompt.entries.get("acct-1"), history);

    const late = new Recording(40);
    assert.deepEqual(
      await warnings(() =>
        new TieredFeatureCache(undefined, undefined, 5, {
          store: late,
          deadlineMs: 10,
          firstDeadlineMs: 10,
        }).set("acct-1", history),
      ),
      ["Error: no answer within 10 ms"],
    );
    assert.equal(late.entries.size, 0);
    await new Promise((r) => setTimeout(r, 60));
    assert.deepEqual(late.entries.get("acct-1"), history, "the late write still completes");
  });

  it("gives the database its first deadline until it has answered once, then the warm one", async () => {
    const database = new Recording(30);
    const tiered = new TieredFeatureCache(undefined, undefined, 5, {
      store: database,
      deadlineMs: 10,
      firstDeadlineMs: 200,
    });
    assert.deepEqual(await warnings(() => tiered.set("acct-1", history)), []);
    assert.deepEqual(
      await warnings(async () => {
        await tiered.get("acct-2");
      }),
      ["Error: no answer within 10 ms"],
    );
  });

  it("scores from instance memory when the database fails", async () => {
    const failing: FeatureCache = {
      get: () => Promise.reject(new Error("ECONNREFUSED")),
      set: () => Promise.reject(new Error("ECONNREFUSED")),
    };
    const tiered = new TieredFeatureCache(undefined, new MemoryFeatureCache(), 5, {
      store: failing,
    });
    let found: AccountHistory | undefined;
    assert.deepEqual(
      await warnings(async () => {
        await tiered.set("acct-1", history);
        found = await tiered.get("acct-1");
      }),
      ["Error: ECONNREFUSED", "Error: ECONNREFUSED"],
    );
    assert.deepEqual(found, history);
  });
});
