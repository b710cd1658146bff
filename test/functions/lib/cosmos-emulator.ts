/**
 * A Cosmos DB SQL API emulation for the store specs: one container's documents behind the REST
 * routes the stores call (create, upsert, read, conditional replace and delete), with the service's status
 * codes and error bodies, and the Entra ID authorization header checked on every request.
 */
import { startServer, type Answer, type LocalServer, type SeenRequest } from "./rest-server";

/** A stored document with its etag. */
export interface StoredDocument {
  readonly doc: Record<string, unknown>;
  readonly etag: string;
}

/** A running emulation. */
export interface CosmosEmulator extends LocalServer {
  /** Documents by id. */
  readonly docs: Map<string, StoredDocument>;
  /** The token the emulation accepts; change it to make the current one refused. */
  acceptedToken: string;
}

/** Starts an emulation of container `container` in database `database`. */
export async function startCosmos(
  database: string,
  container: string,
  acceptedToken: string,
): Promise<CosmosEmulator> {
  const docs = new Map<string, StoredDocument>();
  let etags = 0;
  const state = { acceptedToken };
  const store = (doc: Record<string, unknown>): StoredDocument => {
    etags += 1;
    const stored = { doc: { ...doc, _etag: `"${etags}"` }, etag: `"${etags}"` };
    docs.set(String(doc.id), stored);
    return stored;
  };
  const handle = (req: SeenRequest): Answer => {
    if (
      req.headers.authorization !==
      encodeURIComponent(`type=aad&ver=1.0&sig=${state.acceptedToken}`)
    ) {
      return error(401, "Unauthorized", "Request blocked by Auth: the AAD token is not valid.");
    }
    if (!req.headers["x-ms-version"] || !req.headers["x-ms-date"]) {
      return error(400, "BadRequest", "x-ms-version and x-ms-date are required.");
    }
    const m = /^\/dbs\/([^/]+)\/colls\/([^/]+)\/docs(?:\/([^/]+))?$/.exec(req.url);
    if (!m || decodeURIComponent(m[1]) !== database || decodeURIComponent(m[2]) !== container) {
      return error(404, "NotFound", "Resource Not Found");
    }
    const id =
      m[3] === undefined ? String((req.body as { id?: unknown }).id) : decodeURIComponent(m[3]);
    if (req.headers["x-ms-documentdb-partitionkey"] !== JSON.stringify([id])) {
      return error(
        400,
        "BadRequest",
        "PartitionKey extracted from document doesn't match the one specified in the header.",
      );
    }
    const existing = docs.get(id);
    if (req.method === "POST" && m[3] === undefined) {
      const doc = req.body as Record<string, unknown>;
      if (req.headers["x-ms-documentdb-is-upsert"] === "True") {
        const stored = store(doc);
        return { status: existing ? 200 : 201, headers: { etag: stored.etag }, body: stored.doc };
      }
      if (existing) {
        return error(409, "Conflict", "Entity with the specified id already exists in the system.");
      }
      const stored = store(doc);
      return { status: 201, headers: { etag: stored.etag }, body: stored.doc };
    }
    if (req.method === "GET" && m[3] !== undefined) {
      if (!existing)
        return error(404, "NotFound", "Entity with the specified id does not exist in the system.");
      return { status: 200, headers: { etag: existing.etag }, body: existing.doc };
    }
    if (req.method === "PUT" && m[3] !== undefined) {
      if (!existing)
        return error(404, "NotFound", "Entity with the specified id does not exist in the system.");
      if (req.headers["if-match"] !== undefined && req.headers["if-match"] !== existing.etag) {
        return error(
          412,
          "PreconditionFailed",
          "Operation cannot be performed because one of the specified precondition is not met.",
        );
      }
      const stored = store(req.body as Record<string, unknown>);
      return { status: 200, headers: { etag: stored.etag }, body: stored.doc };
    }
    if (req.method === "DELETE" && m[3] !== undefined) {
      if (!existing)
        return error(404, "NotFound", "Entity with the specified id does not exist in the system.");
      if (req.headers["if-match"] !== undefined && req.headers["if-match"] !== existing.etag) {
        return error(
          412,
          "PreconditionFailed",
          "Operation cannot be performed because one of the specified precondition is not met.",
        );
      }
      docs.delete(id);
      return { status: 204 };
    }
    return error(405, "MethodNotAllowed", `${req.method} is not allowed here.`);
  };
  const server = await startServer(handle);
  // An accessor, so that the service reads the token a spec set after the start.
  return Object.defineProperty(Object.assign(server, { docs }), "acceptedToken", {
    get: () => state.acceptedToken,
    set: (value: string) => {
      state.acceptedToken = value;
    },
  }) as CosmosEmulator;
}

function error(status: number, code: string, message: string): Answer {
  return { status, body: { code, message } };
}
