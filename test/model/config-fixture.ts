/**
 * The bad-config table's shared pieces: a valid topology in the shape of DESIGN.md §2 (every
 * case breaks one thing) and the runner that asserts each case's exact problems.
 */
import * as assert from "node:assert/strict";
import { parseTopology } from "../../model/config";
import type { Problem } from "../../model/problems";

/** Config path of the topology. */
export const T = "tachyon:topology";

/** One bad config: how it departs from {@link base} and every problem it must produce. */
export interface BadCase {
  readonly name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each case edits an untyped copy
  readonly change: (t: any) => unknown;
  readonly problems: Problem[];
}

type Json = Record<string, unknown>;

/** A valid topology in the shape of DESIGN.md §2. */
export function base(): Json {
  return {
    environment: "prod",
    sites: [
      { id: "aws:us-east-1", cidr: "10.10.0.0/16", venues: ["NYSE"] },
      { id: "aws:eu-west-2", cidr: "10.11.0.0/16", venues: ["LSE"] },
      { id: "azure:westeurope", cidr: "10.30.0.0/16" },
    ],
    workloads: {
      trading: {
        sites: ["aws:us-east-1"],
        warmInstances: 10,
        latencyBudgetMs: 15,
        dataClass: "confidential",
        database: "orders",
      },
      fraud: { sites: ["azure:westeurope"], dataClass: "pii" },
    },
    databases: { orders: { sites: ["aws:us-east-1", "aws:eu-west-2"], dataClass: "pii" } },
    residency: { pii: ["US", "GB", "EU"] },
    dns: { domain: "trade.example.com" },
    directConnect: { connectionId: "dxcon-ffabc123", amazonSideAsn: 64512 },
  };
}

/** One `it` per case, asserting the exact problems, in order; and that no two cases coincide. */
export function rejectsEach(cases: readonly BadCase[]): void {
  it(`holds ${cases.length} distinct cases`, () => {
    assert.equal(new Set(cases.map((c) => JSON.stringify(c.problems))).size, cases.length);
    assert.equal(new Set(cases.map((c) => c.name)).size, cases.length);
  });
  for (const c of cases) {
    it(`rejects ${c.name}`, () => {
      const t = base();
      c.change(t);
      assert.deepEqual(parseTopology(t), { problems: c.problems });
    });
  }
}
