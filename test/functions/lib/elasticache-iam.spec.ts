import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import { credentialsFromEnv, elastiCacheIamToken } from "../../../functions/lib/elasticache-iam";

function binary(data: string | ArrayBuffer | ArrayBufferView): string | Uint8Array {
  if (typeof data === "string") return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/** node:crypto as the Checksum the SDK's signer expects. */
class NodeSha256 {
  private hash;
  constructor(private readonly secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = this.fresh();
  }
  private fresh() {
    if (this.secret === undefined) return createHash("sha256");
    return createHmac("sha256", binary(this.secret));
  }
  update(data: string | ArrayBuffer | ArrayBufferView): void {
    this.hash.update(binary(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset(): void {
    this.hash = this.fresh();
  }
}

const credentials = {
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
  sessionToken: "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+/example=",
};
const now = new Date(Date.UTC(2026, 10, 2, 14, 5, 9));

describe("functions/lib/elasticache-iam", () => {
  it("signs the same connect request as the AWS SDK's SigV4 presigner", async () => {
    const token = elastiCacheIamToken({
      cacheName: "tachyon-prod-use1-cache",
      userId: "tachyon-prod-use1-cache-fn",
      region: "us-east-1",
      credentials,
      now,
    });
    const signer = new SignatureV4({
      service: "elasticache",
      region: "us-east-1",
      credentials,
      sha256: NodeSha256,
      uriEscapePath: true,
    });
    const presigned = await signer.presign(
      {
        method: "GET",
        protocol: "http:",
        hostname: "tachyon-prod-use1-cache",
        path: "/",
        query: { Action: "connect", User: "tachyon-prod-use1-cache-fn" },
        headers: { host: "tachyon-prod-use1-cache" },
      },
      { expiresIn: 900, signingDate: now },
    );
    const [host, query] = token.split("/?");
    assert.equal(host, "tachyon-prod-use1-cache");
    assert.deepEqual(Object.fromEntries(new URLSearchParams(query)), presigned.query);
  });

  it("reads the credentials Lambda exports and names the missing one", () => {
    assert.deepEqual(
      credentialsFromEnv({
        AWS_ACCESS_KEY_ID: "a",
        AWS_SECRET_ACCESS_KEY: "s",
        AWS_SESSION_TOKEN: "t",
      }),
      { accessKeyId: "a", secretAccessKey: "s", sessionToken: "t" },
    );
    assert.throws(() => credentialsFromEnv({}), {
      message:
        "AWS_ACCESS_KEY_ID: must be set to sign an ElastiCache IAM token, got none. Run in Lambda or export the role's credentials.",
    });
  });
});
