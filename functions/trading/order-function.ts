/**
 * The `order` function: validate, risk-check and execute an order exactly once, answering
 * with a trade confirmation.
 */
import { InMemoryIdempotencyStore, type IdempotencyStore } from "../lib/idempotency";
import type { FunctionHandler } from "../lib/handler";
import { lazy } from "../lib/lazy";
import {
  executeOrder,
  MemoryPositionBook,
  type ExecutionDeps,
  type ExecutionResult,
  type PositionBook,
} from "./execute";
import { parseOrder, type Order } from "./order";
import { DEFAULT_LIMITS, type RiskLimits } from "./risk";
import { SimulatedVenue, type VenueAdapter } from "./venue";

/** Dependencies of {@link orderFunction}; each is built on first use when not given. */
export interface OrderDeps {
  /** @default an in-memory store (exact within one instance only) */
  readonly store?: () => IdempotencyStore;
  /** @default one {@link SimulatedVenue} quoting the symbols of `TACHYON_SIM_QUOTES` */
  readonly venues?: () => ReadonlyMap<string, VenueAdapter>;
  /** @default the first venue */
  readonly defaultVenue?: string;
  /** @default an in-memory book */
  readonly positions?: PositionBook;
  /** @default the default venue's mid price when it is a {@link SimulatedVenue}, else none */
  readonly referencePrice?: (symbol: string) => number | undefined;
  /** @default DEFAULT_LIMITS */
  readonly limits?: RiskLimits;
  /** @default Date.now */
  readonly now?: () => number;
}

/**
 * The simulated venue of instances without an exchange gateway, quoting the symbols of
 * `TACHYON_SIM_QUOTES` (`AAPL:189.5:189.6,MSFT:...`, bid:ask, 10,000 shares each side).
 */
export function simulatedVenueFromEnv(text = process.env.TACHYON_SIM_QUOTES ?? ""): SimulatedVenue {
  const venue = new SimulatedVenue("SIM");
  for (const entry of text.split(",")) {
    const [symbol, bid, ask] = entry.split(":");
    if (symbol && Number(bid) > 0 && Number(ask) > 0)
      venue.quote(symbol, { bid: Number(bid), ask: Number(ask), size: 10_000 });
  }
  return venue;
}

/** The `order` handler. */
export function orderFunction(deps: OrderDeps = {}): FunctionHandler<Order, ExecutionResult> {
  const store = lazy(deps.store ?? (() => new InMemoryIdempotencyStore()));
  const venues = lazy(deps.venues ?? (() => new Map([["SIM", simulatedVenueFromEnv()]])));
  const defaultVenue = lazy(() => deps.defaultVenue ?? (venues().keys().next().value as string));
  const positions = deps.positions ?? new MemoryPositionBook();
  // Without a market-data feed, the simulated venue's own quote is the reference price.
  const referencePrice =
    deps.referencePrice ??
    ((symbol: string) => {
      const venue = venues().get(defaultVenue());
      return venue instanceof SimulatedVenue ? venue.mid(symbol) : undefined;
    });
  // Built on the first order (the store and venues are lazy), then reused by every order.
  const execution = lazy((): ExecutionDeps => ({
    store: store(),
    venues: venues(),
    defaultVenue: defaultVenue(),
    positions,
    referencePrice,
    limits: deps.limits ?? DEFAULT_LIMITS,
    now: deps.now,
  }));
  return {
    name: "order",
    payload: "message",
    maxBytes: 4096,
    parse: parseOrder,
    handle: (order) => executeOrder(order, execution()),
  };
}
