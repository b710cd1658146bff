import assert from "node:assert/strict";
import { metadataTokens, TOKEN_PATH } from "../../../functions/lib/gcp-metadata";
import { startServer, type LocalServer } from "./rest-server";

describe("functions/lib/gcp-metadata", () => {
  let metadata: LocalServer;
  let issued: number;
  beforeEach(async () => {
    issued = 0;
    metadata = await startServer((req) => {
      if (req.headers["metadata-flavor"] !== "Google" || req.url !== TOKEN_PATH) {
        return { status: 403, body: "Missing Metadata-Flavor:Google header." };
      }
      issued += 1;
      return {
        status: 200,
        body: { access_token: `ya29.${issued}`, expires_in: 3599, token_type: "Bearer" },
      };
    });
  });
  afterEach(() => metadata.close());

  it("asks the metadata server with Metadata-Flavor: Google and caches until a minute before expiry", async () => {
    let now = 1_000_000;
    const tokens = metadataTokens({ host: metadata.url, now: () => now });
    assert.equal(await tokens.get(), "ya29.1");
    now += 3_599_000 - 60_001;
    assert.equal(await tokens.get(), "ya29.1");
    now += 2;
    assert.equal(await tokens.get(), "ya29.2");
    assert.deepEqual(
      metadata.requests.map((r) => `${r.method} ${r.url} ${r.headers["metadata-flavor"]}`),
      [`GET ${TOKEN_PATH} Google`, `GET ${TOKEN_PATH} Google`],
    );
  });

  it("fails with the status and the fix when there is no token to give", async () => {
    metadata.script.push({ status: 404, body: "Not Found" });
    await assert.rejects(metadataTokens({ host: metadata.url }).get(), {
      message: `GET ${TOKEN_PATH}: failed with HTTP 404, got "Not Found". Run on Cloud Run or Cloud Functions with a service account attached.`,
    });
  });
});
