import assert from "node:assert/strict";
import { createHash, createHmac } from "node:crypto";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { SignatureV4 } from "@smithy/signature-v4";
import {
  getSecretString,
  regionOfSecretArn,
  signGetSecretValue,
} from "../../../functions/lib/secrets-manager";

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
const ARN =
  "arn:aws:secretsmanager:eu-west-2:123456789012:secret:tachyon-prod-us-east-1-cache-auth-AbCdEf";

/** A local Secrets Manager stand-in that records each request and answers with `reply`. */
async function fakeService(
  reply: (body: unknown) => { status: number; body: unknown },
): Promise<{ url: string; seen: http.IncomingHttpHeaders[]; close: () => Promise<void> }> {
  const seen: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      seen.push(req.headers);
      const answer = reply(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      res.writeHead(answer.status, { "content-type": "application/x-amz-json-1.1" });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe("functions/lib/secrets-manager", () => {
  it("signs GetSecretValue exactly as the AWS SDK's SigV4 signer does", async () => {
    const signed = signGetSecretValue({ secretId: ARN, region: "eu-west-2", credentials, now });
    const signer = new SignatureV4({
      service: "secretsmanager",
      region: "eu-west-2",
      credentials,
      sha256: NodeSha256,
      applyChecksum: false,
    });
    const expected = await signer.sign(
      {
        method: "POST",
        protocol: "https:",
        hostname: "secretsmanager.eu-west-2.amazonaws.com",
        path: "/",
        headers: {
          host: "secretsmanager.eu-west-2.amazonaws.com",
          "content-type": "application/x-amz-json-1.1",
          "x-amz-target": "secretsmanager.GetSecretValue",
        },
        body: JSON.stringify({ SecretId: ARN }),
      },
      { signingDate: now },
    );
    assert.equal(signed.url, "https://secretsmanager.eu-west-2.amazonaws.com/");
    assert.deepEqual(signed.body, { SecretId: ARN });
    assert.equal(signed.headers.authorization, expected.headers.authorization);
    assert.deepEqual(
      [signed.headers["x-amz-date"], signed.headers["x-amz-security-token"]],
      ["20261102T140509Z", credentials.sessionToken],
    );
  });

  it("reads the secret's string through the signed request", async () => {
    const service = await fakeService((body) => ({
      status: 200,
      body: {
        ARN,
        Name: "tachyon-prod-us-east-1-cache-auth",
        SecretString: `token-for:${JSON.stringify(body)}`,
      },
    }));
    try {
      const value = await getSecretString({
        secretId: ARN,
        region: "eu-west-2",
        credentials,
        endpoint: service.url,
      });
      assert.equal(value, `token-for:${JSON.stringify({ SecretId: ARN })}`);
      const headers = service.seen[0];
      assert.deepEqual(
        [headers["x-amz-target"], headers["content-type"], headers.host],
        ["secretsmanager.GetSecretValue", "application/x-amz-json-1.1", service.url.slice(7)],
      );
      assert.match(
        String(headers.authorization),
        /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-2\/secretsmanager\/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token;x-amz-target, Signature=[0-9a-f]{64}$/,
      );
    } finally {
      await service.close();
    }
  });

  it("names the missing grant when the service refuses", async () => {
    const service = await fakeService(() => ({
      status: 400,
      body: { __type: "AccessDeniedException", Message: "not authorized" },
    }));
    try {
      await assert.rejects(
        getSecretString({ secretId: ARN, region: "eu-west-2", credentials, endpoint: service.url }),
        {
          name: "RestStatusError",
          message: `Secrets Manager GetSecretValue: failed with HTTP 400, got "AccessDeniedException: not authorized". Grant secretsmanager:GetSecretValue on ${ARN} and reach secretsmanager.eu-west-2.amazonaws.com (a VPC endpoint).`,
        },
      );
    } finally {
      await service.close();
    }
  });

  it("reads the region of a secret ARN and nothing from a bare name", () => {
    assert.deepEqual(
      [regionOfSecretArn(ARN), regionOfSecretArn("tachyon-prod-us-east-1-cache-auth")],
      ["eu-west-2", undefined],
    );
  });
});
