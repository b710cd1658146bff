import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { bundleFunction } from "../../../../functions/build";
import { startCosmos, type CosmosEmulator } from "../../lib/cosmos-emulator";
import { startServer, type LocalServer } from "../../lib/rest-server";

/**
 * The part of the Functions worker's `@azure/functions-core` that app registration calls:
 * records the programming model and each registered function so that the script can invoke it
 * as the worker would.
 */
const CORE_STUB = `
  globalThis.registered = {};
  module.exports = {
    setProgrammingModel(model) { globalThis.model = model; },
    registerHook() { return { dispose() {} }; },
    registerFunction(metadata, handler) { globalThis.registered[metadata.name] = { metadata, handler }; return { dispose() {} }; },
  };`;

/**
 * Loads the built bundle as the worker would, then posts one order twice through the programming
 * model (arguments, invocation, response), with the RPC shapes the worker exchanges.
 */
const SCRIPT = `
  await import(process.env.BUNDLE);
  const order = JSON.stringify({ orderId: "o-77", account: "acct-1", symbol: "AAPL", side: "buy", type: "market", quantity: 10 });
  const send = async (n) => {
    const { metadata, handler } = globalThis.registered.order;
    const model = globalThis.model.getInvocationModel({
      invocationId: "inv-" + n,
      metadata,
      request: { inputData: [{ name: Object.keys(metadata.bindings)[0], data: { http: {
        method: "POST",
        url: "https://app.azurewebsites.net/api/order",
        headers: { "Content-Type": "application/json", "Content-Length": String(order.length) },
        body: { bytes: new TextEncoder().encode(order) },
      } } }] },
    });
    const { context, inputs } = await model.getArguments();
    const response = await model.getResponse(context, await model.invokeFunction(context, inputs, handler));
    const http = response.returnValue.http;
    const parsed = JSON.parse(Buffer.from(http.body.bytes).toString("utf8"));
    return [http.statusCode, parsed.status, parsed.replayed];
  };
  const first = await send(1);
  const second = await send(2);
  console.log(JSON.stringify([first, second]));`;

describe("functions/entries/azure/order (built bundle)", () => {
  let cosmos: CosmosEmulator;
  let identity: LocalServer;
  beforeEach(async () => {
    cosmos = await startCosmos("orders", "order-claims", "eyJ.bundle");
    identity = await startServer(() => ({
      status: 200,
      body: { access_token: "eyJ.bundle", expires_on: "4102444800", token_type: "Bearer" },
    }));
  });
  afterEach(async () => {
    await cosmos.close();
    await identity.close();
  });

  it("claims order ids in Cosmos DB when the TACHYON_IDEMPOTENCY_COSMOS_* settings are set: a repeated id replays", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "tachyon-azure-order-"));
    const core = path.join(root, "worker", "@azure", "functions-core");
    mkdirSync(core, { recursive: true });
    writeFileSync(path.join(core, "index.js"), CORE_STUB);
    const bundle = bundleFunction("order", "azure", path.join(root, "order"));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--input-type=module", "-e", SCRIPT],
      {
        env: {
          PATH: process.env.PATH,
          NODE_PATH: path.join(root, "worker"),
          BUNDLE: path.join(bundle.dir, bundle.entry),
          TACHYON_SIM_QUOTES: "AAPL:189.5:189.6",
          IDENTITY_ENDPOINT: `${identity.url}/msi/token`,
          IDENTITY_HEADER: "worker-secret",
          AZURE_CLIENT_ID: "client-guid",
          TACHYON_IDEMPOTENCY_COSMOS_ENDPOINT: `${cosmos.url}/`,
          TACHYON_IDEMPOTENCY_COSMOS_DATABASE: "orders",
          TACHYON_IDEMPOTENCY_COSMOS_CONTAINER: "order-claims",
        },
        timeout: 20_000,
      },
    );
    const lines = stdout.trim().split("\n");
    assert.deepEqual(JSON.parse(lines[lines.length - 1]), [
      ["200", "filled", false],
      ["200", "filled", true],
    ]);
    assert.equal(cosmos.docs.get("o-77")?.doc.state, "done");
    assert.deepEqual(
      cosmos.requests.map((r) => `${r.method} ${r.url}`),
      [
        "POST /dbs/orders/colls/order-claims/docs",
        "POST /dbs/orders/colls/order-claims/docs",
        "POST /dbs/orders/colls/order-claims/docs",
        "GET /dbs/orders/colls/order-claims/docs/o-77",
      ],
    );
    assert.equal(identity.requests.length, 1);
    assert.equal(identity.requests[0].headers["x-identity-header"], "worker-secret");
  });
});
