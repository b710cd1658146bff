import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { bundleFunction } from "../../../../functions/build";
import { startDynalite, type LocalDynamo } from "../../lib/dynalite";

const TABLE = "tachyon-dev-customers-state";
const T0 = Date.UTC(2026, 10, 2, 14, 0, 0);

/** Runs the built bundle in a fresh Node process (one Lambda instance): ALB requests in turn. */
const SCRIPT = `
  const { handler } = await import(process.env.BUNDLE);
  const out = [];
  for (const tx of JSON.parse(process.env.TRANSACTIONS)) {
    const result = await handler({
      requestContext: { elb: { targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/t/1" } },
      httpMethod: "POST", path: "/fraud", headers: { "content-type": "application/json" },
      body: JSON.stringify(tx), isBase64Encoded: false,
    });
    out.push([result.statusCode, JSON.parse(result.body).score]);
  }
  process.stdout.write(JSON.stringify(out));`;

describe("functions/entries/aws/fraud-score (built bundle, against dynalite)", () => {
  let dynamo: LocalDynamo;
  let bundlePath: string;
  before(() => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), "tachyon-aws-fraud-")), "fraud");
    const bundle = bundleFunction("fraud-score", "aws", out);
    bundlePath = path.join(bundle.dir, bundle.entry);
  });
  beforeEach(async () => {
    dynamo = await startDynalite();
    await dynamo.createTable(TABLE, "sk");
  });
  afterEach(() => dynamo.close());

  /** Invocations of a new instance: a fresh process importing the bundle. */
  const instance = async (transactions: unknown[], table?: string): Promise<unknown> => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--input-type=module", "-e", SCRIPT],
      {
        env: {
          PATH: process.env.PATH,
          BUNDLE: bundlePath,
          TRANSACTIONS: JSON.stringify(transactions),
          ...(table ? { TACHYON_STATE_TABLE: table } : {}),
          AWS_REGION: "us-east-1",
          AWS_ACCESS_KEY_ID: "AKIDLOCAL",
          AWS_SECRET_ACCESS_KEY: "local/secret",
          AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
        },
      },
    );
    return JSON.parse(stdout.split("\n").pop() ?? "");
  };
  const tx = (txId: string, minutes: number) => ({
    txId,
    account: "acct-1",
    amount: 40,
    currency: "USD",
    merchant: "m-1",
    mcc: "5411",
    country: "US",
    channel: "pos",
    ts: T0 + minutes * 60_000,
  });

  it("keeps account histories in the table: a second instance scores from the first's", async () => {
    const first = await instance([tx("t0", 0), tx("t1", 1), tx("t2", 2)], TABLE);
    assert.deepEqual(first, [
      [200, 0.003],
      [200, 0.0086],
      [200, 0.0179],
    ]);
    // Without the table a new instance sees an unknown account; with it, the first's history.
    assert.deepEqual(await instance([tx("t3", 3)]), [[200, 0.003]]);
    assert.deepEqual(await instance([tx("t3", 3), tx("t4", 4)], TABLE), [
      [200, 0.0362],
      [200, 0.0535],
    ]);
    const item = await dynamo
      .client()
      .json<{ Item?: { history: { S: string } } }>("DynamoDB_20120810.GetItem", {
        TableName: TABLE,
        Key: { pk: { S: "account#acct-1" }, sk: { S: "history" } },
      });
    assert.equal((JSON.parse(item.Item?.history.S ?? "{}") as { count: number }).count, 5);
  });
});
