import assert from "node:assert/strict";
import { DynamoDBTable } from "../../../functions/lib/dynamodb";
import { Book } from "../../../functions/portfolio/book";
import { DynamoDBPortfolioStore } from "../../../functions/portfolio/store-dynamodb";
import { portfolioValueFunction } from "../../../functions/portfolio/value";
import { AwsClient } from "../../../functions/lib/aws-client";
import { startEmulator, type Emulator } from "../lib/aws-emulator";
import { dynamoStateService, type StateTable } from "../lib/aws-emulator-state";
import { startDynalite, type LocalDynamo } from "../lib/dynalite";
import { EVENT_TS, event, storeContract } from "./store-contract";

const TABLE = "tachyon-dev-positions-state";

describe("functions/portfolio/store-dynamodb (against dynalite)", () => {
  let dynamo: LocalDynamo;
  beforeEach(async () => {
    dynamo = await startDynalite();
    await dynamo.createTable(TABLE, "sk");
  });
  afterEach(() => dynamo.close());

  const newStore = () => new DynamoDBPortfolioStore(new DynamoDBTable(dynamo.client(), TABLE));

  it("writes a position item with the event id in the same conditional update", async () => {
    const fn = portfolioValueFunction({ book: new Book(0.05), store: newStore });
    await fn.handle(fn.parse([event("e1", "MSFT", 10, 400), event("e2", "MSFT", -4, 410)]));
    const raw = await dynamo.client().json("DynamoDB_20120810.GetItem", {
      TableName: TABLE,
      Key: { pk: { S: "portfolio#pf-1" }, sk: { S: "position#MSFT" } },
    });
    assert.deepEqual(raw, {
      Item: {
        pk: { S: "portfolio#pf-1" },
        sk: { S: "position#MSFT" },
        quantity: { N: "6" },
        lastFill: { N: "410" },
        ts: { N: String(EVENT_TS) },
        "event:e1": { N: String(EVENT_TS) },
        "event:e2": { N: String(EVENT_TS) },
      },
    });
  });

  storeContract(newStore);
});

describe("functions/portfolio/store-dynamodb (against the project's signature-checking emulator)", () => {
  const credentials = {
    accessKeyId: "ASIAQEXAMPLEPORTFOLIO",
    secretAccessKey: "portfolio/function/EXAMPLEKEY+0123456789",
    sessionToken: "IQoJb3JpZ2luX2VjEXAMPLEportfolio==",
  };
  let emulator: Emulator;
  let table: StateTable;
  const clients: AwsClient[] = [];
  beforeEach(async () => {
    table = new Map();
    emulator = await startEmulator({
      credentials,
      region: "us-east-1",
      service: "dynamodb",
      handle: dynamoStateService(TABLE, table),
    });
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    assert.deepEqual(emulator.refused, []);
    await emulator.close();
  });

  storeContract(() => {
    const client = new AwsClient({
      service: "dynamodb",
      region: "us-east-1",
      credentials,
      endpoint: emulator.endpoint,
    });
    clients.push(client);
    return new DynamoDBPortfolioStore(new DynamoDBTable(client, TABLE));
  });
});
