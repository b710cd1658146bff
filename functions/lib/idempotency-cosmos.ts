/**
 * Cosmos DB adapter of the idempotency store, over the SQL API's REST interface with a
 * Microsoft Entra ID token (the account has local keys disabled). Documents are
 * `{ id, state, digest, result?, ttl }` in a container partitioned on `/id` with TTL on, so Cosmos DB
 * deletes each claim `ttl` seconds after its last write.
 *
 * - claim: create the document (`POST .../docs`): 201 = claimed; 409 = claimed before, so read
 *   it (`GET .../docs/<id>`) for its state and stored result. A document gone by the time it is
 *   read (released or expired in between) is claimed again, once.
 * - complete: upsert (`x-ms-documentdb-is-upsert: True`) the `done` document with the result.
 * - release: delete the document only if it is still the pending claim that was read
 *   (`If-Match` on its etag), so a finished result is never dropped.
 *
 * Every request carries `authorization: type=aad&ver=1.0&sig=<token>` (URL-encoded),
 * `x-ms-date`, `x-ms-version` and the partition key; a 401 fetches a new token and retries once,
 * a 429 waits the advised `x-ms-retry-after-ms` (at most {@link MAX_THROTTLE_WAIT_MS}) and
 * retries once.
 *
 * A create is atomic within the region that accepts it. In an account that takes writes in
 * several regions, two regions can each accept the first create of one id before they
 * replicate (the conflict then resolves last-writer-wins), so across regions a claim is exact
 * only when every site writes through the same region.
 */
import type { Claim, IdempotencyStore } from "./idempotency";
import {
  errorDetail,
  requestJson,
  RestStatusError,
  type BearerTokens,
  type RestResponse,
} from "./idempotency-rest";

/** The REST API version sent as `x-ms-version`. */
export const COSMOS_API_VERSION = "2018-12-31";

/** Longest wait before retrying a throttled request: a trading request cannot wait longer. */
export const MAX_THROTTLE_WAIT_MS = 100;

/** A stored claim document. */
export interface CosmosClaimDocument {
  readonly id: string;
  readonly state: "pending" | "done";
  /** The digest of the request the key was claimed for; absent on older documents. */
  readonly digest?: string;
  readonly result?: string;
  /** Seconds after its last write at which Cosmos DB deletes the document. */
  readonly ttl: number;
}

/** Where the claims container is and how to reach it. */
export interface CosmosStoreOptions {
  /** Account endpoint, e.g. `https://tachyon-prod-orders.documents.azure.com:443/`. */
  readonly endpoint: string;
  readonly database: string;
  readonly container: string;
  /** Entra ID tokens for the audience `https://<account>.documents.azure.com`. */
  readonly tokens: BearerTokens;
  /** Deadline of each request in milliseconds. @default 1000 */
  readonly timeoutMs?: number;
  /** Clock in epoch milliseconds (`x-ms-date`). @default Date.now */
  readonly now?: () => number;
}

interface Call {
  readonly method: "GET" | "POST" | "DELETE";
  readonly path: string;
  readonly key: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Statuses the caller handles itself. */
  readonly expect: readonly number[];
}

/** An idempotency store in a Cosmos DB container, over REST. */
export class CosmosIdempotencyStore implements IdempotencyStore {
  private readonly docs: string;

  /** @param options The container and the token source. */
  constructor(private readonly options: CosmosStoreOptions) {
    this.docs = `dbs/${encodeURIComponent(options.database)}/colls/${encodeURIComponent(options.container)}/docs`;
  }

  /** {@inheritDoc IdempotencyStore.claim} */
  async claim(key: string, digest: string, ttlSeconds: number): Promise<Claim> {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const created = await this.send({
        method: "POST",
        path: this.docs,
        key,
        body: {
          id: key,
          state: "pending",
          digest,
          ttl: ttlSeconds,
        } satisfies CosmosClaimDocument,
        expect: [201, 409],
      });
      if (created.status === 201) return { status: "claimed" };
      const existing = await this.read(key);
      if (existing === undefined) continue;
      const { state, result, digest: stored } = existing.doc;
      return state === "done" && result !== undefined
        ? { status: "done", result, digest: stored }
        : { status: "pending", digest: stored };
    }
    // Claimed, then gone, twice in a row: another caller is churning the key right now.
    return { status: "pending", digest: undefined };
  }

  /** {@inheritDoc IdempotencyStore.complete} */
  async complete(key: string, digest: string, result: string, ttlSeconds: number): Promise<void> {
    await this.send({
      method: "POST",
      path: this.docs,
      key,
      body: {
        id: key,
        state: "done",
        digest,
        result,
        ttl: ttlSeconds,
      } satisfies CosmosClaimDocument,
      headers: { "x-ms-documentdb-is-upsert": "True" },
      expect: [200, 201],
    });
  }

  /** {@inheritDoc IdempotencyStore.release} */
  async release(key: string): Promise<void> {
    const existing = await this.read(key);
    if (existing?.doc.state !== "pending") return;
    // 412: the claim changed since it was read (completed or re-claimed): leave it.
    await this.send({
      method: "DELETE",
      path: this.docPath(key),
      key,
      headers: { "if-match": existing.etag },
      expect: [204, 404, 412],
    });
  }

  private async read(key: string): Promise<{ doc: CosmosClaimDocument; etag: string } | undefined> {
    const res = await this.send({
      method: "GET",
      path: this.docPath(key),
      key,
      expect: [200, 404],
    });
    if (res.status === 404) return undefined;
    const doc = res.body as CosmosClaimDocument & { _etag?: string };
    const etag = typeof res.headers.etag === "string" ? res.headers.etag : (doc._etag ?? "");
    return { doc, etag };
  }

  private docPath(key: string): string {
    return `${this.docs}/${encodeURIComponent(key)}`;
  }

  private async send(call: Call): Promise<RestResponse> {
    let refreshed = false;
    let throttled = false;
    for (;;) {
      const res = await this.once(call);
      if (res.status === 401 && !refreshed) {
        refreshed = true;
        this.options.tokens.invalidate();
        continue;
      }
      if (res.status === 429 && !throttled) {
        throttled = true;
        const advised = Number(res.headers["x-ms-retry-after-ms"]);
        await delay(Math.min(advised > 0 ? advised : 10, MAX_THROTTLE_WAIT_MS));
        continue;
      }
      if (call.expect.includes(res.status)) return res;
      throw new RestStatusError(
        `Cosmos DB ${call.method} /${call.path}`,
        res.status,
        errorDetail(res.body),
        FIXES[res.status] ?? "Check the account, database and container names and retry",
      );
    }
  }

  private async once(call: Call): Promise<RestResponse> {
    const token = await this.options.tokens.get();
    const now = this.options.now ?? Date.now;
    return requestJson({
      method: call.method,
      url: new URL(call.path, withSlash(this.options.endpoint)).toString(),
      headers: {
        authorization: encodeURIComponent(`type=aad&ver=1.0&sig=${token}`),
        "x-ms-date": new Date(now()).toUTCString(),
        "x-ms-version": COSMOS_API_VERSION,
        "x-ms-documentdb-partitionkey": JSON.stringify([call.key]),
        ...call.headers,
      },
      body: call.body,
      timeoutMs: this.options.timeoutMs ?? 1000,
    });
  }
}

const FIXES: Readonly<Record<number, string>> = {
  401: "Check that the token's audience is the account endpoint and the identity is the app's",
  403: "Assign the function's identity the Cosmos DB Built-in Data Contributor role on the database",
  404: "Create the claims container or fix TACHYON_IDEMPOTENCY_COSMOS_DATABASE and _CONTAINER",
  429: "Raise the container's throughput or retry later",
};

function withSlash(endpoint: string): string {
  return endpoint.endsWith("/") ? endpoint : `${endpoint}/`;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
