/**
 * Order validation: the order message every trading entry accepts, checked field by field
 * before anything else runs.
 */
import { BadInputError } from "../lib/errors";
import { number, object, oneOf, string } from "../lib/validate";

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

// Rules are built once: parseOrder runs on every order, and per-call literals are garbage.
const ID_RULE = {
  maxLength: 64,
  pattern: /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/,
  hint: "1-64 letters, digits, _ . : -",
} as const;
const SYMBOL_RULE = {
  maxLength: 8,
  pattern: /^[A-Z][A-Z0-9.]{0,7}$/,
  hint: "an upper-case ticker such as AAPL",
} as const;
const VENUE_RULE = {
  maxLength: 8,
  pattern: /^[A-Z]{2,8}$/,
  hint: "a venue code such as NASDAQ",
} as const;
const QUANTITY_RULE = { positive: true, integer: true, max: MAX_QUANTITY } as const;
const PRICE_RULE = { positive: true, max: 1e7 } as const;
const SIDES = ["buy", "sell"] as const;
const TYPES = ["market", "limit"] as const;

/** Validates an order message; throws {@link BadInputError} naming the first bad field. */
export function parseOrder(value: unknown): Order {
  const o = object(value, "order");
  const orderId = string(o, "orderId", "order", ID_RULE);
  const account = string(o, "account", "order", ID_RULE);
  const symbol = string(o, "symbol", "order", SYMBOL_RULE);
  const side = oneOf(o, "side", "order", SIDES);
  const type = oneOf(o, "type", "order", TYPES);
  const quantity = number(o, "quantity", "order", QUANTITY_RULE);
  const limitPrice = absent(o.limitPrice) ? null : number(o, "limitPrice", "order", PRICE_RULE);
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
  const venue = absent(o.venue) ? null : string(o, "venue", "order", VENUE_RULE);
  return { orderId, account, symbol, side, type, quantity, limitPrice, venue };
}

/** The order fields a digest holds, in its order. */
const DIGEST_FIELDS = ["account", "symbol", "side", "type", "quantity", "limitPrice", "venue"];

/**
 * The digest an order's id is claimed for: its content in canonical form, every field but the
 * id joined by "|", which no validated field contains. Exact (two orders share it only when
 * they are the same order) and a single string concatenation, so the order path pays nothing
 * measurable; a hash would cost more and could collide.
 */
export function orderDigest(o: Order): string {
  return `${o.account}|${o.symbol}|${o.side}|${o.type}|${o.quantity}|${o.limitPrice ?? ""}|${o.venue ?? ""}`;
}

/** The fields in which two digests differ, in digest order (for a conflict's message). */
export function digestDifferences(a: string, b: string): string[] {
  const x = a.split("|");
  const y = b.split("|");
  return DIGEST_FIELDS.filter((_, i) => x[i] !== y[i]);
}

/** An optional field counts as absent when undefined or null (as `validate.optional` reads it). */
function absent(value: unknown): boolean {
  return value === undefined || value === null;
}
