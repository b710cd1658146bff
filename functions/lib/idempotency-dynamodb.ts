/**
 * DynamoDB adapter of the idempotency store: one item per key in a table with partition key
 * `pk` (string) and TTL attribute `expiresAt` (epoch seconds). A claim is a conditional
 * PutItem that succeeds only when no live item holds the key; on failure DynamoDB returns the
 * existing item (`ReturnValuesOnConditionCheckFailure: ALL_OLD`), so a replay costs one request.
 */
import {
  ConditionalCheckFailedException,
  DeleteItemCommand,
  PutItemCommand,
  type AttributeValue,
} from "@aws-sdk/client-dynamodb";
import type { Claim, IdempotencyStore } from "./idempotency";

/** The part of `DynamoDBClient` the store uses; a real client satisfies it. */
export interface DynamoDBSender {
  send(command: PutItemCommand | DeleteItemCommand): Promise<unknown>;
}

/** An idempotency store in a DynamoDB table (a global table replicates claims across regions). */
export class DynamoDBIdempotencyStore implements IdempotencyStore {
  /**
   * @param client A `DynamoDBClient`, created once per instance and reused.
   * @param tableName The table; its partition key must be the string attribute `pk`.
   * @param now Clock in epoch milliseconds.
   */
  constructor(
    private readonly client: DynamoDBSender,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** {@inheritDoc IdempotencyStore.claim} */
  async claim(key: string, ttlSeconds: number): Promise<Claim> {
    const nowSeconds = Math.floor(this.now() / 1000);
    try {
      await this.client.send(
        new PutItemCommand({
          TableName: this.tableName,
          Item: {
            pk: { S: key },
            state: { S: "pending" },
            expiresAt: { N: String(nowSeconds + ttlSeconds) },
          },
          // TTL deletion lags by up to days, so an expired item must not block a new claim.
          ConditionExpression: "attribute_not_exists(pk) OR expiresAt < :now",
          ExpressionAttributeValues: { ":now": { N: String(nowSeconds) } },
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
      );
      return { status: "claimed" };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException || isConditionFailure(error)) {
        return claimOf((error as { Item?: Record<string, AttributeValue> }).Item);
      }
      throw error;
    }
  }

  /** {@inheritDoc IdempotencyStore.complete} */
  async complete(key: string, result: string, ttlSeconds: number): Promise<void> {
    await this.client.send(
      new PutItemCommand({
        TableName: this.tableName,
        Item: {
          pk: { S: key },
          state: { S: "done" },
          result: { S: result },
          expiresAt: { N: String(Math.floor(this.now() / 1000) + ttlSeconds) },
        },
      }),
    );
  }

  /** {@inheritDoc IdempotencyStore.release} */
  async release(key: string): Promise<void> {
    try {
      await this.client.send(
        new DeleteItemCommand({
          TableName: this.tableName,
          Key: { pk: { S: key } },
          // Never delete a finished result: only our own unfinished claim.
          ConditionExpression: "#state = :pending",
          ExpressionAttributeNames: { "#state": "state" },
          ExpressionAttributeValues: { ":pending": { S: "pending" } },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException || isConditionFailure(error))) {
        throw error;
      }
    }
  }
}

function isConditionFailure(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === "ConditionalCheckFailedException";
}

function claimOf(item: Record<string, AttributeValue> | undefined): Claim {
  const result = item?.result?.S;
  return item?.state?.S === "done" && result !== undefined
    ? { status: "done", result }
    : { status: "pending" };
}
