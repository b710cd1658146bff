/**
 * AWS Lambda adapter: maps the events Tachyon's functions receive — ALB target-group requests,
 * API Gateway WebSocket routes (./aws-websocket.ts), Kinesis and SQS batches, EventBridge events —
 * onto a {@link FunctionHandler} and back.
 *
 * Batches answer with `batchItemFailures` (the event source mapping must enable
 * `ReportBatchItemFailures`): only records that failed for a transient reason are redelivered;
 * a record that can never succeed (bad input) is logged with its reason and not retried.
 * An ALB request for `/health` (the target group's health check) is answered by the adapter
 * (./health.ts), whatever the rule that forwarded it.
 *
 * A {@link SignalEvent} is a direct Lambda Invoke from `normalize` carrying one signalled order
 * (functions/trading/aws-signal-sink.ts); it is answered with the invocation's {@link Outcome}
 * (the execution result, or why it failed and whether a retry may succeed).
 */
import { MAX_MESSAGE_BYTES } from "../lib/codec";
import { BadInputError, PayloadTooLargeError } from "../lib/errors";
import {
  decodePayload,
  encodingOf,
  messageEncoding,
  requestEncoding,
  invoke,
  type Encoding,
  type FunctionHandler,
  type Outcome,
} from "../lib/handler";
import { log } from "../lib/log";
import { object } from "../lib/validate";
import { healthReply, isHealthPath } from "./health";
import { httpReply, postOnlyReply, type HttpReply } from "./http";
import { isWebSocket, webSocket, type WebSocketResult } from "./aws-websocket";

/** The ALB request event (multi-value headers off). */
export interface AlbEvent {
  readonly requestContext: { readonly elb: { readonly targetGroupArn: string } };
  readonly httpMethod: string;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string | null;
  readonly isBase64Encoded: boolean;
}

/** The ALB response a Lambda target returns. */
export interface AlbResult {
  readonly statusCode: number;
  readonly statusDescription: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  readonly isBase64Encoded: boolean;
}

/** A Kinesis or SQS batch's partial failure report. */
export interface BatchResult {
  readonly batchItemFailures: { readonly itemIdentifier: string }[];
}

/** The `source` of a {@link SignalEvent}. */
export const SIGNAL_SOURCE = "tachyon.signal";

/**
 * The event `normalize` invokes `order`'s `live` alias with for each order its signal engine
 * raises: exactly these two keys, the order in the shape of functions/trading/order.ts.
 */
export interface SignalEvent {
  readonly source: typeof SIGNAL_SOURCE;
  readonly order: Readonly<Record<string, unknown>>;
}

/** What the Lambda adapter returns for each kind of event. */
export type LambdaResult = AlbResult | WebSocketResult | BatchResult | Outcome;

/** A Lambda handler as `index.handler` exports it. */
export type LambdaHandler = (event: unknown) => Promise<LambdaResult>;

const STATUS_TEXT: Readonly<Record<number, string>> = {
  200: "OK",
  400: "Bad Request",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Payload Too Large",
  415: "Unsupported Media Type",
  500: "Internal Server Error",
};

/**
 * Wraps a handler as a Lambda handler accepting ALB, API Gateway WebSocket, Kinesis, SQS,
 * EventBridge and signal events.
 */
export function toLambda(handler: FunctionHandler): LambdaHandler {
  return async (event: unknown): Promise<LambdaResult> => {
    try {
      const e = event as Record<string, unknown> | null;
      if (isAlb(e)) return await alb(handler, e);
      if (isWebSocket(e)) return await webSocket(handler, e);
      const records = recordsOf(e);
      if (records) return await batch(handler, records);
      if (e && typeof e["detail-type"] === "string" && "detail" in e) {
        const id = typeof e.id === "string" ? e.id : undefined;
        return await invoke(handler, () => e.detail, { source: "eventbridge", eventId: id });
      }
      if (e && e.source === SIGNAL_SOURCE) {
        return await invoke(handler, () => signalOrder(e), { source: "signal" });
      }
      return await invoke(handler, () => {
        throw new BadInputError(
          "event",
          "is not an ALB request, a WebSocket route event, a Kinesis or SQS batch, an EventBridge event or a signal event",
          event,
          "Invoke the function from one of those sources",
        );
      });
    } catch (error) {
      // Unreachable by design (invoke never throws); a last guard so the platform never retries blindly.
      log("ERROR", "adapter failed", { function: handler.name, reason: String(error) });
      return { ok: false, retry: true, code: "internal", message: String(error), latencyMs: 0 };
    }
  };
}

/** The order of a {@link SignalEvent}, for the handler's own validation. */
function signalOrder(e: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> {
  const extra = Object.keys(e).filter((key) => key !== "source" && key !== "order");
  if (extra.length > 0) {
    throw new BadInputError(
      `event.${extra[0]}`,
      "is not a key of a signal event",
      e[extra[0] ?? ""],
      'Send only "source" and "order"',
    );
  }
  return object(e.order, "event.order");
}

function isAlb(e: Record<string, unknown> | null): e is AlbEvent & Record<string, unknown> {
  const context = e?.requestContext as Record<string, unknown> | undefined;
  return typeof context === "object" && context !== null && typeof context.elb === "object";
}

interface BatchRecord {
  readonly id: string;
  readonly source: "kinesis" | "sqs";
  readonly bytes: () => Uint8Array;
  readonly encoding: Encoding;
}

function recordsOf(e: Record<string, unknown> | null): BatchRecord[] | undefined {
  if (!e || !Array.isArray(e.Records)) return undefined;
  return (e.Records as unknown[]).map((raw, index): BatchRecord => {
    const r = (raw ?? {}) as Record<string, unknown>;
    if (r.eventSource === "aws:kinesis") {
      const k = (r.kinesis ?? {}) as Record<string, unknown>;
      return {
        id: typeof k.sequenceNumber === "string" ? k.sequenceNumber : String(index),
        source: "kinesis",
        bytes: () => base64(k.data, "Records[].kinesis.data"),
        encoding: "sniff",
      };
    }
    const body = r.body;
    const attributes = (r.messageAttributes ?? {}) as Record<string, { stringValue?: string }>;
    const contentType = attributes.contentType?.stringValue;
    return {
      id: typeof r.messageId === "string" ? r.messageId : String(index),
      source: "sqs",
      // SQS bodies are text: JSON as is, msgpack base64-encoded with contentType application/msgpack.
      bytes: () =>
        messageEncoding(contentType, "Records[].messageAttributes.contentType") === "msgpack"
          ? base64(body, "Records[].body")
          : utf8(body),
      encoding: encodingOf(contentType),
    };
  });
}

async function batch(handler: FunctionHandler, records: BatchRecord[]): Promise<BatchResult> {
  const failures: { itemIdentifier: string }[] = [];
  for (const record of records) {
    const outcome = await invoke(
      handler,
      () => decodePayload(handler, record.bytes(), record.encoding),
      { source: record.source, recordId: record.id },
    );
    if (!outcome.ok && outcome.retry) failures.push({ itemIdentifier: record.id });
  }
  return { batchItemFailures: failures };
}

async function alb(handler: FunctionHandler, e: AlbEvent): Promise<AlbResult> {
  const contentType = header(e.headers, "content-type");
  const encoding = encodingOf(contentType);
  // Before the method check: the health path answers GET and HEAD, never the handler.
  if (isHealthPath(e.path)) return toAlb(healthReply(handler.name, e.httpMethod));
  if (e.httpMethod !== "POST") return toAlb(postOnlyReply(e.httpMethod));
  const outcome = await invoke(
    handler,
    () => {
      const declared = requestEncoding(contentType, "content-type");
      const body = e.body ?? "";
      if (body.length > MAX_MESSAGE_BYTES * 2) throw tooLarge(body.length);
      const bytes = e.isBase64Encoded ? base64(body, "body") : utf8(body);
      return decodePayload(handler, bytes, declared);
    },
    { source: "alb", path: e.path },
  );
  return toAlb(httpReply(outcome, encoding));
}

function toAlb(reply: HttpReply): AlbResult {
  const binary = reply.contentType !== "application/json";
  return {
    statusCode: reply.status,
    statusDescription: `${reply.status} ${STATUS_TEXT[reply.status] ?? "Unknown"}`,
    headers: { "content-type": reply.contentType, ...reply.headers },
    body: Buffer.from(reply.body).toString(binary ? "base64" : "utf8"),
    isBase64Encoded: binary,
  };
}

function header(
  headers: Readonly<Record<string, string>> | undefined,
  name: string,
): string | undefined {
  if (!headers) return undefined;
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}

function tooLarge(bytes: number): PayloadTooLargeError {
  return new PayloadTooLargeError("body", bytes, MAX_MESSAGE_BYTES);
}

function base64(value: unknown, path: string): Uint8Array {
  if (typeof value !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) {
    throw new BadInputError(
      path,
      "must be base64 text",
      value,
      "Send the record's bytes base64-encoded",
    );
  }
  return Buffer.from(value, "base64");
}

function utf8(value: unknown): Uint8Array {
  if (typeof value !== "string") {
    throw new BadInputError("body", "must be text", value, "Send a JSON or base64 body");
  }
  return Buffer.from(value, "utf8");
}
