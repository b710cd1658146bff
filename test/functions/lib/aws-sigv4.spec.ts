import assert from "node:assert/strict";
import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import fc from "fast-check";
import {
  cachedSigningKeys,
  canonicalPath,
  canonicalQuery,
  signRequest,
  signingKey,
  type AwsCredentials,
  type SignableRequest,
  type SigningScope,
} from "../../../functions/lib/aws-sigv4";

/** node:crypto behind the hash interface @smithy/signature-v4 takes. */
class NodeSha256 {
  private hash: Hash | Hmac;
  constructor(private readonly secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = this.fresh();
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset(): void {
    this.hash = this.fresh();
  }
  private fresh(): Hash | Hmac {
    if (this.secret === undefined) return createHash("sha256");
    const secret = this.secret;
    return createHmac(
      "sha256",
      typeof secret === "string"
        ? secret
        : ArrayBuffer.isView(secret)
          ? new Uint8Array(secret.buffer, secret.byteOffset, secret.byteLength)
          : new Uint8Array(secret),
    );
  }
}

/** The `authorization` header the AWS SDK's own signer computes for the same request. */
async function smithyAuthorization(
  request: SignableRequest,
  credentials: AwsCredentials,
  scope: SigningScope,
  now: Date,
): Promise<string> {
  const signer = new SignatureV4({
    credentials,
    region: scope.region,
    service: scope.service,
    sha256: NodeSha256,
    // The SDK adds x-amz-content-sha256 only for S3-style services; these requests go without it.
    applyChecksum: false,
  });
  const signed = await signer.sign(
    {
      method: request.method,
      protocol: "https:",
      hostname: request.host,
      path: request.path,
      query: request.query as Record<string, string | string[]> | undefined,
      headers: { host: request.host, ...request.headers },
      body: request.body,
    },
    { signingDate: now },
  );
  return signed.headers.authorization ?? "";
}

const SUITE_CREDENTIALS: AwsCredentials = {
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
};
const SUITE_SCOPE: SigningScope = { region: "us-east-1", service: "service" };
const SUITE_DATE = new Date("2015-08-30T12:36:00Z");

const LAMBDA_CREDENTIALS: AwsCredentials = {
  accessKeyId: "ASIAQEXAMPLE7TACHYON",
  secretAccessKey: "9drTJvcXLB89EXAMPLELB8923FB892xMFI/tachyon",
  sessionToken: "IQoJb3JpZ2luX2VjEXAMPLE//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+token==",
};

describe("functions/lib/aws-sigv4", () => {
  describe("AWS's signature test suite", () => {
    it("signs get-vanilla with the published signature", () => {
      const headers = signRequest(
        { method: "GET", host: "example.amazonaws.com", path: "/" },
        SUITE_CREDENTIALS,
        SUITE_SCOPE,
        SUITE_DATE,
      );
      assert.deepEqual(headers, {
        host: "example.amazonaws.com",
        "x-amz-date": "20150830T123600Z",
        authorization:
          "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
      });
    });

    it("signs get-vanilla-query-order-key-case with the published signature", () => {
      const headers = signRequest(
        {
          method: "GET",
          host: "example.amazonaws.com",
          path: "/",
          query: { Param2: "value2", Param1: "value1" },
        },
        SUITE_CREDENTIALS,
        SUITE_SCOPE,
        SUITE_DATE,
      );
      assert.equal(
        headers.authorization,
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
      );
    });

    it("signs post-vanilla with the published signature", () => {
      const headers = signRequest(
        { method: "POST", host: "example.amazonaws.com", path: "/" },
        SUITE_CREDENTIALS,
        SUITE_SCOPE,
        SUITE_DATE,
      );
      assert.equal(
        headers.authorization,
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b",
      );
    });
  });

  describe("agreement with @smithy/signature-v4", () => {
    const cases: { name: string; request: SignableRequest; scope: SigningScope; now: Date }[] = [
      {
        name: "a DynamoDB PutItem with a JSON body and a session token",
        request: {
          method: "POST",
          host: "dynamodb.us-east-1.amazonaws.com",
          path: "/",
          headers: {
            "Content-Type": "application/x-amz-json-1.0",
            "X-Amz-Target": "DynamoDB_20120810.PutItem",
          },
          body: JSON.stringify({
            TableName: "tachyon-prod-orders-idempotency",
            Item: { pk: { S: "o-1" }, state: { S: "pending" }, expiresAt: { N: "1700086400" } },
          }),
        },
        scope: { region: "us-east-1", service: "dynamodb" },
        now: new Date("2026-11-28T10:15:30.123Z"),
      },
      {
        name: "a Lambda Invoke of an alias ARN (colons encoded on the wire, again in the signature)",
        request: {
          method: "POST",
          host: "lambda.eu-west-2.amazonaws.com",
          path: "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aeu-west-2%3A123456789012%3Afunction%3Atachyon-prod-eu-west-2-order%3Alive/invocations",
          headers: {
            "content-type": "application/json",
            "X-Amz-Invocation-Type": "RequestResponse",
            "User-Agent": "tachyon/1.0",
          },
          body: '{"source":"tachyon.signal","order":{"orderId":"sig-1"}}',
        },
        scope: { region: "eu-west-2", service: "lambda" },
        now: new Date("2026-01-01T00:00:00Z"),
      },
      {
        name: "a query with reserved, unicode and repeated parameters",
        request: {
          method: "GET",
          host: "example.amazonaws.com",
          path: "/a%20b/./c/../d~e/",
          query: {
            "b key": "x y/z",
            a: ["2", "1=!'()*"],
            "~tilde": "ünïcødé €",
            Empty: "",
            "X-Amz-Signature": "ignored",
          },
          headers: { "X-Spaced": "  one   two\tthree  ", Accept: "*/*" },
        },
        scope: { region: "ap-northeast-1", service: "execute-api" },
        now: new Date("2024-02-29T23:59:59Z"),
      },
      {
        name: "a binary body",
        request: {
          method: "PUT",
          host: "example.amazonaws.com",
          path: "/bin",
          body: Uint8Array.from([0, 1, 2, 0xff, 0x7b]),
        },
        scope: { region: "us-west-2", service: "service" },
        now: new Date("2030-06-15T06:07:08Z"),
      },
    ];
    for (const { name, request, scope, now } of cases) {
      it(`signs ${name} byte-identically`, async () => {
        for (const credentials of [LAMBDA_CREDENTIALS, SUITE_CREDENTIALS]) {
          const ours = signRequest(request, credentials, scope, now);
          assert.equal(
            ours.authorization,
            await smithyAuthorization(request, credentials, scope, now),
          );
        }
      });
    }

    it("agrees on generated paths, queries, bodies and dates", async () => {
      const text = fc.string({ unit: "grapheme", maxLength: 12 });
      await fc.assert(
        fc.asyncProperty(
          fc.array(text, { maxLength: 4 }),
          fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), text, { maxKeys: 4 }),
          fc.option(fc.string({ maxLength: 64 }), { nil: undefined }),
          fc.date({
            min: new Date("2000-01-01T00:00:00Z"),
            max: new Date("2099-12-31T23:59:59Z"),
            noInvalidDate: true,
          }),
          async (segments, query, body, now) => {
            const request: SignableRequest = {
              method: "POST",
              host: "lambda.us-east-1.amazonaws.com",
              path: `/${segments.map((s) => encodeURIComponent(s)).join("/")}`,
              query,
              headers: { "content-type": "application/json" },
              body,
            };
            const scope = { region: "us-east-1", service: "lambda" };
            assert.equal(
              signRequest(request, LAMBDA_CREDENTIALS, scope, now).authorization,
              await smithyAuthorization(request, LAMBDA_CREDENTIALS, scope, now),
            );
          },
        ),
        { numRuns: 150 },
      );
    });
  });

  it("adds the session token and the date, and never signs user-agent", () => {
    const headers = signRequest(
      {
        method: "POST",
        host: "dynamodb.us-east-1.amazonaws.com",
        path: "/",
        headers: { "User-Agent": "tachyon", Authorization: "stale", "X-Amz-Date": "stale" },
      },
      LAMBDA_CREDENTIALS,
      { region: "us-east-1", service: "dynamodb" },
      new Date("2026-11-28T10:15:30Z"),
    );
    assert.deepEqual(Object.keys(headers), [
      "user-agent",
      "host",
      "x-amz-date",
      "x-amz-security-token",
      "authorization",
    ]);
    assert.equal(headers["x-amz-date"], "20261128T101530Z");
    assert.equal(headers["x-amz-security-token"], LAMBDA_CREDENTIALS.sessionToken);
    assert.match(
      headers.authorization ?? "",
      /^AWS4-HMAC-SHA256 Credential=ASIAQEXAMPLE7TACHYON\/20261128\/us-east-1\/dynamodb\/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/,
    );
  });

  it("normalises and re-encodes the canonical path and sorts the canonical query", () => {
    assert.equal(canonicalPath("/"), "/");
    assert.equal(canonicalPath("/a/./b/../c//d/"), "/a/c/d/");
    assert.equal(
      canonicalPath("/functions/arn%3Aaws/invocations"),
      "/functions/arn%253Aaws/invocations",
    );
    assert.equal(canonicalQuery({ b: "2", a: "1", A: "0" }), "A=0&a=1&b=2");
    assert.equal(canonicalQuery({ k: ["b", "a c"], "x*": "(!)" }), "k=a%20c&k=b&x%2A=%28%21%29");
  });

  it("derives a signing key once per day, region, service and secret", () => {
    const before = cachedSigningKeys();
    const a = signingKey("secret-for-cache-test", "20261128", "us-east-1", "dynamodb");
    assert.equal(cachedSigningKeys(), Math.min(before + 1, 16));
    assert.equal(signingKey("secret-for-cache-test", "20261128", "us-east-1", "dynamodb"), a);
    assert.notDeepEqual(
      signingKey("secret-for-cache-test", "20261129", "us-east-1", "dynamodb"),
      a,
    );
    // The AWS suite's derived key for 20150830/us-east-1/iam.
    assert.equal(
      signingKey(SUITE_CREDENTIALS.secretAccessKey, "20150830", "us-east-1", "iam").toString("hex"),
      "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9",
    );
  });
});
