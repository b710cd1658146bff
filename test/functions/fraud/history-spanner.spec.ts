import assert from "node:assert/strict";
import { updateHistory } from "../../../functions/fraud/features";
import { SpannerHistoryStore, spannerHistoryDdl } from "../../../functions/fraud/history-spanner";
import { SpannerDatabase } from "../../../functions/lib/spanner";
import { startSpannerTables, type SpannerTables } from "../lib/spanner-tables";
import { historyContract, T0, tx } from "./history-contract";

const DATABASE = "projects/tachyon-prod/instances/tachyon-prod-cards/databases/cards";

describe("functions/fraud/history-spanner (against the Spanner emulation)", () => {
  let spanner: SpannerTables;
  beforeEach(async () => {
    spanner = await startSpannerTables(DATABASE, "ya29.token", { AccountHistories: ["Account"] });
  });
  afterEach(() => spanner.close());

  const newStore = (now: () => number) =>
    new SpannerHistoryStore(
      new SpannerDatabase({
        database: DATABASE,
        endpoint: spanner.url,
        tokens: { get: () => Promise.resolve("ya29.token"), invalidate: () => undefined },
      }),
      now,
    );

  it("writes one row per account with the history as JSON and the write's time", async () => {
    const history = updateHistory(undefined, tx("t0", 0));
    await newStore(() => T0 + 1).set("acct-1", history);
    assert.deepEqual(
      [...(spanner.tables.get("AccountHistories")?.values() ?? [])],
      [
        {
          Account: "acct-1",
          History: JSON.stringify(history),
          UpdatedAt: "2026-11-02T14:00:00.001Z",
        },
      ],
    );
  });

  it("declares the table with a 90-day row deletion policy on UpdatedAt", () => {
    assert.deepEqual(spannerHistoryDdl(), [
      "CREATE TABLE AccountHistories (Account STRING(64) NOT NULL, History STRING(MAX) NOT NULL, " +
        "UpdatedAt TIMESTAMP NOT NULL) PRIMARY KEY (Account), " +
        "ROW DELETION POLICY (OLDER_THAN(UpdatedAt, INTERVAL 90 DAY))",
    ]);
  });

  historyContract(newStore);
});
