/**
 * A small AWS API client over `node:https`: SigV4-signed requests (./aws-sigv4.ts) on one
 * keep-alive connection pool per instance, a timeout per attempt, AWS error bodies mapped to
 * {@link AwsError} by their `__type`, and retries with full-jitter exponential backoff for
 * throttling and 5xx answers only. A request that timed out or lost its connection is not
 * retried here: it may have been applied, and the caller knows whether repeating it is safe.
 *
 * It speaks the AWS JSON protocol (`application/x-amz-json-1.0`, `X-Amz-Target`; DynamoDB) with
 * {@link AwsClient.json} and plain REST calls (Lambda Invoke) with {@link AwsClient.request};
 * everything an SDK client would add for the calls Tachyon makes, in a few kilobytes. `node:https`
 * (with TLS) is loaded by the first request rather than with the bundle: it is most of what
 * importing the client would cost, and an instance that never calls AWS never pays it.
 */
import type * as http from "node:http";
import { signRequest, type AwsCredentials } from "./aws-sigv4";

/** Options of {@link AwsClient}. */
export interface AwsClientOptions {
  /** The service's signing name, e.g. `dynamodb`, `lambda`. */
  readonly service: string;
  /** The region to sign for and to call. */
  readonly region: string;
  /** Credentials, or a function returning the current ones. */
  readonly credentials: AwsCredentials | (() => AwsCredentials);
  /**
   * Base URL of the service; `http:` is accepted for local emulators.
   * @default `https://<service>.<region>.amazonaws.com`
   */
  readonly endpoint?: string;
  /** Milliseconds one attempt may take, from request to last response byte. @default 1000 */
  readonly timeoutMs?: number;
  /** Attempts in all, the first included. @default 3 */
  readonly maxAttempts?: number;
  /** Backoff before retry n (1-based) is random in [0, baseDelayMs * 2^(n-1)). @default 20 */
  readonly baseDelayMs?: number;
  /** Longest backoff in milliseconds. @default 500 */
  readonly maxDelayMs?: number;
  /** Random numbers in [0, 1) for the jitter. @default Math.random */
  readonly random?: () => number;
  /** Clock for the signature. @default () => new Date() */
  readonly now?: () => Date;
}

/** A request relative to the endpoint. */
export interface AwsRequest {
  readonly method: string;
  /** The wire path, URI-encoded (see `encodeURIComponent` for segments). */
  readonly path: string;
  /** Query parameters, not encoded. */
  readonly query?: Readonly<Record<string, string>>;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
}

/** A response with any status: {@link AwsClient.request} leaves non-2xx handling to the caller. */
export interface AwsResponse {
  readonly status: number;
  /** Lower-cased header names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** An error answer from AWS (or a timeout or network failure, `status` 0). */
export class AwsError extends Error {
  /**
   * @param type The error's short name, e.g. `ConditionalCheckFailedException`, `TimeoutError`.
   * @param status The HTTP status; 0 when no response arrived.
   * @param body The parsed error body (DynamoDB puts the failed condition's `Item` here).
   */
  constructor(
    readonly type: string,
    readonly status: number,
    message: string,
    readonly body: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = type;
  }
}

/**
 * Error types AWS uses for throttling (the AWS SDK's list): retried with backoff whatever their
 * status.
 */
export const THROTTLING_ERRORS: ReadonlySet<string> = new Set([
  "BandwidthLimitExceeded",
  "EC2ThrottledException",
  "LimitExceededException",
  "PriorRequestNotComplete",
  "ProvisionedThroughputExceededException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
  "ThrottledException",
  "Throttling",
  "ThrottlingException",
  "TooManyRequestsException",
  "TransactionInProgressException",
]);

/** Whether an answer may be retried unchanged: throttling, 429 or a 5xx. */
export function isRetryable(status: number, type: string): boolean {
  return status === 429 || status >= 500 || THROTTLING_ERRORS.has(type);
}

/**
 * The short error type of an AWS error answer: `__type` of the body (JSON protocol, e.g.
 * `com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException`) or the
 * `x-amzn-errortype` header (REST protocols, e.g. `ResourceNotFoundException:http://...`),
 * without namespace or suffix.
 */
export function errorTypeOf(headers: Readonly<Record<string, string>>, body: unknown): string {
  const fields = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const raw =
    (typeof fields.__type === "string" && fields.__type) ||
    headers["x-amzn-errortype"] ||
    (typeof fields.code === "string" && fields.code) ||
    "";
  const short = raw.slice(raw.lastIndexOf("#") + 1).split(":")[0] ?? "";
  return short || "UnknownError";
}

/**
 * "Full jitter" backoff before retry `attempt` (1-based): uniform in [0, min(cap, base * 2^(attempt-1))),
 * which spreads retrying instances apart instead of having them collide again in step.
 */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  capMs: number,
  random: () => number,
): number {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** (attempt - 1)));
}

/** The AWS JSON protocol's content type (DynamoDB). */
export const AMZ_JSON_1_0 = "application/x-amz-json-1.0";

/** What a request goes out through: `http` or `https`, and its keep-alive pool. */
interface Transport {
  readonly request: typeof http.request;
  readonly agent: http.Agent;
}

/** An AWS API client for one service in one region. */
export class AwsClient {
  /** Base URL requests go to. */
  readonly endpoint: URL;
  private transport?: Promise<Transport>;
  private agent?: http.Agent;

  constructor(private readonly options: AwsClientOptions) {
    this.endpoint = new URL(
      options.endpoint ?? `https://${options.service}.${options.region}.amazonaws.com`,
    );
  }

  /**
   * Calls an AWS JSON protocol operation, e.g. `json("DynamoDB_20120810.PutItem", input)`;
   * resolves with the parsed answer, rejects with an {@link AwsError} for a non-2xx.
   */
  async json<T = Record<string, unknown>>(target: string, input: unknown): Promise<T> {
    const response = await this.request({
      method: "POST",
      path: "/",
      headers: { "content-type": AMZ_JSON_1_0, "x-amz-target": target },
      body: JSON.stringify(input),
    });
    const parsed = parseJson(response.body);
    if (response.status >= 200 && response.status < 300) return (parsed ?? {}) as T;
    throw toAwsError(response, parsed);
  }

  /**
   * Sends a signed request and resolves with the answer, retrying throttling and 5xx answers
   * with jittered backoff; the last answer is returned whatever its status. Rejects with an
   * {@link AwsError} of type `TimeoutError` or `NetworkError` when no answer arrives.
   */
  async request(request: AwsRequest): Promise<AwsResponse> {
    const attempts = Math.max(1, this.options.maxAttempts ?? 3);
    for (let attempt = 1; ; attempt++) {
      const response = await this.send(request);
      const type =
        response.status >= 400 ? errorTypeOf(response.headers, parseJson(response.body)) : "";
      if (attempt >= attempts || !isRetryable(response.status, type)) return response;
      await sleep(this.backoff(attempt));
    }
  }

  /** Closes idle pooled connections (tests; an instance keeps them for its life). */
  close(): void {
    this.agent?.destroy();
  }

  /** The HTTP module and connection pool, loaded on first use. */
  private connect(): Promise<Transport> {
    this.transport ??= (
      this.endpoint.protocol === "https:" ? import("node:https") : import("node:http")
    ).then((module) => {
      // One pool per client, kept open between invocations: a warm call skips TCP and TLS setup.
      const agent = new module.Agent({ keepAlive: true, maxSockets: 64, scheduling: "lifo" });
      this.agent = agent;
      return { request: module.request, agent };
    });
    return this.transport;
  }

  private backoff(attempt: number): number {
    return backoffDelay(
      attempt,
      this.options.baseDelayMs ?? 20,
      this.options.maxDelayMs ?? 500,
      this.options.random ?? Math.random,
    );
  }

  private async send(request: AwsRequest): Promise<AwsResponse> {
    const transport = await this.connect();
    const credentials =
      typeof this.options.credentials === "function"
        ? this.options.credentials()
        : this.options.credentials;
    const body =
      request.body === undefined
        ? undefined
        : typeof request.body === "string"
          ? Buffer.from(request.body, "utf8")
          : request.body;
    const basePath = this.endpoint.pathname.replace(/\/$/, "");
    const path = `${basePath}${request.path}`;
    const headers = signRequest(
      {
        method: request.method,
        host: this.endpoint.host,
        path,
        query: request.query,
        headers: { ...request.headers, "content-length": String(body?.byteLength ?? 0) },
        body,
      },
      credentials,
      { region: this.options.region, service: this.options.service },
      (this.options.now ?? (() => new Date()))(),
    );
    const search = request.query ? queryString(request.query) : "";
    const timeoutMs = this.options.timeoutMs ?? 1000;
    return new Promise<AwsResponse>((resolve, reject) => {
      const outgoing = transport.request(
        {
          protocol: this.endpoint.protocol,
          hostname: this.endpoint.hostname,
          port: this.endpoint.port || undefined,
          method: request.method,
          path: search ? `${path}?${search}` : path,
          headers,
          agent: transport.agent,
        },
        (incoming) => {
          const chunks: Buffer[] = [];
          incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
          incoming.on("error", fail);
          incoming.on("end", () => {
            clearTimeout(timer);
            resolve({
              status: incoming.statusCode ?? 0,
              headers: flatHeaders(incoming.headers),
              body: Buffer.concat(chunks),
            });
          });
        },
      );
      const timer = setTimeout(() => {
        outgoing.destroy(
          new AwsError(
            "TimeoutError",
            0,
            `${request.method} ${this.endpoint.host}${path}: no answer within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      outgoing.on("error", fail);
      outgoing.end(body);

      function fail(error: Error): void {
        clearTimeout(timer);
        reject(
          error instanceof AwsError
            ? error
            : new AwsError("NetworkError", 0, `${request.method} ${path}: ${error.message}`),
        );
      }
    });
  }
}

/** The credentials and region Lambda puts in every function's environment. */
export function lambdaEnvironment(env: NodeJS.ProcessEnv = process.env): {
  region: string;
  credentials: () => AwsCredentials;
} {
  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region) {
    throw new Error(
      "AWS_REGION: must name the function's region, got none. Run in Lambda or export AWS_REGION.",
    );
  }
  return {
    region,
    // Read on every request: cheap, and a test or a runtime that rotates them is honoured.
    credentials: () => {
      const accessKeyId = env.AWS_ACCESS_KEY_ID;
      const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
      if (!accessKeyId || !secretAccessKey) {
        throw new Error(
          "AWS_ACCESS_KEY_ID: must be set with AWS_SECRET_ACCESS_KEY to sign AWS requests, got none. Run in Lambda or export the role's credentials.",
        );
      }
      return { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN || undefined };
    },
  };
}

/**
 * A client for `service` with the Lambda environment's region and credentials. The endpoint
 * honours the AWS SDKs' `AWS_ENDPOINT_URL_<SERVICE>` and `AWS_ENDPOINT_URL` variables (local
 * emulators, tests), else it is the service's regional endpoint.
 */
export function awsClientFromEnv(
  service: string,
  options: Partial<AwsClientOptions> = {},
  env: NodeJS.ProcessEnv = process.env,
): AwsClient {
  const { region, credentials } = lambdaEnvironment(env);
  const endpoint =
    env[`AWS_ENDPOINT_URL_${service.toUpperCase().replace(/-/g, "_")}`] || env.AWS_ENDPOINT_URL;
  return new AwsClient({
    service,
    region,
    credentials,
    ...(endpoint ? { endpoint } : {}),
    ...options,
  });
}

/** The {@link AwsError} of a non-2xx answer. */
export function toAwsError(response: AwsResponse, parsed = parseJson(response.body)): AwsError {
  const type = errorTypeOf(response.headers, parsed);
  const fields = (typeof parsed === "object" && parsed !== null ? parsed : {}) as Record<
    string,
    unknown
  >;
  const message =
    (typeof fields.message === "string" && fields.message) ||
    (typeof fields.Message === "string" && fields.Message) ||
    `HTTP ${response.status}`;
  return new AwsError(type, response.status, `${type}: ${message}`, fields);
}

function parseJson(body: Buffer): unknown {
  if (body.byteLength === 0) return undefined;
  try {
    return JSON.parse(body.toString("utf8")) as unknown;
  } catch {
    return undefined;
  }
}

function queryString(query: Readonly<Record<string, string>>): string {
  return Object.entries(query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join("&");
}

function flatHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(",") : value;
  }
  return flat;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
