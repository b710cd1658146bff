/**
 * The idempotency store of the AWS `order` bundle, chosen from the environment: the DynamoDB
 * table named by `TACHYON_IDEMPOTENCY_TABLE` (through the signed client of aws-client.ts, with
 * the function's role), else the instance's memory — exact within one instance only, which the
 * log says once at start, as the Azure and Google Cloud bundles do.
 */
import { awsClientFromEnv } from "./aws-client";
import { InMemoryIdempotencyStore, type IdempotencyStore } from "./idempotency";
import { DynamoDBIdempotencyStore } from "./idempotency-dynamodb";
import { log } from "./log";

/** The variable that names the claims table. */
export const TABLE_SETTING = "TACHYON_IDEMPOTENCY_TABLE";

/** Builds the store from `env` (no request is sent until the first claim). */
export function awsIdempotencyStore(env: NodeJS.ProcessEnv = process.env): IdempotencyStore {
  const table = env[TABLE_SETTING];
  if (!table) {
    log(
      "WARNING",
      "order ids are claimed in instance memory: exactly-once within this instance only",
      { store: "memory", fix: `set ${TABLE_SETTING}` },
    );
    return new InMemoryIdempotencyStore();
  }
  const store = new DynamoDBIdempotencyStore(awsClientFromEnv("dynamodb", {}, env), table);
  log("INFO", "order ids are claimed in DynamoDB", { store: "dynamodb", table });
  return store;
}
