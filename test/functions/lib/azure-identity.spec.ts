import assert from "node:assert/strict";
import {
  managedIdentityFromEnv,
  managedIdentityTokens,
} from "../../../functions/lib/azure-identity";
import { startServer, type LocalServer } from "./rest-server";

describe("functions/lib/azure-identity", () => {
  let endpoint: LocalServer;
  let issued: number;
  const EXPIRES_ON = 1_800_000_000;
  beforeEach(async () => {
    issued = 0;
    endpoint = await startServer((req) => {
      if (req.headers["x-identity-header"] !== "secret-header") {
        return { status: 401, body: { error: "unauthorized", message: "missing header" } };
      }
      issued += 1;
      return {
        status: 200,
        body: {
          access_token: `eyJ.${issued}`,
          expires_on: String(EXPIRES_ON),
          resource: "https://tachyon-prod-orders.documents.azure.com",
          token_type: "Bearer",
          client_id: "client-guid",
        },
      };
    });
  });
  afterEach(() => endpoint.close());

  it("asks the identity endpoint for the resource with the header, API version and client id", async () => {
    const tokens = managedIdentityTokens("https://tachyon-prod-orders.documents.azure.com", {
      endpoint: `${endpoint.url}/msi/token`,
      header: "secret-header",
      clientId: "client-guid",
      now: () => EXPIRES_ON * 1000 - 3_600_000,
    });
    assert.equal(await tokens.get(), "eyJ.1");
    const url = new URL(endpoint.requests[0].url, endpoint.url);
    assert.equal(url.pathname, "/msi/token");
    assert.deepEqual(Object.fromEntries(url.searchParams), {
      resource: "https://tachyon-prod-orders.documents.azure.com",
      "api-version": "2019-08-01",
      client_id: "client-guid",
    });
    assert.equal(endpoint.requests[0].method, "GET");
  });

  it("caches the token until five minutes before expires_on", async () => {
    let now = EXPIRES_ON * 1000 - 3_600_000;
    const tokens = managedIdentityTokens("https://a.documents.azure.com", {
      endpoint: `${endpoint.url}/msi/token`,
      header: "secret-header",
      now: () => now,
    });
    await tokens.get();
    now = EXPIRES_ON * 1000 - 300_001;
    assert.equal(await tokens.get(), "eyJ.1");
    now = EXPIRES_ON * 1000 - 299_999;
    assert.equal(await tokens.get(), "eyJ.2");
    assert.equal(endpoint.requests.length, 2);
  });

  it("fails with the status and the fix when the endpoint refuses", async () => {
    const tokens = managedIdentityTokens("https://a.documents.azure.com", {
      endpoint: `${endpoint.url}/msi/token`,
      header: "wrong",
    });
    await assert.rejects(tokens.get(), {
      message:
        'GET /msi/token: failed with HTTP 401, got "missing header". Give the Function App a managed identity and set AZURE_CLIENT_ID to its client id.',
    });
  });

  it("reads the endpoint, header and client id from the app's environment", () => {
    assert.deepEqual(
      managedIdentityFromEnv({
        IDENTITY_ENDPOINT: "http://localhost:42356/msi/token",
        IDENTITY_HEADER: "h",
        AZURE_CLIENT_ID: "c",
      }),
      { endpoint: "http://localhost:42356/msi/token", header: "h", clientId: "c" },
    );
    assert.equal(managedIdentityFromEnv({ IDENTITY_HEADER: "h" }), undefined);
  });
});
