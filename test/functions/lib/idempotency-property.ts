/**
 * The exactly-once property every shared idempotency store must hold, for the stores' specs:
 * however claims from several instances interleave, each id is claimed once (the others see it
 * pending), every later caller is told the digest the key was claimed for, whatever digest it
 * brings itself, and once completed a claim from any instance replays the result with it.
 */
import assert from "node:assert/strict";
import * as fc from "fast-check";
import type { IdempotencyStore } from "../../../functions/lib/idempotency";

/**
 * Checks the property on three stores from `create` over one backing service, which `reset`
 * empties before each run.
 */
export async function assertExactlyOnceAcrossInstances(
  reset: () => void | Promise<void>,
  create: () => IdempotencyStore,
): Promise<void> {
  await fc.assert(
    fc.asyncProperty(
      fc.array(
        fc.tuple(
          fc.integer({ min: 0, max: 2 }),
          fc.constantFrom("a", "b", "c"),
          fc.constantFrom("buy 100", "sell 100", "buy 5"),
        ),
        { minLength: 1, maxLength: 12 },
      ),
      async (calls) => {
        await reset();
        const stores = [0, 1, 2].map(() => create());
        const claims = await Promise.all(
          calls.map(([i, id, digest]) => stores[i].claim(id, digest, 60)),
        );
        for (const id of new Set(calls.map(([, k]) => k))) {
          const mine = claims.filter((_, n) => calls[n][1] === id);
          const winner = claims.findIndex((c, n) => calls[n][1] === id && c.status === "claimed");
          assert.equal(mine.filter((c) => c.status === "claimed").length, 1);
          const digest = calls[winner][2];
          assert.deepEqual(
            mine.filter((c) => c.status !== "claimed"),
            mine.slice(1).map(() => ({ status: "pending", digest })),
          );
          await stores[0].complete(id, digest, `result-${id}`, 60);
          assert.deepEqual(await stores[2].claim(id, "other order", 60), {
            status: "done",
            result: `result-${id}`,
            digest,
          });
        }
      },
    ),
    { numRuns: 30 },
  );
}
