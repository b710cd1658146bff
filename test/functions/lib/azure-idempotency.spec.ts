import assert from "node:assert/strict";
import { azureIdempotencyStore } from "../../../functions/lib/azure-idempotency";
import { InMemoryIdempotencyStore } from "../../../functions/lib/idempotency";
import { CosmosIdempotencyStore } from "../../../functions/lib/idempotency-cosmos";
import { captured } from "./log-capture";
import { startCosmos } from "./cosmos-emulator";
import { startServer } from "./rest-server";

const IDENTITY = { IDENTITY_ENDPOINT: "http://127.0.0.1:1/msi/token", IDENTITY_HEADER: "h" };

describe("functions/lib/azure-idempotency", () => {
  it("keeps claims in memory without Cosmos settings and says so once", () => {
    const { value, lines } = captured(() => azureIdempotencyStore({}));
    assert.ok(value instanceof InMemoryIdempotencyStore);
    assert.deepEqual(lines, [
      {
        severity: "WARNING",
        message: "order ids are claimed in instance memory: exactly-once within this instance only",
        store: "memory",
        fix: "set TACHYON_IDEMPOTENCY_COSMOS_ENDPOINT, TACHYON_IDEMPOTENCY_COSMOS_DATABASE and TACHYON_IDEMPOTENCY_COSMOS_CONTAINER",
      },
    ]);
  });

  it("rejects partial settings instead of falling back to memory", () => {
    assert.throws(
      () =>
        azureIdempotencyStore({
          ...IDENTITY,
          TACHYON_IDEMPOTENCY_COSMOS_ENDPOINT: "https://a.documents.azure.com:443/",
        }),
      {
        message:
          "TACHYON_IDEMPOTENCY_COSMOS_DATABASE, TACHYON_IDEMPOTENCY_COSMOS_CONTAINER: must be set with the other Cosmos DB idempotency settings, got none. Set all three or none.",
      },
    );
  });

  it("needs the managed identity endpoint to authenticate", () => {
    assert.throws(
      () =>
        azureIdempotencyStore({
          TACHYON_IDEMPOTENCY_COSMOS_ENDPOINT: "https://a.documents.azure.com:443/",
          TACHYON_IDEMPOTENCY_COSMOS_DATABASE: "orders",
          TACHYON_IDEMPOTENCY_COSMOS_CONTAINER: "order-claims",
        }),
      {
        message:
          "IDENTITY_ENDPOINT: must be set for Cosmos DB claims, got none. Give the Function App a managed identity.",
      },
    );
  });

  it("rejects an endpoint that is not a URL", () => {
    assert.throws(
      () =>
        azureIdempotencyStore({
          ...IDENTITY,
          TACHYON_IDEMPOTENCY_COSMOS_ENDPOINT: "tachyon-prod-orders",
          TACHYON_IDEMPOTENCY_COSMOS_DATABASE: "orders",
          TACHYON_IDEMPOTENCY_COSMOS_CONTAINER: "order-claims",
        }),
      {
        message:
          'TACHYON_IDEMPOTENCY_COSMOS_ENDPOINT: must be a URL, got "tachyon-prod-orders". Use the account endpoint, e.g. https://<account>.documents.azure.com:443/.',
      },
    );
  });

  it("claims in Cosmos DB with a token for the account endpoint from the app's identity", async () => {
    const cosmos = await startCosmos("orders", "order-claims", "eyJ.mi");
    const identity = await startServer(() => ({
      status: 200,
      body: { access_token: "eyJ.mi", expires_on: "4102444800", token_type: "Bearer" },
    }));
    try {
      const { value: store, lines } = captured(() =>
        azureIdempotencyStore({
          IDENTITY_ENDPOINT: `${identity.url}/msi/token`,
          IDENTITY_HEADER: "h",
          AZURE_CLIENT_ID: "client-guid",
          TACHYON_IDEMPOTENCY_COSMOS_ENDPOINT: `${cosmos.url}/`,
          TACHYON_IDEMPOTENCY_COSMOS_DATABASE: "orders",
          TACHYON_IDEMPOTENCY_COSMOS_CONTAINER: "order-claims",
        }),
      );
      assert.ok(store instanceof CosmosIdempotencyStore);
      assert.equal(lines[0].store, "cosmos");
      assert.equal(identity.requests.length, 0);
      assert.deepEqual(await store.claim("o-1", "d", 60), { status: "claimed" });
      const query = new URL(identity.requests[0].url, identity.url).searchParams;
      assert.equal(query.get("resource"), "https://127.0.0.1");
      assert.equal(query.get("client_id"), "client-guid");
      assert.equal(cosmos.docs.get("o-1")?.doc.state, "pending");
    } finally {
      await cosmos.close();
      await identity.close();
    }
  });

  it("asks for a token for the account when requests go to a regional endpoint", async () => {
    const cosmos = await startCosmos("orders", "order-claims", "eyJ.mi");
    const identity = await startServer(() => ({
      status: 200,
      body: { access_token: "eyJ.mi", expires_on: "4102444800", token_type: "Bearer" },
    }));
    try {
      const { value: store } = captured(() =>
        azureIdempotencyStore({
          IDENTITY_ENDPOINT: `${identity.url}/msi/token`,
          IDENTITY_HEADER: "h",
          TACHYON_IDEMPOTENCY_COSMOS_ENDPOINT: `${cosmos.url}/`,
          TACHYON_IDEMPOTENCY_COSMOS_ACCOUNT: "tachyon-prod-orders",
          TACHYON_IDEMPOTENCY_COSMOS_DATABASE: "orders",
          TACHYON_IDEMPOTENCY_COSMOS_CONTAINER: "order-claims",
        }),
      );
      assert.deepEqual(await store.claim("o-2", "d", 60), { status: "claimed" });
      const query = new URL(identity.requests[0].url, identity.url).searchParams;
      assert.equal(query.get("resource"), "https://tachyon-prod-orders.documents.azure.com");
    } finally {
      await cosmos.close();
      await identity.close();
    }
  });

  it("rejects an account setting that is not an account name", () => {
    assert.throws(
      () =>
        azureIdempotencyStore({
          ...IDENTITY,
          TACHYON_IDEMPOTENCY_COSMOS_ENDPOINT: "https://a-westeurope.documents.azure.com:443/",
          TACHYON_IDEMPOTENCY_COSMOS_ACCOUNT: "https://a.documents.azure.com",
          TACHYON_IDEMPOTENCY_COSMOS_DATABASE: "orders",
          TACHYON_IDEMPOTENCY_COSMOS_CONTAINER: "order-claims",
        }),
      {
        message:
          'TACHYON_IDEMPOTENCY_COSMOS_ACCOUNT: must be a Cosmos DB account name, got "https://a.documents.azure.com". Use the account\'s name: 3 to 44 lower-case letters, digits or hyphens.',
      },
    );
  });
});
