/**
 * Lambda entry of `order` (ALB requests). Order ids are claimed in the DynamoDB table named by
 * `TACHYON_IDEMPOTENCY_TABLE` (a global table, so a retry in another region still executes
 * once); without it, in the instance's memory.
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { toLambda } from "../../adapters/aws";
import { InMemoryIdempotencyStore } from "../../lib/idempotency";
import { DynamoDBIdempotencyStore } from "../../lib/idempotency-dynamodb";
import { orderFunction } from "../../trading/order-function";

/** `index.handler`. */
export const handler = toLambda(
  orderFunction({
    store: () => {
      const table = process.env.TACHYON_IDEMPOTENCY_TABLE;
      return table
        ? new DynamoDBIdempotencyStore(new DynamoDBClient({}), table)
        : new InMemoryIdempotencyStore();
    },
  }),
);
