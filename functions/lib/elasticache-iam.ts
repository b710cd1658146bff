/**
 * ElastiCache IAM authentication: the `AUTH` password is a SigV4-presigned
 * `connect` request to the cache (service `elasticache`), valid for 15 minutes and needed only
 * when a connection opens. Presigned by `./aws-sigv4.ts` with the function's role credentials
 * from the environment (Lambda exports them as `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`,
 * `AWS_SESSION_TOKEN`), so the fraud bundle needs no AWS SDK.
 */
import { presignQuery, type AwsCredentials } from "./aws-sigv4";

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
  const query = presignQuery(
    {
      host: request.cacheName,
      path: "/",
      query: { Action: "connect", User: request.userId },
    },
    request.credentials,
    { region: request.region, service: "elasticache" },
    TOKEN_SECONDS,
    request.now,
  );
  return `${request.cacheName}/?${query}`;
}
