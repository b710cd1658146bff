import assert from "node:assert/strict";
import { AwsClient } from "../../../functions/lib/aws-client";
import type { AwsCredentials } from "../../../functions/lib/aws-sigv4";
import { DynamoDBIdempotencyStore } from "../../../functions/lib/idempotency-dynamodb";
import {
  amzJsonError,
  dynamoService,
  startEmulator,
  type Emulator,
  type Table,
} from "./aws-emulator";

const CREDENTIALS: AwsCredentials = {
  accessKeyId: "ASIAQEXAMPLEORDERFN1",
  secretAccessKey: "order/function/role/EXAMPLEKEY+abcdef012345",
  sessionToken: "IQoJb3JpZ2luX2VjEXAMPLEorderfunction==",
};
const TABLE = "tachyon-prod-orders-idempotency";
const NOW_MS = 1_700_000_000_500;

describe("functions/lib/idempotency-dynamodb", () => {
  let emulator: Emulator;
  let table: Table;
  let client: AwsClient;
  let now: number;
  let store: DynamoDBIdempotencyStore;

  beforeEach(async () => {
    table = new Map();
    emulator = await startEmulator({
      credentials: CREDENTIALS,
      region: "us-east-1",
      service: "dynamodb",
      handle: dynamoService(TABLE, table),
    });
    client = new AwsClient({
      service: "dynamodb",
      region: "us-east-1",
      credentials: CREDENTIALS,
      endpoint: emulator.endpoint,
      random: () => 0,
    });
    now = NOW_MS;
    store = new DynamoDBIdempotencyStore(client, TABLE, () => now);
  });

  afterEach(async () => {
    client.close();
    await emulator.close();
  });

  const sent = (i: number): unknown =>
    JSON.parse(emulator.requests[i]?.body.toString("utf8") ?? "null");

  it("claims with a conditional PutItem that tolerates TTL lag", async () => {
    assert.deepEqual(await store.claim("o-1", 86_400), { status: "claimed" });
    assert.equal(emulator.requests[0]?.headers["x-amz-target"], "DynamoDB_20120810.PutItem");
    assert.deepEqual(sent(0), {
      TableName: TABLE,
      Item: { pk: { S: "o-1" }, state: { S: "pending" }, expiresAt: { N: "1700086400" } },
      ConditionExpression: "attribute_not_exists(pk) OR expiresAt < :now",
      ExpressionAttributeValues: { ":now": { N: "1700000000" } },
      ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    });
    assert.deepEqual(table.get("o-1"), {
      pk: { S: "o-1" },
      state: { S: "pending" },
      expiresAt: { N: "1700086400" },
    });
  });

  it("reports pending while the first claim runs, then the stored result, one request each", async () => {
    await store.claim("o-1", 60);
    assert.deepEqual(await store.claim("o-1", 60), { status: "pending" });
    await store.complete("o-1", '{"status":"filled"}', 60);
    assert.deepEqual(sent(2), {
      TableName: TABLE,
      Item: {
        pk: { S: "o-1" },
        state: { S: "done" },
        result: { S: '{"status":"filled"}' },
        expiresAt: { N: "1700000060" },
      },
    });
    assert.deepEqual(await store.claim("o-1", 60), {
      status: "done",
      result: '{"status":"filled"}',
    });
    assert.equal(emulator.requests.length, 4);
  });

  it("claims again once the item's expiresAt has passed, before TTL deletes it", async () => {
    await store.claim("o-1", 10);
    now = NOW_MS + 11_000;
    assert.deepEqual(await store.claim("o-1", 10), { status: "claimed" });
  });

  it("releases only an unfinished claim", async () => {
    await store.claim("o-1", 60);
    await store.release("o-1");
    assert.deepEqual(sent(1), {
      TableName: TABLE,
      Key: { pk: { S: "o-1" } },
      ConditionExpression: "#state = :pending",
      ExpressionAttributeNames: { "#state": "state" },
      ExpressionAttributeValues: { ":pending": { S: "pending" } },
    });
    assert.equal(table.size, 0);
    await store.claim("o-1", 60);
    await store.complete("o-1", "r", 60);
    await store.release("o-1");
    assert.deepEqual(await store.claim("o-1", 60), { status: "done", result: "r" });
    // Releasing a key nobody holds fails the condition quietly.
    await store.release("o-unknown");
  });

  it("retries a throttled claim and passes other errors through", async () => {
    emulator.script.push(
      amzJsonError(
        400,
        "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
        "Rate of requests exceeds the allowed throughput.",
      ),
    );
    assert.deepEqual(await store.claim("o-2", 60), { status: "claimed" });
    assert.equal(emulator.requests.length, 2);
    const wrongTable = new DynamoDBIdempotencyStore(client, "missing", () => now);
    await assert.rejects(wrongTable.claim("o-3", 60), {
      name: "ResourceNotFoundException",
      message: "ResourceNotFoundException: Requested resource not found",
    });
    await assert.rejects(wrongTable.release("o-3"), { name: "ResourceNotFoundException" });
  });
});
