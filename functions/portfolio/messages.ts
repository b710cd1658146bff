/**
 * Validation of the `portfolio-value` function's messages. A message is one of the kinds below
 * or an array of up to {@link MAX_BATCH} of them; a batch is validated whole before any of it
 * is applied, so a bad entry rejects the batch with no effect.
 */
import { BadInputError } from "../lib/errors";
import { number, object, oneOf, string } from "../lib/validate";
import type { OptionTerms, PositionEvent, PriceUpdate } from "./book";

/** Defines an option contract. */
export interface OptionDefinition extends OptionTerms {
  readonly kind: "option";
  readonly symbol: string;
}

/** Asks for a full revaluation of one portfolio. */
export interface RevalueRequest {
  readonly kind: "revalue";
  readonly portfolio: string;
}

/** Any message the function accepts. */
export type PortfolioMessage = PriceUpdate | PositionEvent | OptionDefinition | RevalueRequest;

/** Most messages in one batch. */
export const MAX_BATCH = 1000;

const ID = {
  maxLength: 64,
  pattern: /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/,
  hint: "1-64 letters, digits, _ . : -",
};
const SYMBOL = {
  maxLength: 21,
  pattern: /^[A-Z][A-Z0-9. ]{0,20}$/,
  hint: "an upper-case symbol such as AAPL",
};
const TS = { integer: true, min: 0, max: Date.UTC(2100, 0, 1) };

/** Validates one message or a batch. */
export function parsePortfolioMessages(value: unknown): PortfolioMessage[] {
  if (Array.isArray(value)) {
    if (value.length === 0 || value.length > MAX_BATCH) {
      throw new BadInputError(
        "batch",
        `must hold 1 to ${MAX_BATCH} messages`,
        value,
        "Split the batch",
      );
    }
    return value.map((v, i) => parseOne(v, `batch[${i}]`));
  }
  return [parseOne(value, "message")];
}

function parseOne(value: unknown, at: string): PortfolioMessage {
  const o = object(value, at);
  const kind = oneOf(o, "kind", at, ["price", "position", "option", "revalue"] as const);
  switch (kind) {
    case "price":
      return {
        kind,
        symbol: string(o, "symbol", at, SYMBOL),
        price: number(o, "price", at, { positive: true, max: 1e9 }),
        ts: number(o, "ts", at, TS),
      };
    case "position": {
      const quantityDelta = number(o, "quantityDelta", at, { min: -1e9, max: 1e9 });
      if (quantityDelta === 0) {
        throw new BadInputError(
          `${at}.quantityDelta`,
          "must not be 0",
          0,
          "Send only events that change a position",
        );
      }
      return {
        kind,
        portfolio: string(o, "portfolio", at, ID),
        eventId: string(o, "eventId", at, ID),
        symbol: string(o, "symbol", at, SYMBOL),
        quantityDelta,
        price: number(o, "price", at, { positive: true, max: 1e9 }),
        ts: number(o, "ts", at, TS),
      };
    }
    case "option":
      return {
        kind,
        symbol: string(o, "symbol", at, SYMBOL),
        underlying: string(o, "underlying", at, SYMBOL),
        right: oneOf(o, "right", at, ["call", "put"] as const),
        strike: number(o, "strike", at, { positive: true, max: 1e9 }),
        expiry: number(o, "expiry", at, TS),
        volatility: number(o, "volatility", at, { positive: true, max: 10 }),
        multiplier: number(o, "multiplier", at, { positive: true, integer: true, max: 1e6 }),
      };
    case "revalue":
      return { kind, portfolio: string(o, "portfolio", at, ID) };
  }
}
