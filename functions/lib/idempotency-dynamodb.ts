/**
 * DynamoDB adapter of the idempotency store: one item per key in a table with partition key
 * `pk` (string) and TTL attribute `expiresAt` (epoch seconds); each item keeps the `digest` of
 * the request it was claimed for. A claim is a conditional PutItem that succeeds only when no
 * live item holds the key; on failure DynamoDB returns the existing item
 * (`ReturnValuesOnConditionCheckFailure: ALL_OLD`), so a replay costs one request. A service
 * that leaves the item out of the failure (DynamoDB Local and dynalite predate the parameter)
 * costs one strongly consistent GetItem more.
 *
 * It speaks DynamoDB's JSON protocol through the small signed client of ./aws-client.ts rather
 * than the AWS SDK, which would be most of the order bundle and most of its cold start.
 */
import { AwsError } from "./aws-client";
import type { Claim, IdempotencyStore } from "./idempotency";

/** A DynamoDB attribute value of the kinds the store reads and writes. */
export type AttributeValue = { readonly S: string } | { readonly N: string };

/** What the store needs of a client: one AWS JSON call; `AwsClient` satisfies it. */
export interface DynamoDBJsonClient {
  json<T = Record<string, unknown>>(target: string, input: unknown): Promise<T>;
}

/** The operations the store calls, as `X-Amz-Target` values of DynamoDB's API version. */
export const PUT_ITEM = "DynamoDB_20120810.PutItem";
/** See {@link PUT_ITEM}. */
export const DELETE_ITEM = "DynamoDB_20120810.DeleteItem";
/** See {@link PUT_ITEM}. */
export const GET_ITEM = "DynamoDB_20120810.GetItem";

/** An idempotency store in a DynamoDB table (a global table replicates claims across regions). */
export class DynamoDBIdempotencyStore implements IdempotencyStore {
  /**
   * @param client A DynamoDB client, created once per instance and reused.
   * @param tableName The table; its partition key must be the string attribute `pk`.
   * @param now Clock in epoch milliseconds.
   */
  constructor(
    private readonly client: DynamoDBJsonClient,
    private readonly tableName: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** {@inheritDoc IdempotencyStore.claim} */
  async claim(key: string, digest: string, ttlSeconds: number): Promise<Claim> {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const nowSeconds = Math.floor(this.now() / 1000);
      try {
        await this.client.json(PUT_ITEM, {
          TableName: this.tableName,
          Item: {
            pk: { S: key },
            state: { S: "pending" },
            digest: { S: digest },
            expiresAt: { N: String(nowSeconds + ttlSeconds) },
          },
          // TTL deletion lags by up to days, so an expired item must not block a new claim.
          ConditionExpression: "attribute_not_exists(pk) OR expiresAt < :now",
          ExpressionAttributeValues: { ":now": { N: String(nowSeconds) } },
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        });
        return { status: "claimed" };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const item = (error.body.Item as Item | undefined) ?? (await this.read(key));
        // Gone between the failed put and the read (released or expired): claim again, once.
        if (item !== undefined) return claimOf(item);
      }
    }
    // Claimed, then gone, twice in a row: another caller is churning the key right now.
    return { status: "pending", digest: undefined };
  }

  /** {@inheritDoc IdempotencyStore.complete} */
  async complete(key: string, digest: string, result: string, ttlSeconds: number): Promise<void> {
    await this.client.json(PUT_ITEM, {
      TableName: this.tableName,
      Item: {
        pk: { S: key },
        state: { S: "done" },
        digest: { S: digest },
        result: { S: result },
        expiresAt: { N: String(Math.floor(this.now() / 1000) + ttlSeconds) },
      },
    });
  }

  /** The item under `key`, read strongly consistent; undefined when there is none. */
  private async read(key: string): Promise<Item | undefined> {
    const res = await this.client.json<{ Item?: Item }>(GET_ITEM, {
      TableName: this.tableName,
      Key: { pk: { S: key } },
      ConsistentRead: true,
    });
    return res.Item;
  }

  /** {@inheritDoc IdempotencyStore.release} */
  async release(key: string): Promise<void> {
    try {
      await this.client.json(DELETE_ITEM, {
        TableName: this.tableName,
        Key: { pk: { S: key } },
        // Never delete a finished result: only our own unfinished claim.
        ConditionExpression: "#state = :pending",
        ExpressionAttributeNames: { "#state": "state" },
        ExpressionAttributeValues: { ":pending": { S: "pending" } },
      });
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}

type Item = Record<string, AttributeValue>;

function isConditionFailure(error: unknown): error is AwsError {
  return error instanceof AwsError && error.type === "ConditionalCheckFailedException";
}

function claimOf(item: Item): Claim {
  const { state, result, digest: stored } = item;
  const digest = stored && "S" in stored ? stored.S : undefined;
  return state && "S" in state && state.S === "done" && result && "S" in result
    ? { status: "done", result: result.S, digest }
    : { status: "pending", digest };
}
