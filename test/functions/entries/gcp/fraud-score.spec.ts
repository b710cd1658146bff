import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { bundleFunction } from "../../../../functions/build";
import { startServer, type LocalServer } from "../../lib/rest-server";
import { startSpannerTables, type SpannerTables } from "../../lib/spanner-tables";

const DB = "projects/tachyon-spec/instances/tachyon-prod-cards/databases/cards";
const T0 = Date.UTC(2026, 10, 2, 14, 0, 0);

/** Runs the built bundle in a fresh Node process (one instance): transactions in turn. */
const SCRIPT = `
  const { handler } = await import(process.env.BUNDLE);
  const out = [];
  for (const tx of JSON.parse(process.env.TRANSACTIONS)) {
    let code = 0; let body = "";
    const res = { status(c) { code = c; return res; }, set() { return res; }, send(b) { body = b; } };
    await handler({ method: "POST", headers: { "content-type": "application/json" }, body: tx, rawBody: Buffer.from(JSON.stringify(tx)) }, res);
    out.push([code, JSON.parse(Buffer.from(body).toString("utf8")).score]);
  }
  console.log(JSON.stringify(out));`;

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

describe("functions/entries/gcp/fraud-score (built bundle)", () => {
  let spanner: SpannerTables;
  let metadata: LocalServer;
  let bundlePath: string;
  before(() => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), "tachyon-gcp-fraud-")), "fs");
    const bundle = bundleFunction("fraud-score", "gcp", out);
    bundlePath = path.join(bundle.dir, bundle.entry);
  });
  beforeEach(async () => {
    spanner = await startSpannerTables(DB, "ya29.bundle", { AccountHistories: ["Account"] });
    metadata = await startServer(() => ({
      status: 200,
      body: { access_token: "ya29.bundle", expires_in: 3599, token_type: "Bearer" },
    }));
  });
  afterEach(async () => {
    await spanner.close();
    await metadata.close();
  });

  /** Requests to a new instance: a fresh process importing the bundle. */
  const instance = async (transactions: unknown[], withDatabase: boolean): Promise<unknown> => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--input-type=module", "-e", SCRIPT],
      {
        env: {
          PATH: process.env.PATH,
          BUNDLE: bundlePath,
          TRANSACTIONS: JSON.stringify(transactions),
          ...(withDatabase
            ? { TACHYON_STATE_SPANNER_DATABASE: DB, TACHYON_STATE_SPANNER_ENDPOINT: spanner.url }
            : {}),
          GCE_METADATA_HOST: metadata.url.replace("http://", ""),
        },
        timeout: 20_000,
      },
    );
    const lines = stdout.trim().split("\n");
    return JSON.parse(lines[lines.length - 1] ?? "");
  };

  it("keeps account histories in Spanner: a second instance scores from the first's", async () => {
    assert.deepEqual(await instance([tx("t0", 0), tx("t1", 1), tx("t2", 2)], true), [
      [200, 0.003],
      [200, 0.0086],
      [200, 0.0179],
    ]);
    // Without the database a new instance sees an unknown account; with it, the first's history.
    assert.deepEqual(await instance([tx("t3", 3)], false), [[200, 0.003]]);
    assert.deepEqual(await instance([tx("t3", 3), tx("t4", 4)], true), [
      [200, 0.0362],
      [200, 0.0535],
    ]);
    const row = spanner.tables.get("AccountHistories")?.get(JSON.stringify(["acct-1"]));
    assert.equal((JSON.parse(String(row?.History)) as { count: number }).count, 5);
  });
  it("refuses to start on a malformed TACHYON_STATE_SPANNER_DATABASE, naming the setting", async () => {
    const error = await promisify(execFile)(
      process.execPath,
      ["--input-type=module", "-e", "await import(process.env.BUNDLE);"],
      {
        env: {
          PATH: process.env.PATH,
          BUNDLE: bundlePath,
          TACHYON_STATE_SPANNER_DATABASE: "positions",
        },
        timeout: 20_000,
      },
    ).then(
      () => ({ code: 0, stderr: "" }),
      (e: unknown) => e as { code: number; stderr: string },
    );
    assert.equal(error.code, 1);
    assert.match(
      error.stderr,
      /TACHYON_STATE_SPANNER_DATABASE: must be a database name, got "positions"\. Use projects\/<project>\/instances\/<instance>\/databases\/<database>\./,
    );
  });
});
