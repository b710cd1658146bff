import assert from "node:assert/strict";
import fc from "fast-check";
import { blackScholes, normalCdf } from "../../../functions/portfolio/black-scholes";

const close = (actual: number, expected: number, tolerance: number): void => {
  assert.ok(
    Math.abs(actual - expected) <= tolerance,
    `${actual} is not within ${tolerance} of ${expected}`,
  );
};

describe("functions/portfolio/black-scholes", () => {
  it("matches tabulated values of the standard normal distribution", () => {
    close(normalCdf(0), 0.5, 1e-15);
    close(normalCdf(1.96), 0.9750021048517795, 1e-13);
    close(normalCdf(-1), 0.15865525393145707, 1e-13);
    close(normalCdf(3), 0.9986501019683699, 1e-13);
    close(normalCdf(-8), 6.220960574271785e-16, 1e-20);
  });

  // Hull, Options, Futures, and Other Derivatives, Example 15.6: S=42, K=40, r=10%, σ=20%, T=0.5.
  it("prices Hull's example call at 4.76 and put at 0.81", () => {
    const o = { spot: 42, strike: 40, years: 0.5, rate: 0.1, volatility: 0.2 };
    close(blackScholes({ ...o, right: "call" }), 4.7594, 5e-5);
    close(blackScholes({ ...o, right: "put" }), 0.8086, 5e-5);
  });

  // Haug, The Complete Guide to Option Pricing Formulas: S=60, K=65, T=0.25, r=8%, σ=30% → 2.1334.
  it("prices Haug's Black-Scholes call at 2.1334", () => {
    close(
      blackScholes({
        right: "call",
        spot: 60,
        strike: 65,
        years: 0.25,
        rate: 0.08,
        volatility: 0.3,
      }),
      2.1334,
      5e-5,
    );
  });

  // Haug, Merton (1973) with dividend yield: S=100, K=95, T=0.5, r=10%, q=5%, σ=20% → put 2.4648.
  it("prices Haug's Merton put with a dividend yield at 2.4648", () => {
    close(
      blackScholes({
        right: "put",
        spot: 100,
        strike: 95,
        years: 0.5,
        rate: 0.1,
        volatility: 0.2,
        dividendYield: 0.05,
      }),
      2.4648,
      5e-5,
    );
  });

  it("is worth its intrinsic value at expiry", () => {
    assert.equal(
      blackScholes({
        right: "call",
        spot: 110,
        strike: 100,
        years: 0,
        rate: 0.05,
        volatility: 0.3,
      }),
      10,
    );
    assert.equal(
      blackScholes({
        right: "put",
        spot: 110,
        strike: 100,
        years: -0.1,
        rate: 0.05,
        volatility: 0.3,
      }),
      0,
    );
  });

  it("satisfies put-call parity", () => {
    fc.assert(
      fc.property(
        fc.double({ min: 1, max: 1000, noNaN: true }),
        fc.double({ min: 1, max: 1000, noNaN: true }),
        fc.double({ min: 0.01, max: 5, noNaN: true }),
        fc.double({ min: 0, max: 0.2, noNaN: true }),
        fc.double({ min: 0.01, max: 2, noNaN: true }),
        (spot, strike, years, rate, volatility) => {
          const o = { spot, strike, years, rate, volatility };
          const parity = spot - strike * Math.exp(-rate * years);
          close(
            blackScholes({ ...o, right: "call" }) - blackScholes({ ...o, right: "put" }),
            parity,
            1e-9 * Math.max(spot, strike),
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});
