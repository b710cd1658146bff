/**
 * Where a portfolio's state lives when the workload has a database: positions, option
 * definitions and the ids of the events already applied. The database is the system of
 * record; an instance's {@link Book} is a cache of it, loaded per portfolio on first use.
 * Implementations: ./store-dynamodb.ts.
 */
import type { PositionEvent } from "./book";
import type { OptionDefinition } from "./messages";

/** A position as stored. */
export interface StoredPosition {
  readonly symbol: string;
  readonly quantity: number;
  /** Price of the latest fill, the mark until a market price arrives. */
  readonly lastFill: number;
  /** Epoch milliseconds of the latest event applied to the position. */
  readonly ts: number;
}

/** What applying one event came to. */
export type StoredEvent =
  /** The event changed the position; `position` is what the store now holds. */
  | { readonly applied: true; readonly position: StoredPosition }
  /** The event id was applied before (by this or another instance): nothing changed. */
  | { readonly applied: false };

/** A portfolio state store. */
export interface PortfolioStore {
  /** Every stored position of `portfolio` (none for a portfolio never seen). */
  positions(portfolio: string): Promise<StoredPosition[]>;
  /** Every stored option definition. */
  options(): Promise<OptionDefinition[]>;
  /** Stores (or replaces) an option definition. */
  defineOption(option: OptionDefinition): Promise<void>;
  /**
   * Applies a position event unless its id was applied before: the id check and the position
   * change are one conditional write, so a redelivered event applies once across instances.
   */
  applyEvent(event: PositionEvent): Promise<StoredEvent>;
}
