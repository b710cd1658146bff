/**
 * The portfolio book: positions built by folding position events (event sourcing, each event
 * applied once by id), instrument reference data, last prices, and a per-portfolio valuation
 * cache kept current incrementally: a price update revalues only the positions that depend on
 * that symbol (the equity itself and options on it) and adjusts each portfolio's total by the
 * difference. `revalue` recomputes a portfolio from scratch (on demand, and to bound the
 * floating-point drift of long incremental runs).
 */
import { blackScholes } from "./black-scholes";

/** An option contract's terms. */
export interface OptionTerms {
  readonly underlying: string;
  readonly right: "call" | "put";
  readonly strike: number;
  /** Expiry, epoch milliseconds. */
  readonly expiry: number;
  readonly volatility: number;
  /** Shares per contract. */
  readonly multiplier: number;
}

/** A change of position: a fill, a transfer, a corporate action. */
export interface PositionEvent {
  readonly kind: "position";
  readonly portfolio: string;
  /** Unique per event; a repeated id is ignored. */
  readonly eventId: string;
  readonly symbol: string;
  readonly quantityDelta: number;
  /** Price of the fill, used as the mark until a market price arrives. */
  readonly price: number;
  readonly ts: number;
}

/** A market price. */
export interface PriceUpdate {
  readonly kind: "price";
  readonly symbol: string;
  readonly price: number;
  readonly ts: number;
}

/** A position's current mark. */
export interface PositionValue {
  readonly symbol: string;
  readonly quantity: number;
  readonly value: number;
}

/** A portfolio's valuation. */
export interface Valuation {
  readonly portfolio: string;
  readonly value: number;
  /** Epoch milliseconds of the latest price or event reflected. */
  readonly asOf: number;
  readonly positions: PositionValue[];
}

interface Position {
  quantity: number;
  lastFill: number;
  value: number;
}

interface Dependent {
  readonly portfolio: Portfolio;
  readonly symbol: string;
  readonly position: Position;
}

interface Portfolio {
  readonly positions: Map<string, Position>;
  readonly applied: Set<string>;
  value: number;
  asOf: number;
}

const YEAR_MS = 365.25 * 86_400_000;

/** The book of one function instance. */
export class Book {
  private readonly portfolios = new Map<string, Portfolio>();
  private readonly options = new Map<string, OptionTerms>();
  private readonly prices = new Map<string, number>();
  /** price symbol → the positions whose mark depends on it (the symbol, options on it) */
  private readonly dependents = new Map<string, Dependent[]>();

  /** @param rate Risk-free rate for option marks. */
  constructor(readonly rate = 0.04) {}

  /** Registers (or replaces) an option contract's terms. */
  defineOption(symbol: string, terms: OptionTerms): void {
    const previous = this.options.get(symbol)?.underlying;
    this.options.set(symbol, terms);
    if (previous !== undefined && previous !== terms.underlying) {
      const kept = (this.dependents.get(previous) ?? []).filter((d) => d.symbol !== symbol);
      this.dependents.set(previous, kept);
    }
    if (previous !== terms.underlying) {
      for (const d of this.dependents.get(symbol) ?? []) this.index(terms.underlying, d);
    }
  }

  /** Applies a position event once; returns false for a repeated event id. */
  applyEvent(e: PositionEvent): boolean {
    let p = this.portfolios.get(e.portfolio);
    if (!p) {
      p = { positions: new Map(), applied: new Set(), value: 0, asOf: 0 };
      this.portfolios.set(e.portfolio, p);
    }
    if (p.applied.has(e.eventId)) return false;
    p.applied.add(e.eventId);
    let position = p.positions.get(e.symbol);
    if (!position) {
      position = { quantity: 0, lastFill: e.price, value: 0 };
      p.positions.set(e.symbol, position);
      const dependent = { portfolio: p, symbol: e.symbol, position };
      this.index(e.symbol, dependent);
      const underlying = this.options.get(e.symbol)?.underlying;
      if (underlying !== undefined) this.index(underlying, dependent);
    }
    position.quantity += e.quantityDelta;
    position.lastFill = e.price;
    const value = this.mark(e.symbol, position, e.ts);
    p.value += value - position.value;
    position.value = value;
    p.asOf = Math.max(p.asOf, e.ts);
    return true;
  }

  /** Applies a price; returns how many portfolios it touched. */
  applyPrice(u: PriceUpdate): number {
    this.prices.set(u.symbol, u.price);
    const dependents = this.dependents.get(u.symbol);
    if (!dependents) return 0;
    const touched = new Set<Portfolio>();
    for (const { portfolio: p, symbol, position } of dependents) {
      const value = this.mark(symbol, position, u.ts);
      p.value += value - position.value;
      position.value = value;
      if (u.ts > p.asOf) p.asOf = u.ts;
      touched.add(p);
    }
    return touched.size;
  }

  /** The cached valuation, current as of the last event or price. */
  valuation(portfolio: string): Valuation | undefined {
    const p = this.portfolios.get(portfolio);
    return p ? this.snapshot(portfolio, p) : undefined;
  }

  /** Recomputes a portfolio from its positions and the current prices, and re-caches it. */
  revalue(portfolio: string, asOf?: number): Valuation | undefined {
    const p = this.portfolios.get(portfolio);
    if (!p) return undefined;
    const at = asOf ?? p.asOf;
    let total = 0;
    for (const [symbol, position] of p.positions) {
      position.value = this.mark(symbol, position, at);
      total += position.value;
    }
    p.value = total;
    p.asOf = at;
    return this.snapshot(portfolio, p);
  }

  /** Counts of what the book holds (tests assert that rejected input changes none of them). */
  get stats(): { portfolios: number; prices: number; options: number; events: number } {
    let events = 0;
    for (const p of this.portfolios.values()) events += p.applied.size;
    return {
      portfolios: this.portfolios.size,
      prices: this.prices.size,
      options: this.options.size,
      events,
    };
  }

  /** Portfolio ids. */
  get portfolioIds(): string[] {
    return [...this.portfolios.keys()];
  }

  private snapshot(portfolio: string, p: Portfolio): Valuation {
    const positions = [...p.positions].map(([symbol, x]) => ({
      symbol,
      quantity: x.quantity,
      value: x.value,
    }));
    return { portfolio, value: p.value, asOf: p.asOf, positions };
  }

  private index(priceSymbol: string, dependent: Dependent): void {
    const list = this.dependents.get(priceSymbol);
    if (list) list.push(dependent);
    else this.dependents.set(priceSymbol, [dependent]);
  }

  private mark(symbol: string, position: Position, at: number): number {
    const option = this.options.get(symbol);
    if (!option) return position.quantity * (this.prices.get(symbol) ?? position.lastFill);
    const spot = this.prices.get(option.underlying);
    const unit =
      spot === undefined
        ? (this.prices.get(symbol) ?? position.lastFill)
        : blackScholes({
            right: option.right,
            spot,
            strike: option.strike,
            years: (option.expiry - at) / YEAR_MS,
            rate: this.rate,
            volatility: option.volatility,
          });
    return position.quantity * option.multiplier * unit;
  }
}
