import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { bundleFunction } from "../../../../functions/build";
import type { AwsCredentials } from "../../../../functions/lib/aws-sigv4";
import { writeFrame, type FrameMessage } from "../../../../functions/trading/frame-writer";
import { startEmulator, type Emulator } from "../../lib/aws-emulator";

const CREDENTIALS: AwsCredentials = {
  accessKeyId: "ASIAQEXAMPLEBUNDLE02",
  secretAccessKey: "bundle/normalize/EXAMPLEKEY+0123456789abcdefg",
  sessionToken: "IQoJb3JpZ2luX2VjEXAMPLEnormalizebundle==",
};
const ALIAS_ARN =
  "arn:aws:lambda:us-east-1:123456789012:function:tachyon-prod-us-east-1-order:live";

/** 25 balanced quotes to warm the EMA, then buyers four to one above it: one BUY signal. */
function signallingFrame(): Uint8Array {
  const quote = (i: number, bid: number, bidSize: number, ask: number): FrameMessage => ({
    type: "Q",
    locate: 13,
    ts: i * 1_000,
    symbol: "AAPL",
    bid,
    bidSize,
    ask,
    askSize: 100,
  });
  const messages = Array.from({ length: 25 }, (_, i) => quote(i + 1, 100, 100, 101));
  messages.push(quote(26, 101, 400, 102));
  return writeFrame("S1", 1, messages);
}

/** Runs the built bundle in a fresh Node process: the same Kinesis record twice. */
const SCRIPT = `
  const { handler } = await import(process.env.BUNDLE);
  const event = { Records: [{ eventSource: "aws:kinesis", kinesis: { sequenceNumber: "4961", data: process.env.FRAME } }] };
  const first = await handler(event);
  const second = await handler(event);
  process.stdout.write(JSON.stringify([first, second]));`;

describe("functions/entries/aws/normalize (built bundle)", () => {
  let emulator: Emulator;
  beforeEach(async () => {
    emulator = await startEmulator({
      credentials: CREDENTIALS,
      region: "us-east-1",
      service: "lambda",
      handle: () => ({
        status: 200,
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ ok: true, value: { status: "filled" }, latencyMs: 0.2 }),
      }),
    });
  });
  afterEach(() => emulator.close());

  it("invokes the order alias named by TACHYON_ORDER_FUNCTION for a signal, retrying the record until it is through", async () => {
    const bundle = bundleFunction(
      "normalize",
      "aws",
      path.join(mkdtempSync(path.join(tmpdir(), "tachyon-aws-normalize-")), "normalize"),
    );
    // Every attempt of the first delivery fails (the client tries three times).
    emulator.script.push(...Array.from({ length: 3 }, () => ({ status: 503, body: "" })));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--input-type=module", "-e", SCRIPT],
      {
        env: {
          PATH: process.env.PATH,
          BUNDLE: path.join(bundle.dir, bundle.entry),
          FRAME: Buffer.from(signallingFrame()).toString("base64"),
          TACHYON_ORDER_FUNCTION: ALIAS_ARN,
          AWS_REGION: "us-east-1",
          AWS_ACCESS_KEY_ID: CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: CREDENTIALS.secretAccessKey,
          AWS_SESSION_TOKEN: CREDENTIALS.sessionToken,
          AWS_ENDPOINT_URL_LAMBDA: emulator.endpoint,
        },
      },
    );
    assert.deepEqual(JSON.parse(stdout.split("\n").pop() ?? ""), [
      { batchItemFailures: [{ itemIdentifier: "4961" }] },
      { batchItemFailures: [] },
    ]);
    assert.deepEqual(emulator.refused, []);
    assert.equal(emulator.requests.length, 4);
    for (const request of emulator.requests) {
      assert.equal(
        request.path,
        "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A123456789012%3Afunction%3Atachyon-prod-us-east-1-order%3Alive/invocations",
      );
      assert.equal(request.headers["x-amz-invocation-type"], "RequestResponse");
      assert.deepEqual(JSON.parse(request.body.toString("utf8")), {
        source: "tachyon.signal",
        order: {
          orderId: "sig:NASDAQ:AAPL:26:26000",
          account: "signals",
          symbol: "AAPL",
          side: "buy",
          type: "limit",
          quantity: 100,
          limitPrice: 102,
          venue: null,
        },
      });
    }
  });
});
