/**
 * The `portfolio-value` function: applies price updates, position events and option
 * definitions to the instance's book, keeping each portfolio's mark current, and answers a
 * revaluation request with a full revaluation.
 */
import type { FunctionHandler } from "../lib/handler";
import { Book, type Valuation } from "./book";
import { parsePortfolioMessages, type PortfolioMessage } from "./messages";

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

/** The `portfolio-value` handler. */
export function portfolioValueFunction(
  book: Book = new Book(Number(process.env.TACHYON_RISK_FREE_RATE ?? "0.04") || 0.04),
): FunctionHandler<PortfolioMessage[], PortfolioResult> & { readonly book: Book } {
  return {
    name: "portfolio-value",
    payload: "message",
    maxBytes: 256 * 1024,
    book,
    parse: parsePortfolioMessages,
    // The executor turns a refused batch into a rejection instead of a synchronous throw.
    handle: (messages) => new Promise((resolve) => resolve(applyMessages(book, messages))),
  };
}
