/**
 * The exactly-once property every shared idempotency store must hold, for the stores' specs:
 * however claims from several instances interleave, each id is claimed once (the others see it
 * pending), and once completed a claim from any instance replays the result.
 */
import assert from "node:assert/strict";
import * as fc from "fast-check";
import type { IdempotencyStore } from "../../../functions/lib/idempotency";

/**
 * Checks the property on three stores from `create` over one backing service, which `reset`
 * empties before each run.
 */
export async function assertExactlyOnceAcrossInstances(
  reset: () => void,
  create: () => IdempotencyStore,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.constantFrom("a", "b", "c")), {
        minLength: 1,
        maxLength: 12,
      }),
      async (calls) => {
        reset();
        const stores = [0, 1, 2].map(() => create());
        const claims = await Promise.all(calls.map(([i, id]) => stores[i].claim(id, 60)));
        for (const id of new Set(calls.map(([, k]) => k))) {
          const mine = claims.filter((_, n) => calls[n][1] === id);
          assert.equal(mine.filter((c) => c.status === "claimed").length, 1);
          assert.equal(mine.filter((c) => c.status === "pending").length, mine.length - 1);
          await stores[0].complete(id, `result-${id}`, 60);
          assert.deepEqual(await stores[2].claim(id, 60), {
            status: "done",
            result: `result-${id}`,
          });
        }
      },
    ),
    { numRuns: 30 },
  );
}
