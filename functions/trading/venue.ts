/**
 * Venue adapters: how an order reaches an exchange (FIX or a native binary gateway in
 * production) and what comes back. {@link SimulatedVenue} is the deterministic exchange of the
 * tests and benchmarks.
 */
import type { Order } from "./order";

/** An execution report from a venue. */
export interface VenueExecution {
  /** "filled" and "partial" fills, "accepted" resting orders, "rejected" by the venue. */
  readonly status: "filled" | "partial" | "accepted" | "rejected";
  readonly venueOrderId: string;
  readonly filledQuantity: number;
  /** Average fill price; null when nothing filled. */
  readonly avgPrice: number | null;
  /** The venue's reason for a rejection. */
  readonly reason: string | null;
}

/** A trading venue. */
export interface VenueAdapter {
  /** Venue code, e.g. NASDAQ. */
  readonly code: string;
  /** Sends an order; throws on a transport failure (the caller may retry with the same id). */
  submit(order: Order): Promise<VenueExecution>;
}

/** A quote the simulated venue trades against. */
export interface SimulatedQuote {
  readonly bid: number;
  readonly ask: number;
  /** Shares available at each side's price. */
  readonly size: number;
}

/**
 * A deterministic exchange: market orders fill at the touch up to the quoted size (the rest is
 * a partial fill), marketable limit orders likewise, other limit orders rest. Counts every
 * submission per order id, so that tests can prove an order reached it once.
 */
export class SimulatedVenue implements VenueAdapter {
  /** Submissions per order id. */
  readonly submissions = new Map<string, number>();
  private readonly quotes = new Map<string, SimulatedQuote>();
  private next = 1;
  /** When set, the next submission throws this (transport failure injection). */
  failNext: Error | undefined;

  /** @param code Venue code stamped on executions. */
  constructor(readonly code = "SIM") {}

  /** Sets the quote of a symbol. */
  quote(symbol: string, quote: SimulatedQuote): this {
    this.quotes.set(symbol, quote);
    return this;
  }

  /** The mid price of a symbol, if quoted. */
  mid(symbol: string): number | undefined {
    const q = this.quotes.get(symbol);
    return q ? (q.bid + q.ask) / 2 : undefined;
  }

  /** {@inheritDoc VenueAdapter.submit} */
  submit(order: Order): Promise<VenueExecution> {
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = undefined;
      return Promise.reject(error);
    }
    this.submissions.set(order.orderId, (this.submissions.get(order.orderId) ?? 0) + 1);
    const venueOrderId = `${this.code}-${this.next++}`;
    const q = this.quotes.get(order.symbol);
    if (!q) {
      return Promise.resolve({
        status: "rejected",
        venueOrderId,
        filledQuantity: 0,
        avgPrice: null,
        reason: `unknown symbol ${order.symbol}`,
      });
    }
    const touch = order.side === "buy" ? q.ask : q.bid;
    const marketable =
      order.limitPrice === null ||
      (order.side === "buy" ? order.limitPrice >= touch : order.limitPrice <= touch);
    if (!marketable) {
      return Promise.resolve({
        status: "accepted",
        venueOrderId,
        filledQuantity: 0,
        avgPrice: null,
        reason: null,
      });
    }
    const filled = Math.min(order.quantity, q.size);
    return Promise.resolve({
      status: filled === order.quantity ? "filled" : "partial",
      venueOrderId,
      filledQuantity: filled,
      avgPrice: touch,
      reason: null,
    });
  }
}
