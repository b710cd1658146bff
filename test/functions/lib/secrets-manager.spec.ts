import assert from "node:assert/strict";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { getSecretString, regionOfSecretArn } from "../../../functions/lib/secrets-manager";

const credentials = {
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
  sessionToken: "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ+/example=",
};
const ARN =
  "arn:aws:secretsmanager:eu-west-2:123456789012:secret:tachyon-prod-us-east-1-cache-auth-AbCdEf";

interface Seen {
  readonly headers: http.IncomingHttpHeaders;
  readonly body: unknown;
}

/** A local Secrets Manager stand-in that records each request and answers from `replies`. */
async function fakeService(
  replies: { status: number; body: unknown }[],
): Promise<{ url: string; seen: Seen[]; close: () => Promise<void> }> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      seen.push({
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString("utf8")) as unknown,
      });
      const answer = replies.shift() ?? { status: 500, body: { __type: "NoMoreReplies" } };
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
  it("reads the secret's string with a signed AWS JSON 1.1 GetSecretValue request", async () => {
    const service = await fakeService([
      {
        status: 200,
        body: {
          ARN,
          Name: "tachyon-prod-us-east-1-cache-auth",
          SecretString: "Tok3nTok3nTok3nTok3n",
        },
      },
    ]);
    try {
      const value = await getSecretString({
        secretId: ARN,
        region: "eu-west-2",
        credentials,
        endpoint: service.url,
      });
      assert.equal(value, "Tok3nTok3nTok3nTok3n");
      assert.equal(service.seen.length, 1);
      const { headers, body } = service.seen[0];
      assert.deepEqual(body, { SecretId: ARN });
      assert.deepEqual(
        [headers["x-amz-target"], headers["content-type"], headers["x-amz-security-token"]],
        ["secretsmanager.GetSecretValue", "application/x-amz-json-1.1", credentials.sessionToken],
      );
      assert.match(
        String(headers.authorization),
        /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-2\/secretsmanager\/aws4_request, SignedHeaders=[a-z0-9;-]*x-amz-target[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
      );
    } finally {
      await service.close();
    }
  });

  it("retries a throttled read", async () => {
    const service = await fakeService([
      { status: 400, body: { __type: "ThrottlingException", Message: "Rate exceeded" } },
      { status: 200, body: { ARN, SecretString: "Tok3nTok3nTok3nTok3n" } },
    ]);
    try {
      const value = await getSecretString({
        secretId: ARN,
        region: "eu-west-2",
        credentials,
        endpoint: service.url,
      });
      assert.deepEqual([value, service.seen.length], ["Tok3nTok3nTok3nTok3n", 2]);
    } finally {
      await service.close();
    }
  });

  it("names the missing grant when the service refuses", async () => {
    const service = await fakeService([
      { status: 400, body: { __type: "AccessDeniedException", Message: "not authorized" } },
    ]);
    try {
      await assert.rejects(
        getSecretString({ secretId: ARN, region: "eu-west-2", credentials, endpoint: service.url }),
        {
          message: `Secrets Manager GetSecretValue: failed with HTTP 400, got "AccessDeniedException: not authorized". Grant secretsmanager:GetSecretValue on ${ARN} and reach secretsmanager.eu-west-2.amazonaws.com (a VPC endpoint).`,
        },
      );
      assert.equal(service.seen.length, 1);
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
