/**
 * Reads a secret's value from AWS Secrets Manager (`GetSecretValue`, AWS JSON 1.1 protocol)
 * through the signed client of ./aws-client.ts, so a bundle that needs one secret at start-up
 * carries no AWS SDK. Throttling and 5xx answers are retried by the client.
 */
import { AwsClient, errorTypeOf, type AwsResponse } from "./aws-client";
import type { AwsCredentials } from "./aws-sigv4";

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
  /**
   * Milliseconds one attempt may take.
   * @default 2000
   */
  readonly timeoutMs?: number;
}

/** Content type of the AWS JSON 1.1 protocol, which Secrets Manager speaks. */
export const AMZ_JSON_1_1 = "application/x-amz-json-1.1";

/** The region in a Secrets Manager ARN, or `undefined` when `id` is not one. */
export function regionOfSecretArn(id: string): string | undefined {
  return /^arn:aws[a-z-]*:secretsmanager:([a-z0-9-]+):\d{12}:secret:/.exec(id)?.[1];
}

/** The secret's current string value. */
export async function getSecretString(request: SecretRequest): Promise<string> {
  const client = new AwsClient({
    service: "secretsmanager",
    region: request.region,
    credentials: request.credentials,
    timeoutMs: request.timeoutMs ?? 2000,
    ...(request.endpoint !== undefined ? { endpoint: request.endpoint } : {}),
  });
  let response: AwsResponse;
  try {
    response = await client.request({
      method: "POST",
      path: "/",
      headers: { "content-type": AMZ_JSON_1_1, "x-amz-target": "secretsmanager.GetSecretValue" },
      body: JSON.stringify({ SecretId: request.secretId }),
    });
  } finally {
    // One read per instance: the pooled connection would only sit idle.
    client.close();
  }
  const body = parse(response.body);
  if (response.status === 200 && typeof body.SecretString === "string") return body.SecretString;
  // Error answers carry `__type` and `Message`; a body holding a value is never echoed.
  const type = errorTypeOf(response.headers, body);
  const detail = typeof body.Message === "string" ? `${type}: ${body.Message}` : type;
  throw new Error(
    `Secrets Manager GetSecretValue: failed with HTTP ${response.status}, got ${JSON.stringify(detail)}. Grant secretsmanager:GetSecretValue on ${request.secretId} and reach secretsmanager.${request.region}.amazonaws.com (a VPC endpoint).`,
  );
}

function parse(body: Buffer): Record<string, unknown> {
  try {
    const value = JSON.parse(body.toString("utf8")) as unknown;
    return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}
