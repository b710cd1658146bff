/**
 * ElastiCache IAM authentication: the `AUTH` password is a SigV4-presigned
 * `connect` request to the cache (service `elasticache`), valid for 15 minutes and needed only
 * when a connection opens. Signed here with node:crypto and the function's role credentials
 * from the environment (Lambda exports them as `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
 * `AWS_SESSION_TOKEN`), so the fraud bundle needs no AWS SDK.
 */
import type * as NodeCrypto from "node:crypto";

// Loaded on the first token, not with the bundle (see aws-sigv4.ts).
let crypto: typeof NodeCrypto | undefined;
const createHash: typeof NodeCrypto.createHash = (...args) =>
  (crypto ??= process.getBuiltinModule("node:crypto")).createHash(...args);
const createHmac: typeof NodeCrypto.createHmac = (...args) =>
  (crypto ??= process.getBuiltinModule("node:crypto")).createHmac(...args);

/** Credentials to sign with. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** What a token is for. */
export interface IamTokenRequest {
  /** The replication group id (or serverless cache name), not the endpoint host. */
  readonly cacheName: string;
  /** The ElastiCache user id with IAM authentication. */
  readonly userId: string;
  readonly region: string;
  readonly credentials: AwsCredentials;
  /** @default new Date() */
  readonly now?: Date;
}

/** Seconds a token stays valid (ElastiCache's maximum). */
export const TOKEN_SECONDS = 900;

/** The credentials Lambda puts in the environment. */
export function credentialsFromEnv(env: NodeJS.ProcessEnv = process.env): AwsCredentials {
  const accessKeyId = env.AWS_ACCESS_KEY_ID;
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
  if (!accessKeyId || !secretAccessKey) {
    throw new Error(
      "AWS_ACCESS_KEY_ID: must be set to sign an ElastiCache IAM token, got none. Run in Lambda or export the role's credentials.",
    );
  }
  return { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN };
}

/** The IAM auth token: the presigned URL without its scheme. */
export function elastiCacheIamToken(request: IamTokenRequest): string {
  const now = request.now ?? new Date();
  const amzDate = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
  const day = amzDate.slice(0, 8);
  const scope = `${day}/${request.region}/elasticache/aws4_request`;
  const query: [string, string][] = [
    ["Action", "connect"],
    ["User", request.userId],
    ["X-Amz-Algorithm", "AWS4-HMAC-SHA256"],
    ["X-Amz-Credential", `${request.credentials.accessKeyId}/${scope}`],
    ["X-Amz-Date", amzDate],
    ["X-Amz-Expires", String(TOKEN_SECONDS)],
    ...(request.credentials.sessionToken
      ? ([["X-Amz-Security-Token", request.credentials.sessionToken]] as [string, string][])
      : []),
    ["X-Amz-SignedHeaders", "host"],
  ];
  const canonicalQuery = query
    .map(([k, v]) => [encode(k), encode(v)])
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const canonicalRequest = [
    "GET",
    "/",
    canonicalQuery,
    `host:${request.cacheName}`,
    "",
    "host",
    sha256(""),
  ].join("\n");
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonicalRequest)].join("\n");
  let key: Buffer = hmac(`AWS4${request.credentials.secretAccessKey}`, day);
  for (const part of [request.region, "elasticache", "aws4_request"]) key = hmac(key, part);
  const signature = createHmac("sha256", key).update(stringToSign).digest("hex");
  return `${request.cacheName}/?${canonicalQuery}&X-Amz-Signature=${signature}`;
}

function encode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data).digest();
}
