/**
 * The Spanner portfolio store, in the workload database's tables ({@link spannerPortfolioDdl}):
 * `Positions` keyed by (Portfolio, Symbol), `PortfolioEvents` keyed by (Portfolio, EventId) —
 * every applied event with its effect, the portfolio's audit trail — and `OptionDefinitions`
 * keyed by Symbol.
 *
 * An event is one read-write transaction: read the event's row and the position (Spanner locks
 * both), roll back if the event is there, else commit the event row and the new position
 * together. Two instances applying one event serialise on the event row's lock; the loser is
 * aborted, runs again and finds the event. A multi-region instance commits synchronously in its
 * regions, so an event is applied once across regions too.
 */
import { SpannerAbortedError, type SpannerDatabase } from "../lib/spanner";
import type { PositionEvent } from "./book";
import type { OptionDefinition } from "./messages";
import type { PortfolioStore, StoredEvent, StoredPosition } from "./store";

/** GoogleSQL DDL of the portfolio tables (the `ddls` of the workload's Spanner database). */
export function spannerPortfolioDdl(): string[] {
  return [
    "CREATE TABLE Positions (Portfolio STRING(64) NOT NULL, Symbol STRING(21) NOT NULL, " +
      "Quantity FLOAT64 NOT NULL, LastFill FLOAT64 NOT NULL, Ts INT64 NOT NULL) " +
      "PRIMARY KEY (Portfolio, Symbol)",
    "CREATE TABLE PortfolioEvents (Portfolio STRING(64) NOT NULL, EventId STRING(64) NOT NULL, " +
      "Symbol STRING(21) NOT NULL, QuantityDelta FLOAT64 NOT NULL, Price FLOAT64 NOT NULL, " +
      "Ts INT64 NOT NULL) PRIMARY KEY (Portfolio, EventId)",
    "CREATE TABLE OptionDefinitions (Symbol STRING(21) NOT NULL, Underlying STRING(21) NOT NULL, " +
      "OptionRight STRING(4) NOT NULL, Strike FLOAT64 NOT NULL, Expiry INT64 NOT NULL, " +
      "Volatility FLOAT64 NOT NULL, Multiplier INT64 NOT NULL) PRIMARY KEY (Symbol)",
  ];
}

const POSITION_COLUMNS = ["Portfolio", "Symbol", "Quantity", "LastFill", "Ts"];
const OPTION_COLUMNS = [
  "Symbol",
  "Underlying",
  "OptionRight",
  "Strike",
  "Expiry",
  "Volatility",
  "Multiplier",
];

/** Runs of a transaction Spanner aborted before giving up. */
const MAX_ATTEMPTS = 8;

/** A portfolio store in a Spanner database. */
export class SpannerPortfolioStore implements PortfolioStore {
  /** @param db The workload's database. */
  constructor(private readonly db: SpannerDatabase) {}

  /** {@inheritDoc PortfolioStore.positions} */
  async positions(portfolio: string): Promise<StoredPosition[]> {
    const rows = await this.db.read("Positions", POSITION_COLUMNS, {
      ranges: [{ startClosed: [portfolio], endClosed: [portfolio] }],
    });
    return rows.map((r) => ({
      symbol: String(r[1]),
      quantity: Number(r[2]),
      lastFill: Number(r[3]),
      ts: Number(r[4]),
    }));
  }

  /** {@inheritDoc PortfolioStore.options} */
  async options(): Promise<OptionDefinition[]> {
    const rows = await this.db.read("OptionDefinitions", OPTION_COLUMNS, { all: true });
    return rows.map((r) => ({
      kind: "option",
      symbol: String(r[0]),
      underlying: String(r[1]),
      right: r[2] === "put" ? "put" : "call",
      strike: Number(r[3]),
      expiry: Number(r[4]),
      volatility: Number(r[5]),
      multiplier: Number(r[6]),
    }));
  }

  /** {@inheritDoc PortfolioStore.defineOption} */
  async defineOption(o: OptionDefinition): Promise<void> {
    await this.db.write([
      {
        insertOrUpdate: {
          table: "OptionDefinitions",
          columns: OPTION_COLUMNS,
          // INT64 travels as a decimal string in Spanner's JSON.
          values: [
            [
              o.symbol,
              o.underlying,
              o.right,
              o.strike,
              String(o.expiry),
              o.volatility,
              String(o.multiplier),
            ],
          ],
        },
      },
    ]);
  }

  /** {@inheritDoc PortfolioStore.applyEvent} */
  async applyEvent(e: PositionEvent): Promise<StoredEvent> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transact(async (tx) => {
          const [seen, held] = await Promise.all([
            tx.read("PortfolioEvents", ["EventId"], { keys: [[e.portfolio, e.eventId]] }),
            tx.read("Positions", ["Quantity"], { keys: [[e.portfolio, e.symbol]] }),
          ]);
          if (seen.length > 0) return { result: { applied: false } as StoredEvent };
          const position = {
            symbol: e.symbol,
            quantity: Number(held[0]?.[0] ?? 0) + e.quantityDelta,
            lastFill: e.price,
            ts: e.ts,
          };
          const ts = String(e.ts);
          return {
            mutations: [
              {
                insert: {
                  table: "PortfolioEvents",
                  columns: ["Portfolio", "EventId", "Symbol", "QuantityDelta", "Price", "Ts"],
                  values: [[e.portfolio, e.eventId, e.symbol, e.quantityDelta, e.price, ts]],
                },
              },
              {
                insertOrUpdate: {
                  table: "Positions",
                  columns: POSITION_COLUMNS,
                  values: [[e.portfolio, e.symbol, position.quantity, e.price, ts]],
                },
              },
            ],
            result: { applied: true, position } as StoredEvent,
          };
        });
      } catch (error) {
        if (!(error instanceof SpannerAbortedError) || attempt >= MAX_ATTEMPTS) throw error;
      }
    }
  }
}
