/**
 * The cost of a persisted portfolio update: one position event through the `portfolio-value`
 * handler with its DynamoDB store, against dynalite (a DynamoDB implementation) in this process
 * over loopback HTTP. What is measured is the handler's own work plus one signed UpdateItem
 * round trip on a warm keep-alive connection; a real table adds the network to its region's
 * endpoint (single-digit milliseconds inside a region).
 */
import { Book } from "../functions/portfolio/book";
import { DynamoDBTable } from "../functions/lib/dynamodb";
import { DynamoDBPortfolioStore } from "../functions/portfolio/store-dynamodb";
import { portfolioValueFunction } from "../functions/portfolio/value";
import { startDynalite } from "../test/functions/lib/dynalite";
import { median, msSince, now, percentile } from "./stats";

/** What {@link benchPersistedUpdate} measures, in microseconds. */
export interface PersistedUpdateResult {
  readonly p50: number;
  readonly p99: number;
  readonly samples: number;
}

/** Times `samples` position events, each a new event id on one of 50 symbols of a loaded portfolio. */
export async function benchPersistedUpdate(samples: number): Promise<PersistedUpdateResult> {
  const dynamo = await startDynalite();
  try {
    const table = "tachyon-bench-positions-state";
    await dynamo.createTable(table, "sk");
    const store = new DynamoDBPortfolioStore(new DynamoDBTable(dynamo.client(), table));
    const fn = portfolioValueFunction({ book: new Book(0.04), store: () => store });
    const ts = Date.UTC(2026, 10, 3);
    const event = (i: number) =>
      fn.parse({
        kind: "position",
        portfolio: "pf-bench",
        eventId: `e-${i}`,
        symbol: `S${i % 50}`,
        quantityDelta: 1 + (i % 7),
        price: 100 + (i % 13),
        ts,
      });
    // Unmeasured: the portfolio's first load, connection setup and compilation.
    for (let i = 0; i < 50; i++) await fn.handle(event(samples + i));
    const times: number[] = [];
    for (let i = 0; i < samples; i++) {
      const input = event(i);
      const start = now();
      await fn.handle(input);
      times.push(msSince(start) * 1000);
    }
    return { p50: median(times), p99: percentile(times, 99), samples };
  } finally {
    await dynamo.close();
  }
}
