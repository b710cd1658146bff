import assert from "node:assert/strict";
import { AwsClient } from "../../../functions/lib/aws-client";
import type { AwsCredentials } from "../../../functions/lib/aws-sigv4";
import { DELETE_ITEM, DynamoDBIdempotencyStore } from "../../../functions/lib/idempotency-dynamodb";
import {
  amzJsonError,
  dynamoService,
  startEmulator,
  type Emulator,
  type Table,
} from "./aws-emulator";
import { startDynaliteTable, type DynaliteTable } from "./dynalite";
import { assertExactlyOnceAcrossInstances } from "./idempotency-property";

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
    assert.deepEqual(await store.claim("o-1", "d", 86_400), { status: "claimed" });
    assert.equal(emulator.requests[0]?.headers["x-amz-target"], "DynamoDB_20120810.PutItem");
    assert.deepEqual(sent(0), {
      TableName: TABLE,
      Item: {
        pk: { S: "o-1" },
        state: { S: "pending" },
        digest: { S: "d" },
        expiresAt: { N: "1700086400" },
      },
      ConditionExpression: "attribute_not_exists(pk) OR expiresAt < :now",
      ExpressionAttributeValues: { ":now": { N: "1700000000" } },
      ReturnValuesOnConditionCheckFailure: "ALL_OLD",
    });
    assert.deepEqual(table.get("o-1"), {
      pk: { S: "o-1" },
      state: { S: "pending" },
      digest: { S: "d" },
      expiresAt: { N: "1700086400" },
    });
  });

  it("reports pending while the first claim runs, then the stored result, one request each", async () => {
    await store.claim("o-1", "d", 60);
    assert.deepEqual(await store.claim("o-1", "d", 60), { status: "pending", digest: "d" });
    await store.complete("o-1", "d", '{"status":"filled"}', 60);
    assert.deepEqual(sent(2), {
      TableName: TABLE,
      Item: {
        pk: { S: "o-1" },
        state: { S: "done" },
        digest: { S: "d" },
        result: { S: '{"status":"filled"}' },
        expiresAt: { N: "1700000060" },
      },
    });
    assert.deepEqual(await store.claim("o-1", "d", 60), {
      status: "done",
      result: '{"status":"filled"}',
      digest: "d",
    });
    assert.equal(emulator.requests.length, 4);
  });

  it("claims again once the item's expiresAt has passed, before TTL deletes it", async () => {
    await store.claim("o-1", "d", 10);
    now = NOW_MS + 11_000;
    assert.deepEqual(await store.claim("o-1", "d", 10), { status: "claimed" });
  });

  it("releases only an unfinished claim", async () => {
    await store.claim("o-1", "d", 60);
    await store.release("o-1");
    assert.deepEqual(sent(1), {
      TableName: TABLE,
      Key: { pk: { S: "o-1" } },
      ConditionExpression: "#state = :pending",
      ExpressionAttributeNames: { "#state": "state" },
      ExpressionAttributeValues: { ":pending": { S: "pending" } },
    });
    assert.equal(table.size, 0);
    await store.claim("o-1", "d", 60);
    await store.complete("o-1", "d", "r", 60);
    await store.release("o-1");
    assert.deepEqual(await store.claim("o-1", "d", 60), {
      status: "done",
      result: "r",
      digest: "d",
    });
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
    assert.deepEqual(await store.claim("o-2", "d", 60), { status: "claimed" });
    assert.equal(emulator.requests.length, 2);
    const wrongTable = new DynamoDBIdempotencyStore(client, "missing", () => now);
    await assert.rejects(wrongTable.claim("o-3", "d", 60), {
      name: "ResourceNotFoundException",
      message: "ResourceNotFoundException: Requested resource not found",
    });
    await assert.rejects(wrongTable.release("o-3"), { name: "ResourceNotFoundException" });
  });

  it("executes once across instances sharing the table", async () => {
    await assertExactlyOnceAcrossInstances(
      () => table.clear(),
      () => new DynamoDBIdempotencyStore(client, TABLE, () => now),
    );
  });

  describe("against dynalite, an independent implementation of DynamoDB's API", () => {
    let dynamo: DynaliteTable;
    let store: DynamoDBIdempotencyStore;
    let now: number;
    before(async () => {
      dynamo = await startDynaliteTable(TABLE);
    });
    after(() => dynamo.close());
    beforeEach(() => {
      now = NOW_MS;
      store = new DynamoDBIdempotencyStore(dynamo.client, TABLE, () => now);
    });

    it("claims once, tells later callers the digest it was claimed for, then replays the result", async () => {
      assert.deepEqual(await store.claim("d-1", "buy 100", 60), { status: "claimed" });
      assert.deepEqual(await store.claim("d-1", "sell 5", 60), {
        status: "pending",
        digest: "buy 100",
      });
      await store.complete("d-1", "buy 100", '{"status":"filled"}', 60);
      // dynalite leaves the old item out of a failed condition; the store reads it instead.
      assert.deepEqual(await store.claim("d-1", "sell 5", 60), {
        status: "done",
        result: '{"status":"filled"}',
        digest: "buy 100",
      });
    });

    it("claims again once the item's expiresAt has passed, before TTL deletes it", async () => {
      await store.claim("d-2", "buy 100", 10);
      now = NOW_MS + 11_000;
      assert.deepEqual(await store.claim("d-2", "sell 5", 10), { status: "claimed" });
      assert.deepEqual(await store.claim("d-2", "buy 100", 10), {
        status: "pending",
        digest: "sell 5",
      });
    });

    it("releases only an unfinished claim (the state attribute is a reserved word)", async () => {
      await store.claim("d-3", "x", 60);
      await store.release("d-3");
      assert.deepEqual(await store.claim("d-3", "y", 60), { status: "claimed" });
      await store.complete("d-3", "y", "r", 60);
      await store.release("d-3");
      assert.deepEqual(await store.claim("d-3", "y", 60), {
        status: "done",
        result: "r",
        digest: "y",
      });
      await store.release("d-unknown");
    });

    it("passes DynamoDB's error for a missing table through", async () => {
      const missing = new DynamoDBIdempotencyStore(dynamo.client, "missing-table", () => now);
      await assert.rejects(missing.claim("d-4", "x", 60), {
        name: "ResourceNotFoundException",
        message: "ResourceNotFoundException: Requested resource not found",
      });
    });

    it("executes once across instances sharing the table", async () => {
      await assertExactlyOnceAcrossInstances(
        async () => {
          for (const key of ["a", "b", "c"]) {
            await dynamo.client.json(DELETE_ITEM, { TableName: TABLE, Key: { pk: { S: key } } });
          }
        },
        () => new DynamoDBIdempotencyStore(dynamo.client, TABLE, () => now),
      );
    });
  });
});
