/**
 * Order validation: the order message every trading entry accepts, checked field by field
 * before anything else runs.
 */
import { BadInputError } from "../lib/errors";
import { number, object, oneOf, optional, string } from "../lib/validate";

/** A validated order (the codec's shared "order" structure: keep the key order). */
export interface Order {
  /** Client order id; the idempotency key: a repeated id executes once. */
  readonly orderId: string;
  readonly account: string;
  readonly symbol: string;
  readonly side: "buy" | "sell";
  readonly type: "market" | "limit";
  /** Shares, a positive whole number. */
  readonly quantity: number;
  /** Required for limit orders, absent for market orders. */
  readonly limitPrice: number | null;
  /** Venue code; the default venue when absent. */
  readonly venue: string | null;
}

/** Largest quantity accepted by validation (risk limits are usually far lower). */
export const MAX_QUANTITY = 10_000_000;

const ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
const SYMBOL = /^[A-Z][A-Z0-9.]{0,7}$/;
const VENUE = /^[A-Z]{2,8}$/;

/** Validates an order message; throws {@link BadInputError} naming the first bad field. */
export function parseOrder(value: unknown): Order {
  const o = object(value, "order");
  const orderId = string(o, "orderId", "order", {
    maxLength: 64,
    pattern: ID,
    hint: "1-64 letters, digits, _ . : -",
  });
  const account = string(o, "account", "order", {
    maxLength: 64,
    pattern: ID,
    hint: "1-64 letters, digits, _ . : -",
  });
  const symbol = string(o, "symbol", "order", {
    maxLength: 8,
    pattern: SYMBOL,
    hint: "an upper-case ticker such as AAPL",
  });
  const side = oneOf(o, "side", "order", ["buy", "sell"] as const);
  const type = oneOf(o, "type", "order", ["market", "limit"] as const);
  const quantity = number(o, "quantity", "order", {
    positive: true,
    integer: true,
    max: MAX_QUANTITY,
  });
  const limitPrice =
    optional(o, "limitPrice", () =>
      number(o, "limitPrice", "order", { positive: true, max: 1e7 }),
    ) ?? null;
  if (type === "limit" && limitPrice === null) {
    throw new BadInputError(
      "order.limitPrice",
      "is required for a limit order",
      undefined,
      'Set "limitPrice" or send a market order',
    );
  }
  if (type === "market" && limitPrice !== null) {
    throw new BadInputError(
      "order.limitPrice",
      "must be absent for a market order",
      limitPrice,
      'Drop "limitPrice" or send a limit order',
    );
  }
  const venue =
    optional(o, "venue", () =>
      string(o, "venue", "order", {
        maxLength: 8,
        pattern: VENUE,
        hint: "a venue code such as NASDAQ",
      }),
    ) ?? null;
  return { orderId, account, symbol, side, type, quantity, limitPrice, venue };
}
