import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import type { Metafile } from "esbuild";
import { budgetOf, bundleFunction } from "../../../../functions/build";
import { TOKEN_PATH } from "../../../../functions/lib/gcp-metadata";
import { startServer, type LocalServer } from "../../lib/rest-server";
import { startSpanner, type SpannerEmulator } from "../../lib/spanner-emulator";

const DB = "projects/tachyon-spec/instances/tachyon-prod-orders/databases/orders";

/** Runs the built bundle in a fresh Node process: two requests with one order id. */
const SCRIPT = `
  const { handler } = await import(process.env.BUNDLE);
  const send = async () => {
    let code = 0; let body = "";
    const res = { status(c) { code = c; return res; }, set() { return res; }, send(b) { body = b; } };
    const order = { orderId: "o-77", account: "acct-1", symbol: "AAPL", side: "buy", type: "market", quantity: 10 };
    await handler({ method: "POST", headers: { "content-type": "application/json" }, body: order, rawBody: Buffer.from(JSON.stringify(order)) }, res);
    const parsed = JSON.parse(Buffer.from(body).toString("utf8"));
    return [code, parsed.status, parsed.replayed];
  };
  const first = await send();
  const second = await send();
  console.log(JSON.stringify([first, second]));`;

describe("functions/entries/gcp/order (built bundle)", () => {
  let spanner: SpannerEmulator;
  let metadata: LocalServer;
  beforeEach(async () => {
    spanner = await startSpanner(DB, "ya29.bundle", Date.now);
    metadata = await startServer(() => ({
      status: 200,
      body: { access_token: "ya29.bundle", expires_in: 3599, token_type: "Bearer" },
    }));
  });
  afterEach(async () => {
    await spanner.close();
    await metadata.close();
  });

  it("claims order ids in Spanner when TACHYON_IDEMPOTENCY_SPANNER_DATABASE is set: a repeated id replays", async () => {
    const bundle = bundleFunction(
      "order",
      "gcp",
      path.join(mkdtempSync(path.join(tmpdir(), "tachyon-gcp-order-")), "order"),
    );
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--input-type=module", "-e", SCRIPT],
      {
        env: {
          PATH: process.env.PATH,
          BUNDLE: path.join(bundle.dir, bundle.entry),
          TACHYON_SIM_QUOTES: "AAPL:189.5:189.6",
          TACHYON_IDEMPOTENCY_SPANNER_DATABASE: DB,
          TACHYON_IDEMPOTENCY_SPANNER_ENDPOINT: spanner.url,
          GCE_METADATA_HOST: metadata.url.replace("http://", ""),
        },
        timeout: 20_000,
      },
    );
    const lines = stdout.trim().split("\n");
    assert.deepEqual(JSON.parse(lines[lines.length - 1]), [
      [200, "filled", false],
      [200, "filled", true],
    ]);
    assert.deepEqual(JSON.parse(lines[0]), {
      severity: "INFO",
      message: "order ids are claimed in Spanner",
      store: "spanner",
      database: DB,
    });
    assert.equal(spanner.rows.get("o-77")?.State, "done");
    assert.deepEqual(
      spanner.requests.map((r) => r.url.replace(`/v1/${DB}/`, "")),
      [
        "sessions",
        "sessions/s1:commit",
        "sessions/s1:commit",
        "sessions/s1:commit",
        "sessions/s1:read",
      ],
    );
    assert.deepEqual(
      metadata.requests.map((r) => r.url),
      [TOKEN_PATH],
    );
    // The claims go through the Spanner client the portfolio and fraud bundles use.
    const metafile = JSON.parse(readFileSync(bundle.metafilePath, "utf8")) as Metafile;
    assert.ok(
      "functions/lib/spanner.ts" in metafile.inputs,
      "the shared Spanner client is bundled",
    );
    assert.ok(bundle.bytes <= budgetOf("order", "gcp"), `${bundle.bytes} bytes`);
  });
});
