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

/** Loads the built bundle as the worker would (one instance) and hands it one Event Hubs batch. */
const SCRIPT = `
  await import(process.env.BUNDLE);
  const batch = JSON.parse(process.env.MESSAGES);
  const result = await globalThis.registered["portfolio-value"](batch, { invocationId: "inv-1" });
  console.log(JSON.stringify(result));`;

const T = Date.UTC(2026, 0, 15);
const position = (eventId: string, quantityDelta: number) => ({
  kind: "position",
  portfolio: "pf-1",
  eventId,
  symbol: "MSFT",
  quantityDelta,
  price: 400,
  ts: T,
});

describe("functions/entries/azure/portfolio-value (built bundle)", () => {
  let cosmos: CosmosEmulator;
  let identity: LocalServer;
  let root: string;
  let bundlePath: string;
  before(() => {
    root = mkdtempSync(path.join(tmpdir(), "tachyon-azure-portfolio-"));
    const core = path.join(root, "worker", "@azure", "functions-core");
    mkdirSync(core, { recursive: true });
    writeFileSync(path.join(core, "index.js"), CORE_STUB);
    const bundle = bundleFunction("portfolio-value", "azure", path.join(root, "pv"));
    bundlePath = path.join(bundle.dir, bundle.entry);
  });
  beforeEach(async () => {
    cosmos = await startCosmos("positions", "items", "eyJ.bundle");
    identity = await startServer(() => ({
      status: 200,
      body: { access_token: "eyJ.bundle", expires_on: "4102444800", token_type: "Bearer" },
    }));
  });
  afterEach(async () => {
    await cosmos.close();
    await identity.close();
  });

  const instance = async (messages: unknown[]): Promise<unknown> => {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--input-type=module", "-e", SCRIPT],
      {
        env: {
          PATH: process.env.PATH,
          NODE_PATH: path.join(root, "worker"),
          BUNDLE: bundlePath,
          MESSAGES: JSON.stringify(messages),
          IDENTITY_ENDPOINT: `${identity.url}/msi/token`,
          IDENTITY_HEADER: "worker-secret",
          COSMOS_ENDPOINT: `${cosmos.url}/`,
          COSMOS_ACCOUNT: "tachyon-prod-positions",
          COSMOS_DATABASE: "positions",
          COSMOS_CONTAINER: "items",
        },
        timeout: 20_000,
      },
    );
    const lines = stdout.trim().split("\n");
    return JSON.parse(lines[lines.length - 1]);
  };

  it("keeps positions in Cosmos DB: a second instance builds on the first's and a redelivered event applies once", async () => {
    assert.deepEqual(await instance([position("e1", 10), position("e2", 5)]), {
      handled: 2,
      rejected: 0,
    });
    assert.deepEqual(await instance([position("e2", 5), position("e3", -3)]), {
      handled: 2,
      rejected: 0,
    });
    assert.deepEqual(cosmos.docs.get("portfolio:pf-1")?.doc.positions, {
      MSFT: { quantity: 12, lastFill: 400, ts: T },
    });
    assert.equal(
      new URL(`http://x${identity.requests[0]?.url}`).searchParams.get("resource"),
      "https://tachyon-prod-positions.documents.azure.com",
    );
  });
});
