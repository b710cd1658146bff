/**
 * Signal generation: an order-book imbalance rule confirmed by the trend of mid.
 *
 * Rule, evaluated on every quote once the symbol's EMA of mid has `warmup` updates:
 * - BUY when `imbalance ≥ threshold` and `mid > EMA(mid)`: buyers outnumber sellers at the
 *   touch and the price is already above its recent average;
 * - SELL when `imbalance ≤ -threshold` and `mid < EMA(mid)`;
 * - otherwise FLAT.
 *
 * A signal is emitted only when the state changes to BUY or SELL, so a condition that persists
 * over many quotes yields one order, and it re-arms once the state has left that side. The
 * order is a limit order at the touch being taken (the ask to buy, the bid to sell), its id
 * derived from venue, symbol and the quote's sequence number, so a redelivered tick produces the
 * same id and the order function's idempotency executes it once.
 */
import { log } from "../lib/log";
import { OrderBooks, applyTick, type TopOfBook } from "./book";
import { SymbolIndicators, alphaOf, type IndicatorSettings } from "./indicators";
import type { Tick } from "./tick";
import { parseOrder, type Order } from "./order";

/** Settings of the signal rule. */
export interface SignalRule extends IndicatorSettings {
  /** Smallest |imbalance| that signals, in (0, 1]. @default 0.3 */
  readonly threshold?: number;
  /** EMA updates before a symbol may signal. @default 20 */
  readonly warmup?: number;
  /** Shares per signalled order. @default 100 */
  readonly quantity?: number;
  /** Account the orders are booked to. @default "signals" */
  readonly account?: string;
  /** Venue the orders are routed to; null for the order function's default venue. @default null */
  readonly venue?: string | null;
}

/** A signal: the order candidate, and why. */
export interface Signal {
  /** What the order function receives (msgpack, the codec's shared "order" structure). */
  readonly order: Order;
  /** The rule's numbers in one sentence, for logs and audit. */
  readonly reason: string;
  readonly imbalance: number;
  readonly mid: number;
  readonly ema: number;
}

type Side = "buy" | "sell" | "flat";

interface SymbolState {
  readonly book: TopOfBook;
  readonly indicators: SymbolIndicators;
  side: Side;
}

/** Books, indicators and signal state of one instance; fed tick by tick. */
export class SignalEngine {
  /** The top of book per venue and symbol. */
  readonly books = new OrderBooks();
  /** Per venue, per symbol: one look-up per tick finds the book with its indicators. */
  private readonly states = new Map<string, Map<string, SymbolState>>();
  private lastVenue: string | undefined;
  private lastStates: Map<string, SymbolState> | undefined;
  private readonly threshold: number;
  private readonly warmup: number;
  private readonly quantity: number;
  private readonly account: string;
  private readonly venue: string | null;

  /** @param rule Settings; defaults as documented on {@link SignalRule}. */
  constructor(private readonly rule: SignalRule = {}) {
    // Validate half-lives now rather than on a symbol's first tick.
    alphaOf(rule.emaHalfLife ?? 20);
    alphaOf(rule.volHalfLife ?? 50);
    this.threshold = rule.threshold ?? 0.3;
    this.warmup = rule.warmup ?? 20;
    this.quantity = rule.quantity ?? 100;
    this.account = rule.account ?? "signals";
    this.venue = rule.venue ?? null;
  }

  /** Applies one normalised tick; returns a signal when the rule's state turns BUY or SELL. */
  onTick(tick: Tick): Signal | undefined {
    const states = this.statesOf(tick.venue);
    let state = states.get(tick.symbol);
    if (state === undefined) {
      const book = this.books.bookFor(tick.venue, tick.symbol);
      state = { book, indicators: new SymbolIndicators(this.rule), side: "flat" };
      states.set(tick.symbol, state);
    }
    const book = state.book;
    applyTick(book, tick);
    state.indicators.update(book);
    if (book.traded || Number.isNaN(book.mid)) return undefined;
    const ema = state.indicators.ema;
    let side: Side = "flat";
    if (ema.count >= this.warmup) {
      if (book.imbalance >= this.threshold && book.mid > ema.value) side = "buy";
      else if (book.imbalance <= -this.threshold && book.mid < ema.value) side = "sell";
    }
    const previous = state.side;
    state.side = side;
    if (side === "flat" || side === previous) return undefined;
    return this.signal(book, side, ema.value);
  }

  /** The indicators of a symbol, or undefined before its first tick. */
  indicators(venue: string, symbol: string): SymbolIndicators | undefined {
    return this.states.get(venue)?.get(symbol)?.indicators;
  }

  private statesOf(venue: string): Map<string, SymbolState> {
    // An instance normalises one venue's feed, so the venue's map is nearly always the last one.
    if (venue === this.lastVenue && this.lastStates !== undefined) return this.lastStates;
    let states = this.states.get(venue);
    if (states === undefined) {
      states = new Map();
      this.states.set(venue, states);
    }
    this.lastVenue = venue;
    this.lastStates = states;
    return states;
  }

  private signal(book: TopOfBook, side: "buy" | "sell", ema: number): Signal | undefined {
    const comparison =
      side === "buy"
        ? `imbalance ${book.imbalance} >= ${this.threshold} and mid ${book.mid} > EMA ${ema}`
        : `imbalance ${book.imbalance} <= ${-this.threshold} and mid ${book.mid} < EMA ${ema}`;
    try {
      // Validated as the order function will: a symbol or venue it would refuse is no signal.
      // The id is the order function's idempotency key. A sequence number alone repeats when the
      // feed restarts at 1 (a new session), and the new signal would be taken for a redelivery of
      // the old one and never executed; the tick's time of day tells them apart, while a
      // redelivered tick keeps both and stays one order. At most 4+8+1+8+1+16+1+14 = 53 characters.
      const order = parseOrder({
        orderId: `sig:${book.venue}:${book.symbol}:${book.seq}:${book.ts}`,
        account: this.account,
        symbol: book.symbol,
        side,
        type: "limit",
        quantity: this.quantity,
        limitPrice: side === "buy" ? book.ask : book.bid,
        venue: this.venue,
      });
      return { order, reason: comparison, imbalance: book.imbalance, mid: book.mid, ema };
    } catch (error) {
      log("WARNING", "signal dropped", {
        symbol: book.symbol,
        seq: book.seq,
        reason: error instanceof Error ? error.message : String(error),
      });
      return undefined;
    }
  }
}
