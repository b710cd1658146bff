import assert from "node:assert/strict";
import { CosmosContainer } from "../../../functions/lib/cosmos";
import { Book } from "../../../functions/portfolio/book";
import { CosmosPortfolioStore } from "../../../functions/portfolio/store-cosmos";
import { portfolioValueFunction } from "../../../functions/portfolio/value";
import { startCosmos, type CosmosEmulator } from "../lib/cosmos-emulator";
import { EVENT_TS, event, storeContract } from "./store-contract";

describe("functions/portfolio/store-cosmos (against the Cosmos DB emulation)", () => {
  let cosmos: CosmosEmulator;
  beforeEach(async () => {
    cosmos = await startCosmos("positions", "items", "token-1");
  });
  afterEach(() => cosmos.close());

  const newStore = () =>
    new CosmosPortfolioStore(
      new CosmosContainer({
        endpoint: `${cosmos.url}/`,
        database: "positions",
        container: "items",
        tokens: { get: () => Promise.resolve("token-1"), invalidate: () => undefined },
      }),
    );
  const instance = () => {
    const fn = portfolioValueFunction({ book: new Book(0.05), store: newStore });
    return (message: unknown) => fn.handle(fn.parse(message));
  };

  it("keeps a portfolio in one document, replaced only at the etag it was read at", async () => {
    await instance()([event("e1", "MSFT", 10, 400), event("e2", "MSFT", -4, 410)]);
    const { _etag: _, ...doc } = cosmos.docs.get("portfolio:pf-1")?.doc ?? {};
    assert.deepEqual(doc, {
      id: "portfolio:pf-1",
      positions: { MSFT: { quantity: 6, lastFill: 410, ts: EVENT_TS } },
      events: { e1: EVENT_TS, e2: EVENT_TS },
    });
    assert.deepEqual(
      cosmos.requests.map((r) => [r.method, r.url, r.headers["if-match"]]),
      [
        ["GET", "/dbs/positions/colls/items/docs/portfolio%3Apf-1", undefined],
        ["GET", "/dbs/positions/colls/items/docs/portfolio-options", undefined],
        ["POST", "/dbs/positions/colls/items/docs", undefined],
        ["PUT", "/dbs/positions/colls/items/docs/portfolio%3Apf-1", '"1"'],
      ],
    );
  });

  it("redoes a change that lost the race to another instance, from what that instance wrote", async () => {
    const a = instance();
    const b = instance();
    await a(event("e1", "MSFT", 10, 400));
    await b(event("e2", "MSFT", 5, 400));
    // a's last version is stale now: its write is refused (412), re-read and applied on top.
    assert.equal((await a(event("e3", "MSFT", 1, 400))).events, 1);
    const seen = await b({ kind: "revalue", portfolio: "pf-1" });
    assert.deepEqual(seen.valuations[0]?.positions, [
      { symbol: "MSFT", quantity: 16, value: 6400 },
    ]);
    assert.equal(cosmos.requests.filter((r) => r.method === "PUT").length, 3);
  });

  storeContract(newStore);
});
