/**
 * AWS Signature Version 4 (`AWS4-HMAC-SHA256`) request signing with node:crypto only, so that a
 * function calling AWS APIs bundles a few hundred bytes instead of an SDK client.
 *
 * The canonical form follows AWS's rules for every service but S3: the path is normalised
 * (empty, `.` and `..` segments removed) and URI-encoded once more on top of its wire encoding,
 * query names and values are encoded (RFC 3986 unreserved characters kept) and sorted, header
 * names are lower-cased and sorted with their values trimmed and inner spaces collapsed, and the
 * payload is hashed. Headers that proxies rewrite (`user-agent`, `connection`, ...) are sent but
 * never signed, as the AWS SDK does.
 *
 * `node:crypto` is loaded on the first signature, not with the bundle: importing it is a few
 * milliseconds of every cold start, and a function signs nothing until it first calls AWS.
 */
import type * as NodeCrypto from "node:crypto";

let loaded: typeof NodeCrypto | undefined;

/** node:crypto, loaded synchronously on first use. */
function crypto(): typeof NodeCrypto {
  return (loaded ??= process.getBuiltinModule("node:crypto"));
}

/** Credentials to sign with (a Lambda role's temporary credentials carry a session token). */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** A request to sign. */
export interface SignableRequest {
  readonly method: string;
  /** The host the request goes to (signed as the `host` header unless `headers` has one). */
  readonly host: string;
  /** The path as sent on the wire, already URI-encoded, e.g. `/2015-03-31/functions/a%3Ab/invocations`. */
  readonly path: string;
  /** Query parameters, not encoded; a repeated name takes a list. */
  readonly query?: Readonly<Record<string, string | readonly string[]>>;
  /** Headers to send and sign (any case); `authorization` and `x-amz-date` are replaced. */
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | Uint8Array;
}

/** Where the signature is valid. */
export interface SigningScope {
  readonly region: string;
  /** The signing name of the service, e.g. `dynamodb`, `lambda`. */
  readonly service: string;
}

/** The headers to send: the request's own plus `host`, `x-amz-date`, the token and `authorization`. */
export type SignedHeaders = Record<string, string>;

/** The algorithm name in the string to sign and the `Authorization` header. */
export const ALGORITHM = "AWS4-HMAC-SHA256";

/** Hex sha256 of the empty payload. */
export const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// Headers the AWS SDK never signs: hop-by-hop or rewritten by proxies and the runtime.
const UNSIGNABLE = new Set([
  "authorization",
  "cache-control",
  "connection",
  "expect",
  "from",
  "keep-alive",
  "max-forwards",
  "pragma",
  "referer",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "user-agent",
  "x-amzn-trace-id",
]);

/**
 * Signs a request: returns the headers to send, lower-cased, with `host`, `x-amz-date`,
 * `x-amz-security-token` (when the credentials have a session token) and `authorization` set.
 */
export function signRequest(
  request: SignableRequest,
  credentials: AwsCredentials,
  scope: SigningScope,
  now: Date = new Date(),
): SignedHeaders {
  const amzDate = formatAmzDate(now);
  const day = amzDate.slice(0, 8);
  const headers: SignedHeaders = {};
  for (const [name, value] of Object.entries(request.headers ?? {})) {
    const lower = name.toLowerCase();
    if (lower !== "authorization" && lower !== "x-amz-date" && lower !== "date") {
      headers[lower] = value;
    }
  }
  headers.host ??= request.host;
  headers["x-amz-date"] = amzDate;
  if (credentials.sessionToken) headers["x-amz-security-token"] = credentials.sessionToken;
  const signed = Object.keys(headers)
    .filter((name) => !UNSIGNABLE.has(name) && !/^(proxy|sec)-/.test(name))
    .sort();
  const credentialScope = `${day}/${scope.region}/${scope.service}/aws4_request`;
  const canonicalRequest = [
    request.method.toUpperCase(),
    canonicalPath(request.path),
    canonicalQuery(request.query ?? {}),
    signed.map((name) => `${name}:${canonicalHeaderValue(headers[name] ?? "")}\n`).join(""),
    signed.join(";"),
    payloadHash(request.body),
  ].join("\n");
  const stringToSign = [ALGORITHM, amzDate, credentialScope, sha256Hex(canonicalRequest)].join(
    "\n",
  );
  const key = signingKey(credentials.secretAccessKey, day, scope.region, scope.service);
  const signature = crypto().createHmac("sha256", key).update(stringToSign, "utf8").digest("hex");
  headers.authorization = `${ALGORITHM} Credential=${credentials.accessKeyId}/${credentialScope}, SignedHeaders=${signed.join(";")}, Signature=${signature}`;
  return headers;
}

/**
 * Presigns a `GET` (query-string authentication, `host` the only signed header, payload hash of
 * the empty body): returns the canonical query with `X-Amz-Signature` appended, ready to follow
 * `?`. ElastiCache's IAM `AUTH` token is such a query.
 */
export function presignQuery(
  request: {
    readonly host: string;
    readonly path: string;
    readonly query: Readonly<Record<string, string>>;
  },
  credentials: AwsCredentials,
  scope: SigningScope,
  expiresSeconds: number,
  now: Date = new Date(),
): string {
  const amzDate = formatAmzDate(now);
  const day = amzDate.slice(0, 8);
  const credentialScope = `${day}/${scope.region}/${scope.service}/aws4_request`;
  const query = canonicalQuery({
    ...request.query,
    "X-Amz-Algorithm": ALGORITHM,
    "X-Amz-Credential": `${credentials.accessKeyId}/${credentialScope}`,
    "X-Amz-Date": amzDate,
    "X-Amz-Expires": String(expiresSeconds),
    ...(credentials.sessionToken ? { "X-Amz-Security-Token": credentials.sessionToken } : {}),
    "X-Amz-SignedHeaders": "host",
  });
  const canonicalRequest = [
    "GET",
    canonicalPath(request.path),
    query,
    `host:${canonicalHeaderValue(request.host)}\n`,
    "host",
    EMPTY_SHA256,
  ].join("\n");
  const stringToSign = [ALGORITHM, amzDate, credentialScope, sha256Hex(canonicalRequest)].join(
    "\n",
  );
  const key = signingKey(credentials.secretAccessKey, day, scope.region, scope.service);
  const signature = crypto().createHmac("sha256", key).update(stringToSign, "utf8").digest("hex");
  return `${query}&X-Amz-Signature=${signature}`;
}

/** `YYYYMMDD'T'HHMMSS'Z'` in UTC, the form of `x-amz-date`. */
export function formatAmzDate(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}

/** RFC 3986 encoding: `encodeURIComponent` plus the sub-delimiters it leaves alone. */
export function uriEscape(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** The canonical URI: normalised segments, each encoded again over its wire encoding. */
export function canonicalPath(path: string): string {
  const segments: string[] = [];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  const lead = path.startsWith("/") ? "/" : "";
  const trail = segments.length > 0 && path.endsWith("/") ? "/" : "";
  return `${lead}${segments.map(uriEscape).join("/")}${trail}`;
}

/** The canonical query string: encoded pairs sorted by name, then (for a repeated name) by pair. */
export function canonicalQuery(
  query: Readonly<Record<string, string | readonly string[]>>,
): string {
  return Object.keys(query)
    .filter((name) => name.toLowerCase() !== "x-amz-signature")
    .map((name) => {
      const key = uriEscape(name);
      const value = query[name] ?? "";
      const pairs = (typeof value === "string" ? [value] : [...value]).map(
        (v) => `${key}=${uriEscape(v)}`,
      );
      return { key, text: pairs.sort().join("&") };
    })
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((entry) => entry.text)
    .filter((text) => text !== "")
    .join("&");
}

function canonicalHeaderValue(value: string): string {
  return value
    .replace(/[\r\n]/g, " ")
    .replace(/[ \t]+/g, " ")
    .replace(/^ | $/g, "");
}

function payloadHash(body: string | Uint8Array | undefined): string {
  return body === undefined ? EMPTY_SHA256 : sha256Hex(body);
}

function sha256Hex(data: string | Uint8Array): string {
  return crypto().createHash("sha256").update(data).digest("hex");
}

/** Derived keys by day, region, service and secret: one derivation a day, not four HMACs a request. */
const keys = new Map<string, Buffer>();

/** Most derived keys kept; an instance signs for one or two services in one region. */
const MAX_KEYS = 16;

/** The signing key of one day, region and service, derived once and then reused. */
export function signingKey(secret: string, day: string, region: string, service: string): Buffer {
  const cacheKey = `${day}\0${region}\0${service}\0${secret}`;
  const cached = keys.get(cacheKey);
  if (cached) return cached;
  const { createHmac } = crypto();
  let key = createHmac("sha256", `AWS4${secret}`).update(day).digest();
  for (const part of [region, service, "aws4_request"]) {
    key = createHmac("sha256", key).update(part).digest();
  }
  // Yesterday's keys are dead weight after midnight UTC; the oldest goes first.
  if (keys.size >= MAX_KEYS) keys.delete(keys.keys().next().value as string);
  keys.set(cacheKey, key);
  return key;
}

/** Number of derived keys held (tests check the cache). */
export function cachedSigningKeys(): number {
  return keys.size;
}
