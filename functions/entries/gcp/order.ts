/** Cloud Functions gen2 / Cloud Run entry of `order` (HTTP and Pub/Sub push). */
import { toGcp } from "../../adapters/gcp";
import { orderFunction } from "../../trading/order-function";

/** The entry point (`handler`). */
export const handler = toGcp(orderFunction());
