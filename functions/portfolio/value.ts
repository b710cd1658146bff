/**
 * The `portfolio-value` function: applies price updates, position events and option
 * definitions to the instance's book, keeping each portfolio's mark current, and answers a
 * revaluation request with a full revaluation.
 */
import type { FunctionHandler } from "../lib/handler";
import { lazy } from "../lib/lazy";
import { Book, type Valuation } from "./book";
import { parsePortfolioMessages, type PortfolioMessage } from "./messages";
import type { PortfolioStore } from "./store";

/** What a message or batch came to. */
export interface PortfolioResult {
  readonly prices: number;
  readonly events: number;
  /** Position events ignored because their id was already applied. */
  readonly duplicates: number;
  readonly options: number;
  /** Full revaluations requested in the batch, in order. */
  readonly valuations: Valuation[];
}

/**
 * Applies validated messages to a book, in order. Option definitions are checked against the
 * book first, so a batch that would close a cycle of underlyings changes nothing.
 */
export function applyMessages(book: Book, messages: readonly PortfolioMessage[]): PortfolioResult {
  checkOptions(book, messages);
  let prices = 0;
  let events = 0;
  let duplicates = 0;
  let options = 0;
  const valuations: Valuation[] = [];
  for (const m of messages) {
    switch (m.kind) {
      case "price":
        book.applyPrice(m);
        prices += 1;
        break;
      case "position":
        if (book.applyEvent(m)) events += 1;
        else duplicates += 1;
        break;
      case "option":
        book.defineOption(m.symbol, m);
        options += 1;
        break;
      case "revalue": {
        const v = book.revalue(m.portfolio);
        valuations.push(v ?? { portfolio: m.portfolio, value: 0, asOf: 0, positions: [] });
        break;
      }
    }
  }
  return { prices, events, duplicates, options, valuations };
}

/** Throws at the first option definition of a batch that would close a cycle of underlyings. */
function checkOptions(book: Book, messages: readonly PortfolioMessage[]): void {
  let pending: Map<string, string> | undefined;
  messages.forEach((m, i) => {
    if (m.kind !== "option") return;
    pending ??= new Map();
    const at = messages.length === 1 ? "message" : `batch[${i}]`;
    book.checkUnderlying(m.symbol, m.underlying, `${at}.underlying`, pending);
    pending.set(m.symbol, m.underlying);
  });
}

/**
 * Applies validated messages through a store, in order: each position event and option
 * definition is written before it is acknowledged (the handler resolves only after every write),
 * and the book mirrors what the store holds. A portfolio is loaded from the store on first use;
 * a revaluation reloads it (and the option definitions), so it answers from stored positions
 * even when another instance changed them. Prices stay in memory: they are market data, not
 * state. A write that fails rejects the batch, which the platform delivers again; the events it
 * already applied are then recognised by id and not applied twice.
 */
export async function applyPersisted(
  book: Book,
  store: PortfolioStore,
  messages: readonly PortfolioMessage[],
  loaded: Set<string>,
): Promise<PortfolioResult> {
  let prices = 0;
  let events = 0;
  let duplicates = 0;
  let options = 0;
  const valuations: Valuation[] = [];
  // A batch that defines options is checked for cycles against every stored definition (another
  // instance may have defined the rest of the chain) before anything is written.
  if (messages.some((m) => m.kind === "option")) {
    for (const o of await store.options()) book.defineOption(o.symbol, o);
  }
  checkOptions(book, messages);
  const load = async (portfolio: string, fresh: boolean): Promise<void> => {
    if (!fresh && loaded.has(portfolio)) return;
    const [positions, defined] = await Promise.all([
      store.positions(portfolio),
      fresh || loaded.size === 0 ? store.options() : Promise.resolve([]),
    ]);
    for (const o of defined) book.defineOption(o.symbol, o);
    book.restore(portfolio, positions);
    loaded.add(portfolio);
  };
  for (const m of messages) {
    switch (m.kind) {
      case "price":
        book.applyPrice(m);
        prices += 1;
        break;
      case "position": {
        await load(m.portfolio, false);
        const stored = await store.applyEvent(m);
        if (stored.applied) {
          const x = stored.position;
          book.setPosition(m.portfolio, x.symbol, x.quantity, x.lastFill, x.ts);
          events += 1;
        } else {
          duplicates += 1;
        }
        break;
      }
      case "option":
        await store.defineOption(m);
        book.defineOption(m.symbol, m);
        options += 1;
        break;
      case "revalue": {
        await load(m.portfolio, true);
        const v = book.revalue(m.portfolio);
        valuations.push(v ?? { portfolio: m.portfolio, value: 0, asOf: 0, positions: [] });
        break;
      }
    }
  }
  return { prices, events, duplicates, options, valuations };
}

/** Options of {@link portfolioValueFunction}. */
export interface PortfolioValueOptions {
  /** The instance's book (the cache, when there is a store). @default a new book */
  readonly book?: Book;
  /**
   * The workload's database, built on first use; without one, state lives in the instance's
   * memory only. @default none
   */
  readonly store?: () => PortfolioStore;
}

/** The `portfolio-value` handler. */
export function portfolioValueFunction(
  options: Book | PortfolioValueOptions = {},
): FunctionHandler<PortfolioMessage[], PortfolioResult> & { readonly book: Book } {
  const { book = defaultBook(), store } = options instanceof Book ? { book: options } : options;
  const persisted = store ? lazy(store) : undefined;
  const loaded = new Set<string>();
  return {
    name: "portfolio-value",
    payload: "message",
    maxBytes: 256 * 1024,
    book,
    parse: parsePortfolioMessages,
    // The executor turns a refused batch into a rejection instead of a synchronous throw.
    handle: (messages) =>
      persisted
        ? applyPersisted(book, persisted(), messages, loaded)
        : new Promise((resolve) => resolve(applyMessages(book, messages))),
  };
}

function defaultBook(): Book {
  return new Book(Number(process.env.TACHYON_RISK_FREE_RATE ?? "0.04") || 0.04);
}
