import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { bundleFunction } from "../../../../functions/build";
import { startServer, type LocalServer } from "../../lib/rest-server";
import { startSpannerTables, type SpannerTables } from "../../lib/spanner-tables";

const DB = "projects/tachyon-spec/instances/tachyon-prod-positions/databases/positions";
const T = Date.UTC(2026, 0, 15);

/** Runs the built bundle in a fresh Node process (one instance): one JSON message, then a revaluation. */
const SCRIPT = `
  const { handler } = await import(process.env.BUNDLE);
  const send = async (message) => {
    let code = 0; let body = "";
    const res = { status(c) { code = c; return res; }, set() { return res; }, send(b) { body = b; } };
    await handler({ method: "POST", headers: { "content-type": "application/json" }, body: message, rawBody: Buffer.from(JSON.stringify(message)) }, res);
    return [code, JSON.parse(Buffer.from(body).toString("utf8"))];
  };
  const applied = await send(JSON.parse(process.env.MESSAGES));
  const revalued = await send({ kind: "revalue", portfolio: "pf-1" });
  console.log(JSON.stringify([applied, revalued]));`;

const position = (eventId: string, quantityDelta: number) => ({
  kind: "position",
  portfolio: "pf-1",
  eventId,
  symbol: "MSFT",
  quantityDelta,
  price: 400,
  ts: T,
});

describe("functions/entries/gcp/portfolio-value (built bundle)", () => {
  let spanner: SpannerTables;
  let metadata: LocalServer;
  let bundlePath: string;
  before(() => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), "tachyon-gcp-portfolio-")), "pv");
    const bundle = bundleFunction("portfolio-value", "gcp", out);
    bundlePath = path.join(bundle.dir, bundle.entry);
  });
  beforeEach(async () => {
    spanner = await startSpannerTables(DB, "ya29.bundle", {
      Positions: ["Portfolio", "Symbol"],
      PortfolioEvents: ["Portfolio", "EventId"],
      OptionDefinitions: ["Symbol"],
    });
    metadata = await startServer(() => ({
      status: 200,
      body: { access_token: "ya29.bundle", expires_in: 3599, token_type: "Bearer" },
    }));
  });
  afterEach(async () => {
    await spanner.close();
    await metadata.close();
  });

  const instance = async (messages: unknown[]) => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--input-type=module", "-e", SCRIPT],
      {
        env: {
          PATH: process.env.PATH,
          BUNDLE: bundlePath,
          MESSAGES: JSON.stringify(messages),
          TACHYON_STATE_SPANNER_DATABASE: DB,
          TACHYON_STATE_SPANNER_ENDPOINT: spanner.url,
          GCE_METADATA_HOST: metadata.url.replace("http://", ""),
        },
        timeout: 20_000,
      },
    );
    const lines = stdout.trim().split("\n");
    return JSON.parse(lines[lines.length - 1]) as [
      [number, { events: number; duplicates: number }],
      [number, { valuations: { positions: unknown[] }[] }],
    ];
  };

  it("keeps positions in Spanner: a second instance revalues the first's and a redelivered event applies once", async () => {
    const [first] = await instance([position("e1", 10), position("e2", 5)]);
    assert.deepEqual([first[0], first[1].events, first[1].duplicates], [200, 2, 0]);
    const [second, revalued] = await instance([position("e2", 5), position("e3", -3)]);
    assert.deepEqual([second[0], second[1].events, second[1].duplicates], [200, 1, 1]);
    assert.deepEqual(revalued[1].valuations[0]?.positions, [
      { symbol: "MSFT", quantity: 12, value: 4800 },
    ]);
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
