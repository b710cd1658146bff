import assert from "node:assert/strict";
import { SpannerDatabase } from "../../../functions/lib/spanner";
import { Book } from "../../../functions/portfolio/book";
import { SpannerPortfolioStore } from "../../../functions/portfolio/store-spanner";
import { portfolioValueFunction } from "../../../functions/portfolio/value";
import { startSpannerTables, type SpannerTables } from "../lib/spanner-tables";
import { EVENT_TS, event, storeContract } from "./store-contract";

const DATABASE = "projects/tachyon-prod/instances/tachyon-prod-positions/databases/positions";

describe("functions/portfolio/store-spanner (against the Spanner emulation)", () => {
  let spanner: SpannerTables;
  beforeEach(async () => {
    spanner = await startSpannerTables(DATABASE, "ya29.token", {
      Positions: ["Portfolio", "Symbol"],
      PortfolioEvents: ["Portfolio", "EventId"],
      OptionDefinitions: ["Symbol"],
    });
  });
  afterEach(() => spanner.close());

  const newStore = () =>
    new SpannerPortfolioStore(
      new SpannerDatabase({
        database: DATABASE,
        endpoint: spanner.url,
        tokens: { get: () => Promise.resolve("ya29.token"), invalidate: () => undefined },
      }),
    );

  it("commits the event row and the new position in one read-write transaction", async () => {
    const fn = portfolioValueFunction({ book: new Book(0.05), store: newStore });
    await fn.handle(fn.parse([event("e1", "MSFT", 10, 400), event("e2", "MSFT", -4, 410)]));
    assert.deepEqual(
      [...(spanner.tables.get("Positions")?.values() ?? [])],
      [{ Portfolio: "pf-1", Symbol: "MSFT", Quantity: 6, LastFill: 410, Ts: String(EVENT_TS) }],
    );
    assert.deepEqual(
      [...(spanner.tables.get("PortfolioEvents")?.values() ?? [])].map((r) => [
        r.EventId,
        r.QuantityDelta,
      ]),
      [
        ["e1", 10],
        ["e2", -4],
      ],
    );
    const methods = spanner.requests.map((r) => r.url.replace(/^.*:/, ""));
    assert.deepEqual(methods.slice(-4), ["beginTransaction", "read", "read", "commit"]);
  });

  it("runs an event again when a concurrent transaction changed what it read", async () => {
    const store = newStore();
    const e1 = event("e1", "MSFT", 10, 400) as Parameters<typeof store.applyEvent>[0];
    const e2 = { ...e1, eventId: "e2", quantityDelta: 5 };
    const [a, b] = await Promise.all([store.applyEvent(e1), store.applyEvent(e2)]);
    assert.deepEqual([a.applied, b.applied], [true, true]);
    assert.equal(spanner.tables.get("Positions")?.get('["pf-1","MSFT"]')?.Quantity, 15);
    // One of the two was aborted at its first commit and committed at its second.
    assert.equal(spanner.requests.filter((r) => r.url.endsWith(":commit")).length, 3);
  });

  storeContract(newStore);
});
