/**
 * A Cosmos DB (SQL API) container over REST, for the workloads' state documents: read, create,
 * replace with optimistic concurrency (`If-Match` on the etag) and upsert, on a container
 * partitioned on `/id` (the account's main container, components/data/azure-cosmos.ts). The
 * transport, token cache and error types are the order claims store's (./idempotency-rest.ts,
 * ./idempotency-cosmos.ts): one HTTP agent and one Entra ID token per instance serve both.
 *
 * Every request carries `authorization: type=aad&ver=1.0&sig=<token>` (URL-encoded),
 * `x-ms-date`, `x-ms-version` and the partition key; a 401 fetches a new token and retries once,
 * a 429 waits the advised `x-ms-retry-after-ms` (at most {@link MAX_THROTTLE_WAIT_MS}) and
 * retries once. REST reference: https://learn.microsoft.com/rest/api/cosmos-db/documents
 */
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

/** A document as stored: its body and the etag of this version. */
export interface Versioned<T> {
  readonly doc: T;
  readonly etag: string;
}

/** Where a container is and how to reach it. */
export interface CosmosContainerOptions {
  /** Account endpoint, regional or global, e.g. `https://tachyon-prod-customers-westeurope.documents.azure.com:443/`. */
  readonly endpoint: string;
  readonly database: string;
  readonly container: string;
  /** Entra ID tokens for the audience `https://<account>.documents.azure.com`. */
  readonly tokens: BearerTokens;
  /** Deadline of each request in milliseconds. @default 1000 */
  readonly timeoutMs?: number;
  /** Clock in epoch milliseconds (`x-ms-date`). @default Date.now */
  readonly now?: () => number;
  /**
   * The fix named when the database or container does not exist (404).
   * @default "Check COSMOS_DATABASE and COSMOS_CONTAINER name the workload's database and container"
   */
  readonly missingFix?: string;
}

interface Call {
  readonly method: "GET" | "POST" | "PUT" | "DELETE";
  readonly path: string;
  readonly id: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** Statuses the caller handles itself. */
  readonly expect: readonly number[];
}

/** One container of documents with an `id`, partitioned on `/id`. */
export class CosmosContainer {
  private readonly docs: string;

  /** @param options The container and the token source. */
  constructor(private readonly options: CosmosContainerOptions) {
    this.docs = `dbs/${encodeURIComponent(options.database)}/colls/${encodeURIComponent(options.container)}/docs`;
  }

  /** The document `id` and its etag; undefined when there is none. */
  async read<T extends { id: string }>(id: string): Promise<Versioned<T> | undefined> {
    const res = await this.send({ method: "GET", path: this.docPath(id), id, expect: [200, 404] });
    return res.status === 404 ? undefined : versioned<T>(res);
  }

  /** Creates `doc`; undefined when a document with its id exists already (409). */
  async create<T extends { id: string }>(doc: T): Promise<Versioned<T> | undefined> {
    const res = await this.send({
      method: "POST",
      path: this.docs,
      id: doc.id,
      body: doc,
      expect: [201, 409],
    });
    return res.status === 409 ? undefined : versioned<T>(res);
  }

  /**
   * Replaces the document if it is still at `etag`; undefined when another writer changed it
   * in between (412) or removed it (404): read it again and redo the change.
   */
  async replace<T extends { id: string }>(doc: T, etag: string): Promise<Versioned<T> | undefined> {
    const res = await this.send({
      method: "PUT",
      path: this.docPath(doc.id),
      id: doc.id,
      body: doc,
      headers: { "if-match": etag },
      expect: [200, 404, 412],
    });
    return res.status === 200 ? versioned<T>(res) : undefined;
  }

  /** Creates or replaces `doc` whatever it holds now. */
  async upsert<T extends { id: string }>(doc: T): Promise<Versioned<T>> {
    const res = await this.send({
      method: "POST",
      path: this.docs,
      id: doc.id,
      body: doc,
      headers: { "x-ms-documentdb-is-upsert": "True" },
      expect: [200, 201],
    });
    return versioned<T>(res);
  }

  /**
   * Deletes the document if it is still at `etag`; false when another writer changed it in
   * between (412) or it is gone (404).
   */
  async delete(id: string, etag: string): Promise<boolean> {
    const res = await this.send({
      method: "DELETE",
      path: this.docPath(id),
      id,
      headers: { "if-match": etag },
      expect: [204, 404, 412],
    });
    return res.status === 204;
  }

  private docPath(id: string): string {
    return `${this.docs}/${encodeURIComponent(id)}`;
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
        (res.status === 404 ? this.options.missingFix : undefined) ??
          FIXES[res.status] ??
          "Check the account, database and container names and retry",
      );
    }
  }

  private async once(call: Call): Promise<RestResponse> {
    const token = await this.options.tokens.get();
    const now = this.options.now ?? Date.now;
    const endpoint = this.options.endpoint;
    return requestJson({
      method: call.method,
      url: new URL(call.path, endpoint.endsWith("/") ? endpoint : `${endpoint}/`).toString(),
      headers: {
        authorization: encodeURIComponent(`type=aad&ver=1.0&sig=${token}`),
        "x-ms-date": new Date(now()).toUTCString(),
        "x-ms-version": COSMOS_API_VERSION,
        "x-ms-documentdb-partitionkey": JSON.stringify([call.id]),
        ...call.headers,
      },
      body: call.body,
      timeoutMs: this.options.timeoutMs ?? 1000,
    });
  }
}

const FIXES: Readonly<Record<number, string>> = {
  401: "Check that the token's audience is the account endpoint and the identity is the app's",
  403: "Assign the function's identity the Cosmos DB Built-in Data Contributor role on the container",
  404: "Check COSMOS_DATABASE and COSMOS_CONTAINER name the workload's database and container",
  429: "Raise the container's throughput or retry later",
};

function versioned<T>(res: RestResponse): Versioned<T> {
  const doc = res.body as T & { _etag?: string };
  const etag = typeof res.headers.etag === "string" ? res.headers.etag : (doc._etag ?? "");
  return { doc, etag };
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
