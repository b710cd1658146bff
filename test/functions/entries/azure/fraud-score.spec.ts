import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { bundleFunction } from "../../../../functions/build";
import { startCosmos, type CosmosEmulator } from "../../lib/cosmos-emulator";
import { startServer, type LocalServer } from "../../lib/rest-server";

/** The part of the worker's `@azure/functions-core` that app registration calls. */
const CORE_STUB = `
  globalThis.registered = {};
  module.exports = {
    setProgrammingModel() {},
    registerHook() { return { dispose() {} }; },
    registerFunction(metadata, handler) { globalThis.registered[metadata.name] = handler; return { dispose() {} }; },
  };`;

/** Loads the built bundle as the worker would (one instance) and posts transactions in turn. */
const SCRIPT = `
  await import(process.env.BUNDLE);
  const out = [];
  for (const tx of JSON.parse(process.env.TRANSACTIONS)) {
    const body = new TextEncoder().encode(JSON.stringify(tx));
    const request = {
      method: "POST",
      headers: new Headers({ "content-type": "application/json", "content-length": String(body.length) }),
      arrayBuffer: async () => body.buffer,
    };
    const result = await globalThis.registered["fraud-score"](request, { invocationId: "inv-1" });
    out.push([result.status, JSON.parse(Buffer.from(result.body).toString("utf8")).score]);
  }
  console.log(JSON.stringify(out));`;

const T0 = Date.UTC(2026, 10, 2, 14, 0, 0);
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

describe("functions/entries/azure/fraud-score (built bundle)", () => {
  let cosmos: CosmosEmulator;
  let identity: LocalServer;
  let root: string;
  let bundlePath: string;
  before(() => {
    root = mkdtempSync(path.join(tmpdir(), "tachyon-azure-fraud-"));
    const core = path.join(root, "worker", "@azure", "functions-core");
    mkdirSync(core, { recursive: true });
    writeFileSync(path.join(core, "index.js"), CORE_STUB);
    const bundle = bundleFunction("fraud-score", "azure", path.join(root, "fs"));
    bundlePath = path.join(bundle.dir, bundle.entry);
  });
  beforeEach(async () => {
    cosmos = await startCosmos("customers", "items", "eyJ.bundle");
    identity = await startServer(() => ({
      status: 200,
      body: { access_token: "eyJ.bundle", expires_on: "4102444800", token_type: "Bearer" },
    }));
  });
  afterEach(async () => {
    await cosmos.close();
    await identity.close();
  });

  /** Requests to a new instance: a fresh process loading the bundle. */
  const instance = async (transactions: unknown[], withDatabase: boolean): Promise<unknown> => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--input-type=module", "-e", SCRIPT],
      {
        env: {
          PATH: process.env.PATH,
          NODE_PATH: path.join(root, "worker"),
          BUNDLE: bundlePath,
          TRANSACTIONS: JSON.stringify(transactions),
          IDENTITY_ENDPOINT: `${identity.url}/msi/token`,
          IDENTITY_HEADER: "worker-secret",
          ...(withDatabase
            ? {
                COSMOS_ENDPOINT: `${cosmos.url}/`,
                COSMOS_ACCOUNT: "tachyon-prod-customers",
                COSMOS_DATABASE: "customers",
                COSMOS_CONTAINER: "items",
              }
            : {}),
        },
        timeout: 20_000,
      },
    );
    const lines = stdout.trim().split("\n");
    return JSON.parse(lines[lines.length - 1] ?? "");
  };

  it("keeps account histories in Cosmos DB: a second instance scores from the first's", async () => {
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
    assert.equal(
      (cosmos.docs.get("fraud-history:acct-1")?.doc.history as { count: number }).count,
      5,
    );
  });
});
