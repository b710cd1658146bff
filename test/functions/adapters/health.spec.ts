import assert from "node:assert/strict";
import {
  AZURE_HEALTH_PATH,
  HEALTH_PATH,
  healthReply,
  isHealthPath,
} from "../../../functions/adapters/health";

const text = (body: Uint8Array): string => Buffer.from(body).toString("utf8");

describe("functions/adapters/health", () => {
  it("serves /health, a path that does not end in z (Cloud Run reserves some of those)", () => {
    assert.equal(HEALTH_PATH, "/health");
  });

  it("serves /api/health on Azure, under the Functions host's api/ prefix", () => {
    assert.equal(AZURE_HEALTH_PATH, "/api/health");
  });

  const paths: [string | undefined, boolean][] = [
    ["/health", true],
    ["/health?probe=route53", true],
    ["/health/", false],
    ["/HEALTH", false],
    ["/healthz", false],
    ["/order/health", false],
    ["/api/health", false],
    ["/order", false],
    ["/", false],
    ["", false],
    [undefined, false],
  ];
  for (const [path, expected] of paths) {
    it(`${expected ? "takes" : "does not take"} ${JSON.stringify(path)} for the health path`, () => {
      assert.equal(isHealthPath(path), expected);
    });
  }

  it("answers a GET with 200 and the function's name, not to be cached", () => {
    const reply = healthReply("order", "GET");
    assert.equal(reply.status, 200);
    assert.equal(reply.contentType, "application/json");
    assert.deepEqual(reply.headers, { "cache-control": "no-store" });
    assert.equal(text(reply.body), '{"status":"ok","function":"order"}');
  });

  it("answers a HEAD with 200 and no body", () => {
    const reply = healthReply("fraud-score", "HEAD");
    assert.equal(reply.status, 200);
    assert.equal(reply.contentType, "application/json");
    assert.deepEqual(reply.headers, { "cache-control": "no-store" });
    assert.equal(reply.body.byteLength, 0);
  });

  for (const method of ["POST", "PUT", "DELETE", "get"]) {
    it(`answers a ${method} with 405 and Allow: GET, HEAD`, () => {
      const reply = healthReply("order", method);
      assert.equal(reply.status, 405);
      assert.equal(reply.contentType, "application/json");
      assert.deepEqual(reply.headers, { allow: "GET, HEAD" });
      assert.deepEqual(JSON.parse(text(reply.body)), {
        error: {
          code: "method_not_allowed",
          message: `method: must be GET or HEAD on /health, got ${method}. Send a GET.`,
        },
      });
    });
  }
});
