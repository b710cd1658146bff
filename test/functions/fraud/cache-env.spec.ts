import assert from "node:assert/strict";
import { featureCacheFromEnv, respOptionsFromEnv } from "../../../functions/fraud/cache-env";
import { RedisFeatureCache } from "../../../functions/fraud/cache";
import { setSink } from "../../../functions/lib/log";

const aws = {
  TACHYON_CACHE_ENDPOINT: "master.tachyon-prod-use1-cache.abc123.use1.cache.amazonaws.com",
  TACHYON_CACHE_USER: "tachyon-prod-use1-cache-fn",
  TACHYON_CACHE_NAME: "tachyon-prod-use1-cache",
  AWS_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
  AWS_SECRET_ACCESS_KEY: "secret",
  AWS_SESSION_TOKEN: "session",
};

describe("functions/fraud/cache-env", () => {
  it("uses instance memory only when no cache endpoint is set", () => {
    assert.equal(respOptionsFromEnv("aws", {}), undefined);
    assert.equal(featureCacheFromEnv("gcp", {}).remote, undefined);
  });

  it("authenticates to ElastiCache as the IAM user with a token signed for the replication group", async () => {
    const options = respOptionsFromEnv("aws", aws);
    assert.deepEqual(
      { ...options, password: typeof options?.password },
      {
        host: aws.TACHYON_CACHE_ENDPOINT,
        port: 6379,
        ca: undefined,
        user: "tachyon-prod-use1-cache-fn",
        password: "function",
      },
    );
    const token = (await options?.password?.()) ?? "";
    assert.match(
      token,
      /^tachyon-prod-use1-cache\/\?Action=connect&User=tachyon-prod-use1-cache-fn&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F\d{8}%2Fus-east-1%2Felasticache%2Faws4_request&/,
    );
    assert.ok(featureCacheFromEnv("aws", aws).remote instanceof RedisFeatureCache);
  });

  it("falls back to memory with a warning when the IAM settings are incomplete", () => {
    const lines: string[] = [];
    const restore = setSink((l) => lines.push(l));
    try {
      assert.equal(respOptionsFromEnv("aws", { ...aws, TACHYON_CACHE_NAME: "" }), undefined);
    } finally {
      setSink(restore);
    }
    assert.equal(
      (JSON.parse(lines[0] ?? "{}") as { message: string }).message,
      "feature cache not used",
    );
  });

  it("uses the access key on Azure's TLS port and the AUTH string and CA on Memorystore's", async () => {
    const azure = respOptionsFromEnv("azure", {
      TACHYON_CACHE_ENDPOINT: "tachyon.redis.cache.windows.net",
      TACHYON_CACHE_PASSWORD: "key",
    });
    assert.deepEqual(
      [azure?.host, azure?.port, azure?.user, await azure?.password?.()],
      ["tachyon.redis.cache.windows.net", 6380, undefined, "key"],
    );
    const gcp = respOptionsFromEnv("gcp", {
      TACHYON_CACHE_ENDPOINT: "10.0.0.3",
      TACHYON_CACHE_PASSWORD: "auth",
      TACHYON_CACHE_CA: "-----BEGIN CERTIFICATE-----",
    });
    assert.deepEqual(
      [gcp?.port, gcp?.ca, await gcp?.password?.()],
      [6378, "-----BEGIN CERTIFICATE-----", "auth"],
    );
    assert.equal(
      respOptionsFromEnv("gcp", { TACHYON_CACHE_ENDPOINT: "10.0.0.3", TACHYON_CACHE_PORT: "6379" })
        ?.port,
      6379,
    );
  });
});
