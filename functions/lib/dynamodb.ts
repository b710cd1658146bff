/**
 * The DynamoDB calls the workloads' state stores make (GetItem, PutItem, UpdateItem, Query),
 * over the signed client of ./aws-client.ts — the same client, and so the same keep-alive pool
 * and retry rules, as the order function's idempotency store (./idempotency-dynamodb.ts). Items
 * are addressed by the string attributes `pk` and `sk` of a state table (components/data/
 * aws-global-table.ts with `rangeKey: "sk"`); only string and number attributes are used.
 */
import { AwsError } from "./aws-client";

/** A DynamoDB attribute value of the kinds the stores read and write. */
export type Attribute = { readonly S: string } | { readonly N: string };

/** An item as it travels. */
export type Item = Readonly<Record<string, Attribute>>;

/** What a store needs of a client: one AWS JSON call; `AwsClient` satisfies it. */
export interface DynamoDBCaller {
  json<T = Record<string, unknown>>(target: string, input: unknown): Promise<T>;
}

const TARGET = "DynamoDB_20120810.";

/** One state table: typed calls, with `TableName` filled in. */
export class DynamoDBTable {
  /**
   * @param client A client for the `dynamodb` service, created once per instance and reused.
   * @param tableName The table; its key is `pk` (hash) and `sk` (range), both strings.
   */
  constructor(
    private readonly client: DynamoDBCaller,
    readonly tableName: string,
  ) {}

  /** PutItem; `input` adds conditions and placeholders. */
  async put(item: Item, input: Readonly<Record<string, unknown>> = {}): Promise<void> {
    await this.client.json(`${TARGET}PutItem`, { TableName: this.tableName, Item: item, ...input });
  }

  /** GetItem with a strongly consistent read; undefined when there is no item. */
  async get(key: Item, projection?: string): Promise<Item | undefined> {
    const out = await this.client.json<{ Item?: Item }>(`${TARGET}GetItem`, {
      TableName: this.tableName,
      Key: key,
      ConsistentRead: true,
      ...(projection ? { ProjectionExpression: projection } : {}),
    });
    return out.Item;
  }

  /** UpdateItem; resolves with the `Attributes` DynamoDB returns (per `ReturnValues`). */
  async update(key: Item, input: Readonly<Record<string, unknown>>): Promise<Item> {
    const out = await this.client.json<{ Attributes?: Item }>(`${TARGET}UpdateItem`, {
      TableName: this.tableName,
      Key: key,
      ...input,
    });
    return out.Attributes ?? {};
  }

  /**
   * Every item of partition `pk`, strongly consistent, following `LastEvaluatedKey` until the
   * partition is read (a page is at most 1 MB).
   */
  async partition(pk: string, projection?: string): Promise<Item[]> {
    const items: Item[] = [];
    let start: Item | undefined;
    do {
      const out = await this.client.json<{ Items?: Item[]; LastEvaluatedKey?: Item }>(
        `${TARGET}Query`,
        {
          TableName: this.tableName,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": { S: pk } },
          ConsistentRead: true,
          ...(projection ? { ProjectionExpression: projection } : {}),
          ...(start ? { ExclusiveStartKey: start } : {}),
        },
      );
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start !== undefined);
    return items;
  }
}

/** Whether `error` is DynamoDB refusing a write because its condition did not hold. */
export function isConditionFailure(error: unknown): error is AwsError {
  return error instanceof AwsError && error.type === "ConditionalCheckFailedException";
}

/** A string attribute. */
export function s(value: string): Attribute {
  return { S: value };
}

/** A number attribute; DynamoDB stores numbers as exact decimals. */
export function n(value: number): Attribute {
  return { N: String(value) };
}

/** The string in `item[name]`, or undefined. */
export function str(item: Item | undefined, name: string): string | undefined {
  const v = item?.[name];
  return v !== undefined && "S" in v ? v.S : undefined;
}

/** The number in `item[name]`, or undefined. */
export function num(item: Item | undefined, name: string): number | undefined {
  const v = item?.[name];
  return v !== undefined && "N" in v ? Number(v.N) : undefined;
}
