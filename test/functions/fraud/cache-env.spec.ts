import assert from "node:assert/strict";
import {
  featureCacheFromEnv,
  ReadOnlyFeatureCache,
  respOptionsFromEnv,
  type SecretReader,
} from "../../../functions/fraud/cache-env";
import { MemoryFeatureCache, RedisFeatureCache } from "../../../functions/fraud/cache";
import type { AccountHistory } from "../../../functions/fraud/features";
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

  describe("a shared (Global Datastore) cache", () => {
    const secretArn =
      "arn:aws:secretsmanager:eu-west-2:123456789012:secret:tachyon-prod-us-east-1-cache-auth-AbCdEf";
    const shared = {
      TACHYON_CACHE_ENDPOINT: "master.tachyon-prod-euw2-cache.abc123.euw2.cache.amazonaws.com",
      TACHYON_CACHE_AUTH_SECRET_ARN: secretArn,
      AWS_REGION: "eu-west-2",
      AWS_ACCESS_KEY_ID: "AKIDEXAMPLE",
      AWS_SECRET_ACCESS_KEY: "secret",
      AWS_SESSION_TOKEN: "session",
    };

    /** A reader that answers from `answers` in turn and records each request. */
    function reader(answers: (string | Error)[]): {
      read: SecretReader;
      asked: Parameters<SecretReader>[0][];
    } {
      const asked: Parameters<SecretReader>[0][] = [];
      const read: SecretReader = (request) => {
        asked.push(request);
        const next = answers.shift();
        return next instanceof Error ? Promise.reject(next) : Promise.resolve(next ?? "");
      };
      return { read, asked };
    }

    it("sends the AUTH token from the secret replica of its region, without a user", async () => {
      const { read, asked } = reader(["Tok3nTok3nTok3nTok3n"]);
      const options = respOptionsFromEnv("aws", shared, read);
      assert.deepEqual(
        [options?.host, options?.port, options?.user, await options?.password?.()],
        [shared.TACHYON_CACHE_ENDPOINT, 6379, undefined, "Tok3nTok3nTok3nTok3n"],
      );
      assert.deepEqual(asked, [
        {
          secretId: secretArn,
          region: "eu-west-2",
          credentials: {
            accessKeyId: "AKIDEXAMPLE",
            secretAccessKey: "secret",
            sessionToken: "session",
          },
        },
      ]);
    });

    it("reads the secret once per instance, and again only after a failed read", async () => {
      const { read, asked } = reader([new Error("throttled"), "Tok3nTok3nTok3nTok3n"]);
      const password = respOptionsFromEnv("aws", shared, read)?.password;
      await assert.rejects(password!(), /^Error: throttled$/);
      assert.equal(await password!(), "Tok3nTok3nTok3nTok3n");
      assert.equal(await password!(), "Tok3nTok3nTok3nTok3n");
      assert.equal(asked.length, 2);
    });

    it("falls back to memory with a warning when the secret's region is unknown", () => {
      const lines: string[] = [];
      const restore = setSink((l) => lines.push(l));
      try {
        assert.equal(
          respOptionsFromEnv("aws", {
            ...shared,
            TACHYON_CACHE_AUTH_SECRET_ARN: "tachyon-prod-us-east-1-cache-auth",
            AWS_REGION: "",
          }),
          undefined,
        );
      } finally {
        setSink(restore);
      }
      assert.deepEqual(JSON.parse(lines[0] ?? "{}"), {
        severity: "WARNING",
        message: "feature cache not used",
        reason:
          'TACHYON_CACHE_AUTH_SECRET_ARN: must be a secret ARN or come with AWS_REGION, got "tachyon-prod-us-east-1-cache-auth". Set the secret\'s ARN on the function.',
      });
    });

    it("reads through a secondary and leaves writing to the primary", () => {
      const cache = featureCacheFromEnv("aws", { ...shared, TACHYON_CACHE_READ_ONLY: "true" });
      assert.ok(cache.remote instanceof ReadOnlyFeatureCache);
      assert.ok(cache.remote.inner instanceof RedisFeatureCache);
      assert.ok(featureCacheFromEnv("aws", shared).remote instanceof RedisFeatureCache);
    });

    it("drops writes to a read-only cache and answers reads from the cache it wraps", async () => {
      const inner = new MemoryFeatureCache();
      const history = { account: "acct-1" } as unknown as AccountHistory;
      await inner.set("acct-1", history);
      const readOnly = new ReadOnlyFeatureCache(inner);
      await readOnly.set("acct-2", history);
      assert.deepEqual(
        [await readOnly.get("acct-1"), await readOnly.get("acct-2"), inner.size],
        [history, undefined, 1],
      );
    });
  });
});
