/**
 * Google Cloud adapter: one HTTP handler in the Functions Framework signature (`(req, res)`,
 * Express-like), used as a Cloud Functions gen2 entry point or behind Cloud Run. It serves plain
 * HTTP requests (JSON or msgpack bodies) and Pub/Sub push deliveries (`{ message, subscription }`,
 * also what Eventarc posts for Pub/Sub). Pub/Sub redelivers on any non-2xx reply, so bad input
 * is acknowledged (202, with the reason) and only a transient failure answers 500. A request
 * for `/health` (the load balancer sends it to the first function) is answered by the adapter
 * (./health.ts).
 */
import { BadInputError } from "../lib/errors";
import {
  decodePayload,
  encodingOf,
  invoke,
  messageEncoding,
  requestEncoding,
  type FunctionHandler,
} from "../lib/handler";
import { untrusted } from "../lib/log";
import { healthReply, isHealthPath } from "./health";
import { errorReply, httpReply, postOnlyReply, type HttpReply } from "./http";

/** The part of the framework's request the adapter reads. */
export interface GcpRequest {
  readonly method: string;
  /** The request path without the query string (Express' `req.path`). */
  readonly path?: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The unparsed body; the Functions Framework sets it on every request. */
  readonly rawBody?: Uint8Array;
  /** The body the framework parsed (JSON), used when `rawBody` is absent. */
  readonly body?: unknown;
}

/** The part of the framework's response the adapter writes. */
export interface GcpResponse {
  status(code: number): GcpResponse;
  set(name: string, value: string): GcpResponse;
  send(body: Uint8Array | string): unknown;
}

/** A Functions Framework HTTP function. */
export type GcpHttpFunction = (request: GcpRequest, response: GcpResponse) => Promise<void>;

/** Wraps a handler as an HTTP function accepting direct requests and Pub/Sub push. */
export function toGcp(handler: FunctionHandler): GcpHttpFunction {
  return async (request, response) => {
    let reply: HttpReply;
    try {
      reply = await route(handler, request);
    } catch (error) {
      reply = errorReply(500, "internal", String(error));
    }
    response.status(reply.status).set("content-type", reply.contentType);
    for (const [name, value] of Object.entries(reply.headers ?? {})) response.set(name, value);
    response.send(reply.body);
  };
}

async function route(handler: FunctionHandler, request: GcpRequest): Promise<HttpReply> {
  // Before the method check: the health path answers GET and HEAD, never the handler.
  if (isHealthPath(request.path)) return healthReply(handler.name, request.method);
  if (request.method !== "POST") return postOnlyReply(request.method);
  const contentType = headerOf(request, "content-type");
  const encoding = encodingOf(contentType);
  const body = parsedBody(request, encoding);
  const push = pushMessage(body);
  if (push) {
    const outcome = await invoke(
      handler,
      () => {
        const data = push.message.data;
        if (typeof data !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(data)) {
          throw new BadInputError(
            "message.data",
            "must be base64 text",
            data,
            "Publish the message bytes",
          );
        }
        const attributes = (push.message.attributes ?? {}) as Record<string, unknown>;
        const declared =
          typeof attributes.contentType === "string" ? attributes.contentType : undefined;
        const encoding = messageEncoding(declared, "message.attributes.contentType");
        return decodePayload(handler, Buffer.from(data, "base64"), encoding);
      },
      // Envelope ids are untrusted: logged as bounded text, never as the value they carry.
      {
        source: "pubsub",
        messageId: untrusted(push.message.messageId),
        subscription: untrusted(push.subscription),
      },
    );
    if (outcome.ok) return { status: 204, contentType: "application/json", body: new Uint8Array() };
    const reply = httpReply(outcome, "json");
    return outcome.retry ? reply : { ...reply, status: 202 };
  }
  const outcome = await invoke(
    handler,
    () => decodePayload(handler, rawBodyOf(request), requestEncoding(contentType, "content-type")),
    { source: "http" },
  );
  return httpReply(outcome, encoding);
}

interface PushEnvelope {
  readonly message: {
    readonly data?: unknown;
    readonly attributes?: unknown;
    readonly messageId?: unknown;
  };
  readonly subscription?: unknown;
}

function pushMessage(body: unknown): PushEnvelope | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const envelope = body as Record<string, unknown>;
  const message = envelope.message;
  if (
    typeof message !== "object" ||
    message === null ||
    typeof envelope.subscription !== "string"
  ) {
    return undefined;
  }
  return envelope as unknown as PushEnvelope;
}

function parsedBody(request: GcpRequest, encoding: string): unknown {
  if (encoding !== "json" && encoding !== "sniff") return undefined;
  if (request.body !== undefined && !(request.body instanceof Uint8Array)) return request.body;
  const raw = request.rawBody;
  if (!raw || raw[0] !== 0x7b) return undefined;
  try {
    return JSON.parse(Buffer.from(raw).toString("utf8")) as unknown;
  } catch {
    return undefined;
  }
}

function rawBodyOf(request: GcpRequest): Uint8Array {
  if (request.rawBody instanceof Uint8Array) return request.rawBody;
  if (request.body instanceof Uint8Array) return request.body;
  if (typeof request.body === "string") return Buffer.from(request.body, "utf8");
  if (request.body !== undefined) return Buffer.from(JSON.stringify(request.body) ?? "", "utf8");
  return new Uint8Array();
}

function headerOf(request: GcpRequest, name: string): string | undefined {
  const value = request.headers[name] ?? request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
