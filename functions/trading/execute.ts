/**
 * Idempotent order execution: claim the order id, check risk, send to the venue once, book the
 * fill, confirm. A repeated order id returns the first confirmation (marked `replayed`) and
 * never reaches the venue again; a transport failure releases the claim so a retry can run.
 * The claim is bound to the order's digest: a different order under a used id is refused with
 * a {@link ConflictError} (409), never answered with the first order's confirmation.
 */
import { ConflictError } from "../lib/errors";
import type { IdempotencyStore } from "../lib/idempotency";
import { digestDifferences, orderDigest, type Order } from "./order";
import { checkRisk, DEFAULT_LIMITS, type RiskLimits } from "./risk";
import type { VenueAdapter } from "./venue";

/** A trade confirmation (the codec's shared "confirmation" structure: keep the key order). */
export interface Confirmation {
  readonly orderId: string;
  /** The venue's status, "rejected" by risk or venue, or "pending" while a twin is executing. */
  readonly status: "filled" | "partial" | "accepted" | "rejected" | "pending";
  readonly venue: string | null;
  readonly venueOrderId: string | null;
  readonly filledQuantity: number;
  readonly avgPrice: number | null;
  /** Epoch milliseconds of the decision. */
  readonly ts: number;
  readonly reason: string | null;
}

/** A confirmation as returned to the caller. */
export interface ExecutionResult extends Confirmation {
  /** True when this is the stored result of an earlier request with the same order id. */
  readonly replayed: boolean;
}

/** Signed positions per account and symbol. */
export interface PositionBook {
  get(account: string, symbol: string): number;
  add(account: string, symbol: string, delta: number): void;
}

/**
 * An in-memory {@link PositionBook} for one instance, by account then symbol: no key string is
 * built per look-up on the order path.
 */
export class MemoryPositionBook implements PositionBook {
  private readonly accounts = new Map<string, Map<string, number>>();
  /** {@inheritDoc PositionBook.get} */
  get(account: string, symbol: string): number {
    return this.accounts.get(account)?.get(symbol) ?? 0;
  }
  /** {@inheritDoc PositionBook.add} */
  add(account: string, symbol: string, delta: number): void {
    let symbols = this.accounts.get(account);
    if (symbols === undefined) {
      symbols = new Map();
      this.accounts.set(account, symbols);
    }
    symbols.set(symbol, (symbols.get(symbol) ?? 0) + delta);
  }
}

/** What execution needs. */
export interface ExecutionDeps {
  readonly store: IdempotencyStore;
  /** Venues by code; `defaultVenue` when the order names none. */
  readonly venues: ReadonlyMap<string, VenueAdapter>;
  readonly defaultVenue: string;
  readonly positions: PositionBook;
  readonly referencePrice: (symbol: string) => number | undefined;
  /** @default DEFAULT_LIMITS */
  readonly limits?: RiskLimits;
  /** How long an order id stays claimed. @default 86400 (one trading day) */
  readonly ttlSeconds?: number;
  /** @default Date.now */
  readonly now?: () => number;
}

/** Executes a validated order exactly once per order id. */
export async function executeOrder(order: Order, deps: ExecutionDeps): Promise<ExecutionResult> {
  const now = deps.now ?? Date.now;
  const ttl = deps.ttlSeconds ?? 86_400;
  const venueCode = order.venue ?? deps.defaultVenue;
  const venue = deps.venues.get(venueCode);
  const digest = orderDigest(order);
  const claim = await deps.store.claim(order.orderId, digest, ttl);
  // A claim stored before claims carried digests has none: replay it as before.
  if (claim.status !== "claimed" && claim.digest !== undefined && claim.digest !== digest) {
    throw conflict(order.orderId, claim.digest, digest);
  }
  if (claim.status === "done") return withReplayed(JSON.parse(claim.result) as Confirmation, true);
  if (claim.status === "pending") {
    return withReplayed(
      confirmation(
        order,
        "pending",
        venueCode,
        now(),
        "an earlier request with this order id is executing",
      ),
      true,
    );
  }
  let result: Confirmation;
  if (!venue) {
    result = confirmation(
      order,
      "rejected",
      venueCode,
      now(),
      `venue ${venueCode} is not connected`,
    );
  } else {
    const risk = checkRisk(
      order,
      {
        referencePrice: deps.referencePrice(order.symbol),
        position: deps.positions.get(order.account, order.symbol),
      },
      deps.limits ?? DEFAULT_LIMITS,
    );
    if (!risk.accepted) {
      result = confirmation(order, "rejected", venueCode, now(), risk.reasons.join(" "));
    } else {
      let execution;
      try {
        execution = await venue.submit(order);
      } catch (error) {
        await deps.store.release(order.orderId);
        throw error;
      }
      if (execution.filledQuantity > 0) {
        const signed = order.side === "buy" ? execution.filledQuantity : -execution.filledQuantity;
        deps.positions.add(order.account, order.symbol, signed);
      }
      result = {
        orderId: order.orderId,
        status: execution.status,
        venue: venueCode,
        venueOrderId: execution.venueOrderId,
        filledQuantity: execution.filledQuantity,
        avgPrice: execution.avgPrice,
        ts: now(),
        reason: execution.reason,
      };
    }
  }
  await deps.store.complete(order.orderId, digest, JSON.stringify(result), ttl);
  return withReplayed(result, false);
}

/**
 * The confirmation with its `replayed` flag, keys in the confirmation's order. Written out
 * rather than spread: an object spread costs several times a literal on the order path.
 */
function withReplayed(c: Confirmation, replayed: boolean): ExecutionResult {
  return {
    orderId: c.orderId,
    status: c.status,
    venue: c.venue,
    venueOrderId: c.venueOrderId,
    filledQuantity: c.filledQuantity,
    avgPrice: c.avgPrice,
    ts: c.ts,
    reason: c.reason,
    replayed,
  };
}

function conflict(orderId: string, claimed: string, digest: string): ConflictError {
  const fields = digestDifferences(claimed, digest);
  const which =
    fields.length > 1 ? `${fields.slice(0, -1).join(", ")} and ${fields.at(-1)}` : fields[0];
  return new ConflictError(
    "order.orderId",
    `was used by an order with a different ${which ?? "content"}`,
    orderId,
    "Send a new order under a new order id; a retry must repeat the original order exactly",
  );
}

function confirmation(
  order: Order,
  status: "rejected" | "pending",
  venue: string,
  ts: number,
  reason: string,
): Confirmation {
  return {
    orderId: order.orderId,
    status,
    venue,
    venueOrderId: null,
    filledQuantity: 0,
    avgPrice: null,
    ts,
    reason,
  };
}
