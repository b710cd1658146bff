/**
 * Reads a secret's value from AWS Secrets Manager (`GetSecretValue`, JSON 1.1 protocol) with a
 * SigV4-signed request, signed here with node:crypto and the function's role credentials, so a
 * bundle that needs one secret at start-up carries no AWS SDK.
 */
import { createHash, createHmac } from "node:crypto";
import type { AwsCredentials } from "./elasticache-iam";
import { requestJson, RestStatusError } from "./idempotency-rest";

/** What to read, where, and as whom. */
export interface SecretRequest {
  /** The secret's ARN (or name) in `region`. */
  readonly secretId: string;
  readonly region: string;
  readonly credentials: AwsCredentials;
  /**
   * The service endpoint.
   * @default `https://secretsmanager.<region>.amazonaws.com` (a VPC endpoint with private DNS answers it)
   */
  readonly endpoint?: string;
  /** @default new Date() */
  readonly now?: Date;
}

/** A request ready to send: URL, signed headers and the exact JSON body that was signed. */
export interface SignedRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: { readonly SecretId: string };
}

const TARGET = "secretsmanager.GetSecretValue";
const CONTENT_TYPE = "application/x-amz-json-1.1";

/** The region in a Secrets Manager ARN, or `undefined` when `id` is not one. */
export function regionOfSecretArn(id: string): string | undefined {
  return /^arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):\d{12}:secret:/.exec(id)?.[1];
}

/** Signs a `GetSecretValue` request (SigV4, service `secretsmanager`). */
export function signGetSecretValue(request: SecretRequest): SignedRequest {
  const url = new URL(request.endpoint ?? `https://secretsmanager.${request.region}.amazonaws.com`);
  const body = { SecretId: request.secretId };
  const amzDate = (request.now ?? new Date())
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
  const day = amzDate.slice(0, 8);
  const scope = `${day}/${request.region}/secretsmanager/aws4_request`;
  const signed: Record<string, string> = {
    "content-type": CONTENT_TYPE,
    host: url.host,
    "x-amz-date": amzDate,
    "x-amz-target": TARGET,
    ...(request.credentials.sessionToken
      ? { "x-amz-security-token": request.credentials.sessionToken }
      : {}),
  };
  const names = Object.keys(signed).sort();
  const canonicalRequest = [
    "POST",
    "/",
    "",
    ...names.map((n) => `${n}:${signed[n]}`),
    "",
    names.join(";"),
    sha256(JSON.stringify(body)),
  ].join("\n");
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonicalRequest)].join("\n");
  let key: Buffer = hmac(`AWS4${request.credentials.secretAccessKey}`, day);
  for (const part of [request.region, "secretsmanager", "aws4_request"]) key = hmac(key, part);
  const signature = createHmac("sha256", key).update(stringToSign).digest("hex");
  const { host: _host, ...headers } = signed;
  return {
    url: url.toString(),
    headers: {
      ...headers,
      authorization: `AWS4-HMAC-SHA256 Credential=${request.credentials.accessKeyId}/${scope}, SignedHeaders=${names.join(";")}, Signature=${signature}`,
    },
    body,
  };
}

/** The secret's current string value. */
export async function getSecretString(request: SecretRequest, timeoutMs = 2000): Promise<string> {
  const signed = signGetSecretValue(request);
  const res = await requestJson({ method: "POST", ...signed, timeoutMs });
  const body = res.body as
    { SecretString?: unknown; Message?: unknown; __type?: unknown } | undefined;
  const value = body?.SecretString;
  if (res.status !== 200 || typeof value !== "string") {
    // Errors carry `__type` and `Message`; never echo a body that held a value.
    const detail = [body?.__type, body?.Message].filter((x) => typeof x === "string").join(": ");
    throw new RestStatusError(
      "Secrets Manager GetSecretValue",
      res.status,
      detail,
      `Grant secretsmanager:GetSecretValue on ${request.secretId} and reach secretsmanager.${request.region}.amazonaws.com (a VPC endpoint)`,
    );
  }
  return value;
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data).digest();
}
