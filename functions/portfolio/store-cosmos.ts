/**
 * The Cosmos DB portfolio store, in the workload database's main container (partitioned on
 * `/id`): one document per portfolio, `{ id: "portfolio:<id>", positions: { <symbol>:
 * { quantity, lastFill, ts } }, events: { <eventId>: <ts> } }`, and one document of option
 * definitions, `{ id: "portfolio-options", options: { <symbol>: <terms> } }`.
 *
 * An event is a read-modify-write of its portfolio's document, replaced only if it is still at
 * the etag that was read (`If-Match`), so the event-id check and the position change commit
 * together and a redelivered event finds its id and changes nothing. A write that lost the
 * race (412) reads the document again and redoes the change. The last version read is kept, so
 * a warm instance writes with one request. Within one write region this is exact; an account
 * that takes writes in several regions resolves a conflict last-writer-wins, so a portfolio's
 * events must be written in one region at a time. A document holds at most 2 MB: about 40,000
 * event ids of 40 characters per portfolio.
 */
import type { CosmosContainer, Versioned } from "../lib/cosmos";
import type { OptionTerms, PositionEvent } from "./book";
import type { OptionDefinition } from "./messages";
import type { PortfolioStore, StoredEvent, StoredPosition } from "./store";

/** A portfolio document. */
export interface PortfolioDocument {
  readonly id: string;
  readonly positions: Record<string, { quantity: number; lastFill: number; ts: number }>;
  /** Applied event ids and the event time of each. */
  readonly events: Record<string, number>;
}

/** The option definitions document. */
export interface OptionsDocument {
  readonly id: string;
  readonly options: Record<string, OptionTerms>;
}

/** Id of the option definitions document. */
export const OPTIONS_DOCUMENT = "portfolio-options";

/** Attempts at a read-modify-write before giving up (each lost race costs one read). */
const MAX_ATTEMPTS = 8;

/** A portfolio store in a Cosmos DB container. */
export class CosmosPortfolioStore implements PortfolioStore {
  /** The last version of each portfolio document read or written; null: there was none. */
  private readonly known = new Map<string, Versioned<PortfolioDocument> | null>();

  /** @param container The workload database's main container. */
  constructor(private readonly container: CosmosContainer) {}

  /** {@inheritDoc PortfolioStore.positions} */
  async positions(portfolio: string): Promise<StoredPosition[]> {
    const id = `portfolio:${portfolio}`;
    const found = await this.container.read<PortfolioDocument>(id);
    this.known.set(id, found ?? null);
    if (found === undefined) return [];
    return Object.entries(found.doc.positions)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([symbol, p]) => ({ symbol, quantity: p.quantity, lastFill: p.lastFill, ts: p.ts }));
  }

  /** {@inheritDoc PortfolioStore.options} */
  async options(): Promise<OptionDefinition[]> {
    const found = await this.container.read<OptionsDocument>(OPTIONS_DOCUMENT);
    return Object.entries(found?.doc.options ?? {}).map(([symbol, terms]) => ({
      kind: "option",
      symbol,
      underlying: terms.underlying,
      right: terms.right,
      strike: terms.strike,
      expiry: terms.expiry,
      volatility: terms.volatility,
      multiplier: terms.multiplier,
    }));
  }

  /** {@inheritDoc PortfolioStore.defineOption} */
  async defineOption(o: OptionDefinition): Promise<void> {
    const terms: OptionTerms = {
      underlying: o.underlying,
      right: o.right,
      strike: o.strike,
      expiry: o.expiry,
      volatility: o.volatility,
      multiplier: o.multiplier,
    };
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      const current = await this.container.read<OptionsDocument>(OPTIONS_DOCUMENT);
      const doc: OptionsDocument = {
        id: OPTIONS_DOCUMENT,
        options: { ...current?.doc.options, [o.symbol]: terms },
      };
      const written = current
        ? await this.container.replace(doc, current.etag)
        : await this.container.create(doc);
      if (written) return;
    }
    throw contention(OPTIONS_DOCUMENT);
  }

  /** {@inheritDoc PortfolioStore.applyEvent} */
  async applyEvent(e: PositionEvent): Promise<StoredEvent> {
    const id = `portfolio:${e.portfolio}`;
    const known = this.known.get(id);
    let current =
      known === undefined ? await this.container.read<PortfolioDocument>(id) : (known ?? undefined);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (current !== undefined && e.eventId in current.doc.events) {
        this.known.set(id, current);
        return { applied: false };
      }
      const held = current?.doc.positions[e.symbol];
      const position = {
        quantity: (held?.quantity ?? 0) + e.quantityDelta,
        lastFill: e.price,
        ts: e.ts,
      };
      const doc: PortfolioDocument = {
        id,
        positions: { ...current?.doc.positions, [e.symbol]: position },
        events: { ...current?.doc.events, [e.eventId]: e.ts },
      };
      const written = current
        ? await this.container.replace(doc, current.etag)
        : await this.container.create(doc);
      if (written) {
        this.known.set(id, written);
        return { applied: true, position: { symbol: e.symbol, ...position } };
      }
      // Another instance wrote first: start again from what it wrote.
      current = await this.container.read<PortfolioDocument>(id);
    }
    throw contention(id);
  }
}

function contention(id: string): Error {
  return new Error(
    `Cosmos DB document "${id}": changed by other writers on every one of ${MAX_ATTEMPTS} attempts, got 412 each time. Send one portfolio's events through one partition of the stream.`,
  );
}
