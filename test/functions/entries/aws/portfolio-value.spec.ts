import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { bundleFunction } from "../../../../functions/build";
import { startDynalite, type LocalDynamo } from "../../lib/dynalite";

const TABLE = "tachyon-dev-positions-state";
const T = Date.UTC(2026, 0, 15);

/** Runs the built bundle in a fresh Node process (one Lambda instance): one Kinesis batch. */
const SCRIPT = `
  const { handler } = await import(process.env.BUNDLE);
  const messages = JSON.parse(process.env.MESSAGES);
  const records = messages.map((m, i) => ({
    eventSource: "aws:kinesis", eventID: "shardId-000000000000:" + i,
    eventSourceARN: "arn:aws:kinesis:us-east-1:123456789012:stream/tachyon-dev-us-east-1-prices",
    kinesis: { sequenceNumber: String(i), partitionKey: "pf-1", data: Buffer.from(JSON.stringify(m)).toString("base64") },
  }));
  const result = await handler({ Records: records });
  process.stdout.write(JSON.stringify(result));`;

describe("functions/entries/aws/portfolio-value (built bundle, against dynalite)", () => {
  let dynamo: LocalDynamo;
  let bundlePath: string;
  before(() => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), "tachyon-aws-portfolio-")), "pv");
    const bundle = bundleFunction("portfolio-value", "aws", out);
    bundlePath = path.join(bundle.dir, bundle.entry);
  });
  beforeEach(async () => {
    dynamo = await startDynalite();
    await dynamo.createTable(TABLE, "sk");
  });
  afterEach(() => dynamo.close());

  /** One invocation of a new instance: a fresh process importing the bundle. */
  const instance = async (messages: unknown[]): Promise<unknown> => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--input-type=module", "-e", SCRIPT],
      {
        env: {
          PATH: process.env.PATH,
          BUNDLE: bundlePath,
          MESSAGES: JSON.stringify(messages),
          TACHYON_STATE_TABLE: TABLE,
          AWS_REGION: "us-east-1",
          AWS_ACCESS_KEY_ID: "AKIDLOCAL",
          AWS_SECRET_ACCESS_KEY: "local/secret",
          AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
        },
      },
    );
    return JSON.parse(stdout.split("\n").pop() ?? "");
  };
  const position = (eventId: string, quantityDelta: number) => ({
    kind: "position",
    portfolio: "pf-1",
    eventId,
    symbol: "MSFT",
    quantityDelta,
    price: 400,
    ts: T,
  });

  it("keeps positions in the table: a second instance sees the first's events and a redelivered one applies once", async () => {
    assert.deepEqual(await instance([position("e1", 10), position("e2", 5)]), {
      batchItemFailures: [],
    });
    assert.deepEqual(await instance([position("e2", 5), position("e3", -3)]), {
      batchItemFailures: [],
    });
    const item = await dynamo.client().json<{ Item?: unknown }>("DynamoDB_20120810.GetItem", {
      TableName: TABLE,
      Key: { pk: { S: "portfolio#pf-1" }, sk: { S: "position#MSFT" } },
      ProjectionExpression: "quantity",
    });
    assert.deepEqual(item.Item, { quantity: { N: "12" } });
  });
});
