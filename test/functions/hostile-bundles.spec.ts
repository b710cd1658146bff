import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { bundleFunction } from "../../functions/build";

/**
 * Hostile input against the built bundles, each in a fresh Node process as the platform runs
 * it: what kills or wedges an instance there is what matters in production.
 */
describe("built bundles under hostile input", function () {
  this.timeout(60_000);
  let tmp: string;
  before(() => {
    tmp = mkdtempSync(path.join(tmpdir(), "tachyon-hostile-"));
  });
  after(() => {
    rmSync(tmp, { recursive: true, force: true });
  });

  /** Runs `body` (an async script body with `handler` and `call` in scope) on a GCP bundle. */
  function runGcp(name: string, body: string): { status: number | null; out: unknown } {
    const bundle = bundleFunction(name, "gcp", path.join(tmp, name));
    const script = `
      const { handler } = await import(${JSON.stringify(path.join(bundle.dir, bundle.entry))});
      async function call(request) {
        const reply = { headers: {} };
        const res = {
          status(c) { reply.status = c; return res; },
          set(n, v) { reply.headers[n] = v; return res; },
          send(b) { reply.body = Buffer.from(b).toString("utf8"); },
        };
        await handler({ headers: {}, ...request }, res);
        return reply;
      }
      ${body}`;
    const result = spawnSync(
      process.execPath,
      ["--max-old-space-size=128", "--input-type=module", "-e", script],
      { encoding: "utf8", timeout: 15_000 },
    );
    const last = result.stdout.trim().split("\n").pop() ?? "";
    return { status: result.status, out: last.startsWith("[") ? JSON.parse(last) : result.stderr };
  }

  it("answers a 300-byte batch defining an option on itself with 400 and keeps serving", () => {
    const option = { kind: "option", right: "call", strike: 1, expiry: 1, volatility: 1 };
    const batch = [
      {
        kind: "position",
        portfolio: "p",
        eventId: "e",
        symbol: "A",
        quantityDelta: 1,
        price: 1,
        ts: 1,
      },
      { ...option, symbol: "A", underlying: "A", multiplier: 1 },
    ];
    assert.ok(JSON.stringify(batch).length <= 300);
    const { status, out } = runGcp(
      "portfolio-value",
      `
      const bad = await call({ method: "POST", headers: { "content-type": "application/json" }, rawBody: Buffer.from(${JSON.stringify(JSON.stringify(batch))}) });
      const next = await call({ method: "POST", headers: { "content-type": "application/json" }, rawBody: Buffer.from('{"kind":"revalue","portfolio":"p"}') });
      console.log(JSON.stringify([bad.status, JSON.parse(bad.body).error.message, next.status, next.body]));`,
    );
    assert.equal(status, 0, String(out));
    assert.deepEqual(out, [
      400,
      'batch[1].underlying: must not be the option itself or lead back to it, got "A -> A". Name the instrument the option is written on.',
      200,
      '{"prices":0,"events":0,"duplicates":0,"options":0,"valuations":[{"portfolio":"p","value":0,"asOf":0,"positions":[]}]}',
    ]);
  });

  it("acknowledges an executed order pushed with a deeply nested messageId, on every delivery", () => {
    const { status, out } = runGcp(
      "order",
      `
      let messageId = "m";
      for (let depth = 0; depth < 100000; depth += 1) messageId = { messageId };
      const order = { orderId: "o-1", account: "a-1", symbol: "AAPL", side: "buy", type: "market", quantity: 1 };
      const body = { message: { data: Buffer.from(JSON.stringify(order)).toString("base64"), messageId }, subscription: "s" };
      const codes = [];
      for (const delivery of [1, 2, 3]) {
        codes.push((await call({ method: "POST", headers: { "content-type": "application/json" }, body })).status);
      }
      console.log(JSON.stringify(codes));`,
    );
    assert.equal(status, 0, String(out));
    assert.deepEqual(out, [204, 204, 204]);
  });
});
