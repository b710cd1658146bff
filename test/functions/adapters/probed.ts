/**
 * The functions reachable over HTTP, built so that a spec can tell whether a request touched
 * them: every call of `parse` or `handle` and every lazy dependency built is counted.
 */
import { FUNCTIONS } from "../../../functions/catalog";
import { MemoryFeatureCache } from "../../../functions/fraud/cache";
import { fraudScoreFunction } from "../../../functions/fraud/score";
import type { FunctionHandler } from "../../../functions/lib/handler";
import { InMemoryIdempotencyStore } from "../../../functions/lib/idempotency";
import { portfolioValueFunction } from "../../../functions/portfolio/value";
import { orderFunction } from "../../../functions/trading/order-function";
import { SimulatedVenue } from "../../../functions/trading/venue";

/** A handler and the number of times anything of it has run so far. */
export interface Probed {
  readonly handler: FunctionHandler;
  readonly touched: () => number;
}

/** `order`, `fraud-score` and `portfolio-value` with counted lazy dependencies and calls. */
export function probedHandlers(): Probed[] {
  return [
    counted((built) =>
      orderFunction({
        store: built(() => new InMemoryIdempotencyStore()),
        venues: built(() => new Map([["SIM", new SimulatedVenue("SIM")]])),
      }),
    ),
    counted((built) => fraudScoreFunction({ cache: built(() => new MemoryFeatureCache()) })),
    counted(() => portfolioValueFunction()),
  ];
}

/**
 * Whether the catalog triggers the function over HTTP, as Lambda (behind the ALB) and Azure do;
 * on Google Cloud every function is an HTTP function.
 */
export function servedOverHttp(probed: Probed): boolean {
  return FUNCTIONS.some((f) => f.name === probed.handler.name && f.trigger === "http");
}

type Built = <T>(factory: () => T) => () => T;

function counted(make: (built: Built) => FunctionHandler): Probed {
  let count = 0;
  const built: Built = (factory) => () => {
    count += 1;
    return factory();
  };
  const handler = make(built);
  return {
    handler: {
      name: handler.name,
      payload: handler.payload,
      maxBytes: handler.maxBytes,
      parse: (payload) => {
        count += 1;
        return handler.parse(payload);
      },
      handle: (input) => {
        count += 1;
        return handler.handle(input);
      },
    },
    touched: () => count,
  };
}
