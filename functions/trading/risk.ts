/**
 * Pre-trade risk checks (in the spirit of SEC Rule 15c3-5): an order is checked against its
 * notional, the resulting position and a price band around the reference price before it may
 * reach a venue. A failed check is a decision, not an error: the order is rejected with reasons.
 */
import type { Order } from "./order";

/** Limits applied to every order. */
export interface RiskLimits {
  /** Largest notional (quantity × price) of one order, in the order's currency. */
  readonly maxNotional: number;
  /** Largest absolute position per account and symbol after the order fills, in shares. */
  readonly maxPosition: number;
  /** How far a limit price may be from the reference price, as a fraction (0.05 = ±5%). */
  readonly priceBand: number;
}

/** Conservative defaults; each deployment sets its own through configuration. */
export const DEFAULT_LIMITS: RiskLimits = {
  maxNotional: 1_000_000,
  maxPosition: 100_000,
  priceBand: 0.05,
};

/** The market state a check needs. */
export interface RiskContext {
  /** Last trade or mid price of the symbol; undefined when the symbol has not traded. */
  readonly referencePrice: number | undefined;
  /** The account's current signed position in the symbol. */
  readonly position: number;
}

/** A risk decision. */
export interface RiskDecision {
  readonly accepted: boolean;
  /** One sentence per failed check; empty when accepted. */
  readonly reasons: string[];
  /** The price notional was computed at. */
  readonly price: number | undefined;
}

/** Runs every check and collects every failure. */
export function checkRisk(
  order: Order,
  context: RiskContext,
  limits: RiskLimits = DEFAULT_LIMITS,
): RiskDecision {
  const reasons: string[] = [];
  const reference = context.referencePrice;
  const price = order.limitPrice ?? reference;
  if (price === undefined) {
    reasons.push(
      `${order.symbol} has no reference price; a market order needs one, send a limit order.`,
    );
  } else {
    const notional = order.quantity * price;
    if (notional > limits.maxNotional) {
      reasons.push(`notional ${round(notional)} exceeds the limit of ${limits.maxNotional}.`);
    }
  }
  if (order.limitPrice !== null && reference !== undefined) {
    const low = reference * (1 - limits.priceBand);
    const high = reference * (1 + limits.priceBand);
    if (order.limitPrice < low || order.limitPrice > high) {
      reasons.push(
        `limit price ${order.limitPrice} is outside the ±${limits.priceBand * 100}% band [${round(low)}, ${round(high)}] around ${reference}.`,
      );
    }
  }
  const after = context.position + (order.side === "buy" ? order.quantity : -order.quantity);
  if (Math.abs(after) > limits.maxPosition) {
    reasons.push(`position would be ${after}, beyond the limit of ±${limits.maxPosition}.`);
  }
  return { accepted: reasons.length === 0, reasons, price };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
