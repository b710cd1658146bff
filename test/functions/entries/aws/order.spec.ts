import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { bundleFunction } from "../../../../functions/build";
import type { AwsCredentials } from "../../../../functions/lib/aws-sigv4";
import { dynamoService, startEmulator, type Emulator, type Table } from "../../lib/aws-emulator";

const CREDENTIALS: AwsCredentials = {
  accessKeyId: "ASIAQEXAMPLEBUNDLE01",
  secretAccessKey: "bundle/order/EXAMPLEKEY+0123456789abcdefghij",
  sessionToken: "IQoJb3JpZ2luX2VjEXAMPLEbundle==",
};
const TABLE = "tachyon-prod-orders";

/** Runs the built bundle in a fresh Node process: the same ALB order twice. */
const SCRIPT = `
  const { handler } = await import(process.env.BUNDLE);
  const order = { orderId: "o-77", account: "acct-1", symbol: "AAPL", side: "buy", type: "market", quantity: 10 };
  const event = {
    requestContext: { elb: { targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/t/1" } },
    httpMethod: "POST", path: "/order", headers: { "content-type": "application/json" },
    body: JSON.stringify(order), isBase64Encoded: false,
  };
  const send = async () => {
    const result = await handler(event);
    const body = JSON.parse(result.body);
    return [result.statusCode, body.status, body.replayed];
  };
  const first = await send();
  const second = await send();
  process.stdout.write(JSON.stringify([first, second]));`;

describe("functions/entries/aws/order (built bundle)", () => {
  let emulator: Emulator;
  let table: Table;
  beforeEach(async () => {
    table = new Map();
    emulator = await startEmulator({
      credentials: CREDENTIALS,
      region: "us-east-1",
      service: "dynamodb",
      handle: dynamoService(TABLE, table),
    });
  });
  afterEach(() => emulator.close());

  it("claims order ids in DynamoDB when TACHYON_IDEMPOTENCY_TABLE is set: a repeated id replays", async () => {
    const bundle = bundleFunction(
      "order",
      "aws",
      path.join(mkdtempSync(path.join(tmpdir(), "tachyon-aws-order-")), "order"),
    );
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--input-type=module", "-e", SCRIPT],
      {
        env: {
          PATH: process.env.PATH,
          BUNDLE: path.join(bundle.dir, bundle.entry),
          TACHYON_SIM_QUOTES: "AAPL:189.5:189.6",
          TACHYON_IDEMPOTENCY_TABLE: TABLE,
          AWS_REGION: "us-east-1",
          AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
          AWS_SESSION_TOKEN: CREDENTIALS.sessionToken,
          AWS_ENDPOINT_URL_DYNAMODB: emulator.endpoint,
        },
      },
    );
    assert.deepEqual(JSON.parse(stdout.split("\n").pop() ?? ""), [
      [200, "filled", false],
      [200, "filled", true],
    ]);
    assert.deepEqual(emulator.refused, []);
    assert.deepEqual(
      emulator.requests.map((r) => r.headers["x-amz-target"]),
      ["DynamoDB_20120810.PutItem", "DynamoDB_20120810.PutItem", "DynamoDB_20120810.PutItem"],
    );
    assert.equal((table.get("o-77")?.state as { S: string } | undefined)?.S, "done");
  });
});
