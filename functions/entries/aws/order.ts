/**
 * Lambda entry of `order` (ALB requests and direct invokes from `normalize`'s signals). Order
 * ids are claimed in the DynamoDB table named by `TACHYON_IDEMPOTENCY_TABLE` through the signed
 * client of functions/lib/aws-client.ts, built on the first order and reused. The deployment
 * names every trading site one: the trading database's global table where it has a replica in
 * the site's region (so a retry in another region still executes once), else the site's own
 * regional table. Without the variable (outside a deployment), in the instance's memory, which
 * the log says (functions/lib/aws-idempotency.ts).
 */
import { toLambda } from "../../adapters/aws";
import { awsIdempotencyStore } from "../../lib/aws-idempotency";
import { orderFunction } from "../../trading/order-function";

/** `index.handler`. */
export const handler = toLambda(orderFunction({ store: () => awsIdempotencyStore() }));
