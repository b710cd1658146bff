import assert from "node:assert/strict";
import { updateHistory } from "../../../functions/fraud/features";
import { DynamoDBHistoryStore } from "../../../functions/fraud/history-dynamodb";
import { AwsClient } from "../../../functions/lib/aws-client";
import { DynamoDBTable } from "../../../functions/lib/dynamodb";
import { setSink } from "../../../functions/lib/log";
import { DynamoDBPortfolioStore } from "../../../functions/portfolio/store-dynamodb";
import { startEmulator, type Emulator } from "../lib/aws-emulator";
import { dynamoStateService, type StateTable } from "../lib/aws-emulator-state";
import { startDynalite, type LocalDynamo } from "../lib/dynalite";
import { historyContract, T0, tx } from "./history-contract";

const TABLE = "tachyon-dev-customers-state";
const KEY = { pk: { S: "account#acct-1" }, sk: { S: "history" } };

describe("functions/fraud/history-dynamodb (against dynalite)", () => {
  let dynamo: LocalDynamo;
  beforeEach(async () => {
    dynamo = await startDynalite();
    await dynamo.createTable(TABLE, "sk");
  });
  afterEach(() => dynamo.close());

  const newStore = (now: () => number) =>
    new DynamoDBHistoryStore(new DynamoDBTable(dynamo.client(), TABLE), now);

  it("writes one item per account with the history as JSON and a Number expiresAt in epoch seconds", async () => {
    const history = updateHistory(undefined, tx("t0", 0));
    await newStore(() => T0 + 1).set("acct-1", history);
    const raw = await dynamo.client().json("DynamoDB_20120810.GetItem", {
      TableName: TABLE,
      Key: KEY,
    });
    assert.deepEqual(raw, {
      Item: {
        ...KEY,
        history: {
          S: '{"homeCountry":"US","avgAmount":40,"count":1,"recent":[{"ts":1793628000000,"amount":40,"country":"US","merchant":"m-1"}],"merchants":["m-1"]}',
        },
        // ceil((T0 + 1 ms) / 1000) + 90 days.
        expiresAt: { N: String(T0 / 1000 + 1 + 90 * 86_400) },
      },
    });
  });

  it("reads an item that is not a history as absent, and says so", async () => {
    const lines: string[] = [];
    const restore = setSink((line) => lines.push(line));
    try {
      for (const history of ["{not json", '{"homeCountry":"US","count":"1"}']) {
        await dynamo.client().json("DynamoDB_20120810.PutItem", {
          TableName: TABLE,
          Item: { ...KEY, history: { S: history }, expiresAt: { N: String(T0 / 1000 + 60) } },
        });
        assert.equal(await newStore(() => T0).get("acct-1"), undefined);
      }
    } finally {
      setSink(restore);
    }
    assert.deepEqual(
      lines.map((l) => (JSON.parse(l) as { account: string }).account),
      ["acct-1", "acct-1"],
    );
  });

  it("shares a state table with portfolio's items, even under one id: their keys never meet", async () => {
    // An AWS site's own state table holds both workloads (components/deployment/aws-local-tables.ts).
    const table = new DynamoDBTable(dynamo.client(), TABLE);
    const portfolio = new DynamoDBPortfolioStore(table);
    const history = updateHistory(undefined, tx("t0", 0));
    await newStore(() => T0).set("acct-1", history);
    await portfolio.defineOption({
      kind: "option",
      symbol: "acct-1",
      underlying: "AAPL",
      right: "call",
      strike: 200,
      expiry: T0 + 86_400_000,
      volatility: 0.3,
      multiplier: 100,
    });
    await portfolio.applyEvent({
      kind: "position",
      portfolio: "acct-1",
      eventId: "e-1",
      symbol: "history",
      quantityDelta: 5,
      price: 190,
      ts: T0,
    });
    assert.deepEqual(await newStore(() => T0).get("acct-1"), history);
    assert.deepEqual(await portfolio.positions("acct-1"), [
      { symbol: "history", quantity: 5, lastFill: 190, ts: T0 },
    ]);
    assert.deepEqual(
      (await portfolio.options()).map((o) => o.symbol),
      ["acct-1"],
    );
    const scan = await dynamo
      .client()
      .json<{ Items: { pk: { S: string }; sk: { S: string } }[] }>("DynamoDB_20120810.Scan", {
        TableName: TABLE,
        ProjectionExpression: "pk, sk",
      });
    assert.deepEqual(scan.Items.map((i) => `${i.pk.S} ${i.sk.S}`).sort(), [
      "account#acct-1 history",
      "options acct-1",
      "portfolio#acct-1 position#history",
    ]);
  });

  historyContract(newStore);
});

describe("functions/fraud/history-dynamodb (against the project's signature-checking emulator)", () => {
  const credentials = {
    accessKeyId: "ASIAQEXAMPLEFRAUD0001",
    secretAccessKey: "fraud/function/EXAMPLEKEY+0123456789",
    sessionToken: "IQoJb3JpZ2luX2VjEXAMPLEfraud==",
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

  historyContract((now) => {
    const client = new AwsClient({
      service: "dynamodb",
      region: "us-east-1",
      credentials,
      endpoint: emulator.endpoint,
    });
    clients.push(client);
    return new DynamoDBHistoryStore(new DynamoDBTable(client, TABLE), now);
  });
});
