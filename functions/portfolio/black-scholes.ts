/**
 * Black-Scholes-Merton prices of European options with a continuous dividend yield, and the
 * standard normal distribution function they need (Hart's double-precision algorithm as given
 * by West, "Better approximations to cumulative normal functions", 2005: absolute error below
 * 1e-14, where the common Abramowitz-Stegun formula is only good to 7.5e-8).
 */

/** The standard normal cumulative distribution function. */
export function normalCdf(x: number): number {
  const a = Math.abs(x);
  let c: number;
  if (a > 37) {
    c = 0;
  } else {
    const e = Math.exp((-a * a) / 2);
    if (a < 7.07106781186547) {
      let n = 3.52624965998911e-2 * a + 0.700383064443688;
      n = n * a + 6.37396220353165;
      n = n * a + 33.912866078383;
      n = n * a + 112.079291497871;
      n = n * a + 221.213596169931;
      n = n * a + 220.206867912376;
      let d = 8.83883476483184e-2 * a + 1.75566716318264;
      d = d * a + 16.064177579207;
      d = d * a + 86.7807322029461;
      d = d * a + 296.564248779674;
      d = d * a + 637.333633378831;
      d = d * a + 793.826512519948;
      d = d * a + 440.413735824752;
      c = (e * n) / d;
    } else {
      let b = a + 0.65;
      b = a + 4 / b;
      b = a + 3 / b;
      b = a + 2 / b;
      b = a + 1 / b;
      c = e / b / 2.506628274631;
    }
  }
  return x > 0 ? 1 - c : c;
}

/** Inputs of a Black-Scholes price. */
export interface OptionInputs {
  readonly right: "call" | "put";
  /** Price of the underlying. */
  readonly spot: number;
  readonly strike: number;
  /** Years to expiry. */
  readonly years: number;
  /** Continuously compounded risk-free rate. */
  readonly rate: number;
  /** Annualised volatility. */
  readonly volatility: number;
  /** Continuous dividend yield. @default 0 */
  readonly dividendYield?: number;
}

/**
 * The option's price. At or past expiry, or with zero volatility, it is the discounted
 * intrinsic value of the forward, which is also the limit of the formula.
 */
export function blackScholes(o: OptionInputs): number {
  const q = o.dividendYield ?? 0;
  const discount = Math.exp(-o.rate * Math.max(o.years, 0));
  const carry = Math.exp(-q * Math.max(o.years, 0));
  const forwardSpot = o.spot * carry;
  const discountedStrike = o.strike * discount;
  if (o.years <= 0 || o.volatility <= 0) {
    return o.right === "call"
      ? Math.max(forwardSpot - discountedStrike, 0)
      : Math.max(discountedStrike - forwardSpot, 0);
  }
  const volSqrtT = o.volatility * Math.sqrt(o.years);
  const d1 =
    (Math.log(o.spot / o.strike) + (o.rate - q + (o.volatility * o.volatility) / 2) * o.years) /
    volSqrtT;
  const d2 = d1 - volSqrtT;
  return o.right === "call"
    ? forwardSpot * normalCdf(d1) - discountedStrike * normalCdf(d2)
    : discountedStrike * normalCdf(-d2) - forwardSpot * normalCdf(-d1);
}
