import assert from "node:assert/strict";
import { updateHistory } from "../../../functions/fraud/features";
import { CosmosHistoryStore } from "../../../functions/fraud/history-cosmos";
import { CosmosContainer } from "../../../functions/lib/cosmos";
import { startCosmos, type CosmosEmulator } from "../lib/cosmos-emulator";
import { historyContract, T0, tx } from "./history-contract";

describe("functions/fraud/history-cosmos (against the Cosmos DB emulation)", () => {
  let cosmos: CosmosEmulator;
  beforeEach(async () => {
    cosmos = await startCosmos("customers", "items", "token-1");
  });
  afterEach(() => cosmos.close());

  const newStore = (now: () => number) =>
    new CosmosHistoryStore(
      new CosmosContainer({
        endpoint: `${cosmos.url}/`,
        database: "customers",
        container: "items",
        tokens: { get: () => Promise.resolve("token-1"), invalidate: () => undefined },
      }),
      now,
    );

  it("upserts one document per account with its own ttl of 90 days", async () => {
    const history = updateHistory(undefined, tx("t0", 0));
    await newStore(() => T0 + 1).set("acct-1", history);
    const { _etag: _, ...doc } = cosmos.docs.get("fraud-history:acct-1")?.doc ?? {};
    assert.deepEqual(doc, {
      id: "fraud-history:acct-1",
      history,
      expiresAt: T0 / 1000 + 1 + 90 * 86_400,
      ttl: 7_776_000,
    });
    assert.deepEqual(
      cosmos.requests.map((r) => [r.method, r.headers["x-ms-documentdb-is-upsert"]]),
      [["POST", "True"]],
    );
  });

  historyContract(newStore);
});
