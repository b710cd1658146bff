/**
 * The HTTP transport of the REST idempotency stores (Cosmos DB, Spanner) and of the token
 * endpoints they authenticate with: one JSON request over a keep-alive agent with a deadline,
 * and a token cache. `node:https` and `node:http` only, so that the bundles carry no SDK: the
 * official clients cost hundreds of kilobytes (Cosmos) to megabytes (Spanner's gRPC stack) for
 * the four calls a claim needs.
 */
import * as http from "node:http";
import * as https from "node:https";

/** A JSON response: status, lower-cased headers and the parsed body (`undefined` when empty). */
export interface RestResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: unknown;
}

/** One request. */
export interface RestRequest {
  readonly method: "GET" | "POST" | "PUT" | "DELETE";
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Serialised as JSON. */
  readonly body?: unknown;
  /** Deadline for the whole exchange (connect, send, receive), in milliseconds. */
  readonly timeoutMs: number;
}

/** A request that did not finish before its deadline; the socket is destroyed. */
export class RestTimeoutError extends Error {
  /**
   * @param what The request, as `METHOD path`.
   * @param timeoutMs The deadline that passed.
   */
  constructor(
    readonly what: string,
    readonly timeoutMs: number,
  ) {
    super(
      `${what}: no response within the deadline, got none after ${timeoutMs} ms. Check the network path to the service or raise the timeout.`,
    );
    this.name = "RestTimeoutError";
  }
}

/** A response whose status the caller did not expect. */
export class RestStatusError extends Error {
  /**
   * @param what The request, as `METHOD path`.
   * @param status The HTTP status.
   * @param detail The service's error message, if any.
   * @param fix What to do about it.
   */
  constructor(
    readonly what: string,
    readonly status: number,
    readonly detail: string,
    fix: string,
  ) {
    super(`${what}: failed with HTTP ${status}, got ${JSON.stringify(detail)}. ${fix}.`);
    this.name = "RestStatusError";
  }
}

/**
 * Keep-alive agents, one per protocol and process: every request after the first reuses a warm
 * TLS connection, which is most of the latency of a claim.
 */
const AGENTS = {
  "https:": new https.Agent({ keepAlive: true, maxSockets: 32 }),
  "http:": new http.Agent({ keepAlive: true, maxSockets: 32 }),
};

/** Sends one JSON request and reads the whole response; rejects on a network error or deadline. */
export function requestJson(request: RestRequest): Promise<RestResponse> {
  const url = new URL(request.url);
  const payload = request.body === undefined ? undefined : JSON.stringify(request.body);
  const headers: Record<string, string> = { accept: "application/json", ...request.headers };
  if (payload !== undefined) {
    headers["content-type"] ??= "application/json";
    headers["content-length"] = String(Buffer.byteLength(payload));
  }
  const what = `${request.method} ${url.pathname}`;
  const transport = url.protocol === "http:" ? http : https;
  const agent = url.protocol === "http:" ? AGENTS["http:"] : AGENTS["https:"];
  return new Promise((resolve, reject) => {
    const timeout = new RestTimeoutError(what, request.timeoutMs);
    const req = transport.request(url, { method: request.method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("error", reject);
      // A connection lost mid-body (or cut by the deadline) closes the response without an error.
      res.on("close", () => {
        clearTimeout(timer);
        if (res.complete) return;
        reject(
          timedOut
            ? timeout
            : new Error(
                `${what}: the response was cut off, got ${chunks.length} chunk(s). Retry the request.`,
              ),
        );
      });
      res.on("end", () => {
        clearTimeout(timer);
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parseBody(text) });
      });
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      req.destroy(timeout);
    }, request.timeoutMs);
    req.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    req.end(payload);
  });
}

function parseBody(text: string): unknown {
  if (text === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** A bearer token and the epoch millisecond at which it stops being accepted. */
export interface Token {
  readonly value: string;
  readonly expiresAt: number;
}

/** A token source that can be told its token was refused ({@link TokenCache} is one). */
export interface BearerTokens {
  /** A token to send now. */
  get(): Promise<string>;
  /** Forgets the token the service refused. */
  invalidate(): void;
}

/**
 * Caches a token until `marginMs` before it expires, shares one fetch between concurrent
 * callers, and drops it on demand (a 401 from the service means it was revoked or rotated).
 */
export class TokenCache implements BearerTokens {
  private token: Token | undefined;
  private pending: Promise<Token> | undefined;

  /**
   * @param fetchToken Gets a fresh token from the identity endpoint.
   * @param now Clock in epoch milliseconds.
   * @param marginMs How long before expiry a token is refreshed.
   */
  constructor(
    private readonly fetchToken: () => Promise<Token>,
    private readonly now: () => number = Date.now,
    private readonly marginMs = 5 * 60_000,
  ) {}

  /** A token valid for at least the margin. */
  async get(): Promise<string> {
    if (this.token && this.token.expiresAt - this.marginMs > this.now()) return this.token.value;
    this.pending ??= this.fetchToken().finally(() => {
      this.pending = undefined;
    });
    this.token = await this.pending;
    return this.token.value;
  }

  /** Forgets the cached token, so that the next {@link get} fetches a new one. */
  invalidate(): void {
    this.token = undefined;
  }
}

/** The `message` of a Google or Azure JSON error body, else the body as text. */
export function errorDetail(body: unknown): string {
  if (typeof body === "string") return body.slice(0, 200);
  const b = body as { error?: { message?: unknown } | string; message?: unknown } | undefined;
  if (typeof b?.error === "object" && typeof b.error.message === "string") return b.error.message;
  if (typeof b?.message === "string") return b.message;
  if (typeof b?.error === "string") return b.error;
  return "";
}
