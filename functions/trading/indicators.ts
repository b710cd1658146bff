/**
 * Incremental indicators: each update is O(1) time and memory (a few numbers per symbol, no
 * window of past values), so they can run on every tick of the normalisation hot path.
 */
import { BadInputError } from "../lib/errors";
import type { TopOfBook } from "./book";

/** The smoothing factor whose weight on a value halves after `halfLife` updates. */
export function alphaOf(halfLife: number): number {
  if (!(Number.isFinite(halfLife) && halfLife > 0)) {
    throw new BadInputError(
      "indicators.halfLife",
      "must be a finite number greater than 0",
      halfLife,
      "Set the half-life in updates, e.g. 20",
    );
  }
  return 1 - Math.pow(0.5, 1 / halfLife);
}

/**
 * Exponential moving average with a half-life counted in updates. The first value seeds it,
 * so there is no start-up bias towards 0.
 */
export class Ema {
  /** The current average; NaN before the first update. */
  value = NaN;
  /** Updates seen. */
  count = 0;
  private readonly alpha: number;

  /** @param halfLife Updates after which a value's weight has halved. */
  constructor(halfLife: number) {
    this.alpha = alphaOf(halfLife);
  }

  /** Adds one value and returns the new average. */
  update(x: number): number {
    this.value = this.count === 0 ? x : this.value + this.alpha * (x - this.value);
    this.count += 1;
    return this.value;
  }
}

/** Volume-weighted average price of trades since the start (or the last reset). */
export class Vwap {
  /** Sum of price × size. */
  notional = 0;
  /** Sum of sizes. */
  volume = 0;

  /** Adds one trade; a zero-size print leaves the average unchanged. */
  update(price: number, size: number): void {
    this.notional += price * size;
    this.volume += size;
  }

  /** The average; NaN before any volume has traded. */
  get value(): number {
    return this.volume > 0 ? this.notional / this.volume : NaN;
  }

  /** Starts a new session. */
  reset(): void {
    this.notional = 0;
    this.volume = 0;
  }
}

/**
 * Exponentially weighted volatility of log returns between consecutive prices (RiskMetrics
 * style: `variance ← (1 - α)·variance + α·r²`, mean return taken as 0, as is usual over
 * tick-scale horizons).
 */
export class EwmaVolatility {
  /** Variance of returns per update; NaN before the first return. */
  variance = NaN;
  /** Returns seen. */
  count = 0;
  private previous = NaN;
  private readonly alpha: number;

  /** @param halfLife Updates after which a squared return's weight has halved. */
  constructor(halfLife: number) {
    this.alpha = alphaOf(halfLife);
  }

  /** Adds one price (positive); the first only anchors the next return. */
  update(price: number): void {
    if (this.previous > 0 && price > 0 && price !== this.previous) {
      const r = Math.log(price / this.previous);
      this.variance =
        this.count === 0 ? r * r : (1 - this.alpha) * this.variance + this.alpha * r * r;
      this.count += 1;
    } else if (this.previous > 0 && price === this.previous) {
      // An unchanged price is a zero return: it decays the variance rather than being skipped.
      this.variance = this.count === 0 ? 0 : (1 - this.alpha) * this.variance;
      this.count += 1;
    }
    if (price > 0) this.previous = price;
  }

  /** Standard deviation of returns per update; NaN before the first return. */
  get value(): number {
    return Math.sqrt(this.variance);
  }
}

/** Mean and sample variance of a stream by Welford's algorithm (numerically stable, O(1)). */
export class RunningStats {
  /** Values seen. */
  count = 0;
  /** Mean of the values; NaN before the first. */
  mean = NaN;
  private m2 = 0;

  /** Adds one value. */
  update(x: number): void {
    this.count += 1;
    if (this.count === 1) {
      this.mean = x;
      return;
    }
    const delta = x - this.mean;
    this.mean += delta / this.count;
    this.m2 += delta * (x - this.mean);
  }

  /** Sample variance (n - 1 denominator); NaN with fewer than two values. */
  get variance(): number {
    return this.count > 1 ? this.m2 / (this.count - 1) : NaN;
  }
}

/** Settings of {@link SymbolIndicators}. */
export interface IndicatorSettings {
  /** Half-life of the EMA of mid, in quote updates. @default 20 */
  readonly emaHalfLife?: number;
  /** Half-life of the volatility of mid, in quote updates. @default 50 */
  readonly volHalfLife?: number;
}

/** The indicators of one symbol, fed from its top of book. */
export class SymbolIndicators {
  /** EMA of mid. */
  readonly ema: Ema;
  /** VWAP of trades. */
  readonly vwap = new Vwap();
  /** EWMA volatility of mid's log returns. */
  readonly volatility: EwmaVolatility;

  /** @param settings Half-lives; defaults as documented on {@link IndicatorSettings}. */
  constructor(settings: IndicatorSettings = {}) {
    this.ema = new Ema(settings.emaHalfLife ?? 20);
    this.volatility = new EwmaVolatility(settings.volHalfLife ?? 50);
  }

  /** Folds in the book after one tick: a quote moves the mid indicators, a trade the VWAP. */
  update(book: TopOfBook): void {
    if (book.traded) {
      this.vwap.update(book.last, book.lastSize);
      return;
    }
    if (!Number.isNaN(book.mid)) {
      this.ema.update(book.mid);
      this.volatility.update(book.mid);
    }
  }
}
