/**
 * Cloud Functions gen2 / Cloud Run entry of `order` (HTTP and Pub/Sub push). Order ids are
 * claimed in the Spanner database named by `TACHYON_IDEMPOTENCY_SPANNER_DATABASE`, the trading
 * database or the site's own (so a retry on another instance still executes once, and in another
 * region where one database spans both); without it, in the instance's memory.
 */
import { toGcp } from "../../adapters/gcp";
import { gcpIdempotencyStore } from "../../lib/gcp-idempotency";
import { orderFunction } from "../../trading/order-function";

// Chosen when the instance loads the module, so that the choice is logged once per instance.
const store = gcpIdempotencyStore();

/** The entry point (`handler`). */
export const handler = toGcp(orderFunction({ store: () => store }));
