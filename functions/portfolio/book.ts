/**
 * The portfolio book: positions built by folding position events (event sourcing, each event
 * applied once by id), instrument reference data, last prices, and a per-portfolio valuation
 * cache kept current incrementally: a price update revalues only the positions that depend on
 * that symbol (the equity itself and options on it) and adjusts each portfolio's total by the
 * difference. `revalue` recomputes a portfolio from scratch (on demand, and to bound the
 * floating-point drift of long incremental runs).
 *
 * Every symbol has one instrument record holding its price, its option terms and the positions
 * that depend on it, so marking a position reads fields instead of looking symbols up in maps.
 * An option's unit price is cached with the spot and the time it was computed at: options on
 * an underlying that has not moved, revalued at the same time, are not priced again, and the
 * Black-Scholes formula is what a revaluation spends its time on.
 */
import { BadInputError } from "../lib/errors";
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

interface Instrument {
  readonly symbol: string;
  /** Last market price; undefined until one arrives. */
  price: number | undefined;
  /** Option terms, with the underlying's instrument; undefined for a plain instrument. */
  option: OptionTerms | undefined;
  underlying: Instrument | undefined;
  /** The positions whose mark depends on this instrument's price (its own, options on it). */
  readonly dependents: Position[];
  /** The unit price last computed, and the spot and time it was computed at. */
  unitSpot: number;
  unitAt: number;
  unit: number;
}

interface Position {
  readonly portfolio: Portfolio;
  readonly instrument: Instrument;
  quantity: number;
  lastFill: number;
  value: number;
}

interface Portfolio {
  readonly positions: Map<string, Position>;
  /** The same positions in insertion order, for the revaluation loop. */
  readonly list: Position[];
  readonly applied: Set<string>;
  value: number;
  asOf: number;
}

const YEAR_MS = 365.25 * 86_400_000;

/** The book of one function instance. */
export class Book {
  private readonly portfolios = new Map<string, Portfolio>();
  private readonly instruments = new Map<string, Instrument>();
  private priced = 0;
  private optionCount = 0;

  /** @param rate Risk-free rate for option marks. */
  constructor(readonly rate = 0.04) {}

  /**
   * Registers (or replaces) an option contract's terms. Throws {@link BadInputError} when the
   * underlying is the option itself or leads back to it, changing nothing.
   */
  defineOption(symbol: string, terms: OptionTerms): void {
    this.checkUnderlying(symbol, terms.underlying, "option.underlying");
    const option = this.instrument(symbol);
    const previous = option.underlying;
    if (option.option === undefined) this.optionCount += 1;
    option.option = terms;
    option.unitSpot = NaN;
    if (previous !== undefined && previous.symbol === terms.underlying) return;
    if (previous !== undefined) {
      const kept = previous.dependents.filter((d) => d.instrument !== option);
      previous.dependents.length = 0;
      previous.dependents.push(...kept);
    }
    const underlying = this.instrument(terms.underlying);
    option.underlying = underlying;
    for (const d of option.dependents) if (d.instrument === option) underlying.dependents.push(d);
  }

  /**
   * Throws {@link BadInputError} at `path` when making `underlying` the underlying of `symbol`
   * would close a cycle of underlyings, given the book's options and the `pending` definitions
   * (symbol to underlying) of a batch not yet applied. Marking and re-linking an option walk its
   * underlying, so a cycle would loop until the instance runs out of memory.
   */
  checkUnderlying(
    symbol: string,
    underlying: string,
    path: string,
    pending: ReadonlyMap<string, string> = new Map(),
  ): void {
    const chain = [symbol];
    // The book and the pending definitions hold no cycle, so the walk ends within their size.
    const limit = this.instruments.size + pending.size + 2;
    for (let at: string | undefined = underlying; at !== undefined;) {
      chain.push(at);
      if (at === symbol) {
        throw new BadInputError(
          path,
          "must not be the option itself or lead back to it",
          chain.join(" -> "),
          "Name the instrument the option is written on",
        );
      }
      if (chain.length > limit) break;
      at = pending.get(at) ?? this.instruments.get(at)?.option?.underlying;
    }
  }

  /** Applies a position event once; returns false for a repeated event id. */
  applyEvent(e: PositionEvent): boolean {
    const p = this.portfolio(e.portfolio);
    if (p.applied.has(e.eventId)) return false;
    p.applied.add(e.eventId);
    const position = this.position(p, e.symbol, e.price);
    position.quantity += e.quantityDelta;
    position.lastFill = e.price;
    const value = this.mark(position, e.ts);
    p.value += value - position.value;
    position.value = value;
    p.asOf = Math.max(p.asOf, e.ts);
    return true;
  }

  /**
   * Sets a position to a stored state (its quantity and last fill, as of `ts`) and re-marks it:
   * the persisted path applies an event in the database first and then mirrors what the
   * database holds, so the cache never runs ahead of the store.
   */
  setPosition(portfolio: string, symbol: string, quantity: number, lastFill: number, ts: number) {
    const p = this.portfolio(portfolio);
    const position = this.position(p, symbol, lastFill);
    position.quantity = quantity;
    position.lastFill = lastFill;
    const value = this.mark(position, ts);
    p.value += value - position.value;
    position.value = value;
    p.asOf = Math.max(p.asOf, ts);
  }

  /**
   * Replaces a portfolio with stored positions (a first load, or a reload before a revaluation),
   * dropping whatever the instance held for it. Applied event ids are the store's to keep.
   */
  restore(
    portfolio: string,
    positions: readonly { symbol: string; quantity: number; lastFill: number; ts: number }[],
  ): void {
    const old = this.portfolios.get(portfolio);
    if (old !== undefined) {
      for (const position of old.list) {
        for (const instrument of [position.instrument, position.instrument.underlying]) {
          if (instrument === undefined) continue;
          const kept = instrument.dependents.filter((d) => d !== position);
          instrument.dependents.length = 0;
          instrument.dependents.push(...kept);
        }
      }
      this.portfolios.delete(portfolio);
    }
    // The valuation time the instance reached (prices included) survives the reload.
    this.portfolio(portfolio).asOf = old?.asOf ?? 0;
    for (const x of positions) this.setPosition(portfolio, x.symbol, x.quantity, x.lastFill, x.ts);
  }

  /** Whether the instance holds `portfolio`. */
  has(portfolio: string): boolean {
    return this.portfolios.has(portfolio);
  }

  /** Applies a price; returns how many portfolios it touched. */
  applyPrice(u: PriceUpdate): number {
    const instrument = this.instrument(u.symbol);
    if (instrument.price === undefined) this.priced += 1;
    instrument.price = u.price;
    const dependents = instrument.dependents;
    if (dependents.length === 0) return 0;
    const touched = new Set<Portfolio>();
    for (const position of dependents) {
      const p = position.portfolio;
      const value = this.mark(position, u.ts);
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
    const list = p.list;
    for (let i = 0; i < list.length; i++) {
      const position = list[i];
      position.value = this.mark(position, at);
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
      prices: this.priced,
      options: this.optionCount,
      events,
    };
  }

  /** Portfolio ids. */
  get portfolioIds(): string[] {
    return [...this.portfolios.keys()];
  }

  private snapshot(portfolio: string, p: Portfolio): Valuation {
    const list = p.list;
    const positions = new Array<PositionValue>(list.length);
    for (let i = 0; i < list.length; i++) {
      const x = list[i];
      positions[i] = { symbol: x.instrument.symbol, quantity: x.quantity, value: x.value };
    }
    return { portfolio, value: p.value, asOf: p.asOf, positions };
  }

  private portfolio(id: string): Portfolio {
    let p = this.portfolios.get(id);
    if (!p) {
      p = { positions: new Map(), list: [], applied: new Set(), value: 0, asOf: 0 };
      this.portfolios.set(id, p);
    }
    return p;
  }

  private position(p: Portfolio, symbol: string, fill: number): Position {
    let position = p.positions.get(symbol);
    if (!position) {
      const instrument = this.instrument(symbol);
      position = { portfolio: p, instrument, quantity: 0, lastFill: fill, value: 0 };
      p.positions.set(symbol, position);
      p.list.push(position);
      instrument.dependents.push(position);
      instrument.underlying?.dependents.push(position);
    }
    return position;
  }

  private instrument(symbol: string): Instrument {
    let instrument = this.instruments.get(symbol);
    if (instrument === undefined) {
      instrument = {
        symbol,
        price: undefined,
        option: undefined,
        underlying: undefined,
        dependents: [],
        unitSpot: NaN,
        unitAt: NaN,
        unit: NaN,
      };
      this.instruments.set(symbol, instrument);
    }
    return instrument;
  }

  private mark(position: Position, at: number): number {
    const instrument = position.instrument;
    const option = instrument.option;
    if (option === undefined) return position.quantity * (instrument.price ?? position.lastFill);
    const spot = (instrument.underlying as Instrument).price;
    let unit: number;
    if (spot === undefined) {
      unit = instrument.price ?? position.lastFill;
    } else if (spot === instrument.unitSpot && at === instrument.unitAt) {
      unit = instrument.unit;
    } else {
      unit = blackScholes({
        right: option.right,
        spot,
        strike: option.strike,
        years: (option.expiry - at) / YEAR_MS,
        rate: this.rate,
        volatility: option.volatility,
      });
      instrument.unitSpot = spot;
      instrument.unitAt = at;
      instrument.unit = unit;
    }
    return position.quantity * option.multiplier * unit;
  }
}
