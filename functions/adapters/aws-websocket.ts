/**
 * API Gateway WebSocket events for the Lambda adapter (./aws.ts): the portfolio WebSocket API
 * (components/edge/aws-websocket.ts) sends `$connect`, `$disconnect` and `$default` through one
 * Lambda proxy integration on the function's `live` alias.
 *
 * - `$connect` (`eventType: "CONNECT"`): 200 accepts the connection. The route is IAM-authorised
 *   by API Gateway before the function is invoked, so the adapter has nothing left to check and
 *   answers from the event alone, without the handler.
 * - `$disconnect` (`"DISCONNECT"`): 200; API Gateway ignores the answer, the connection is gone.
 * - `$default` (`"MESSAGE"`): the frame is one message for the handler, as on the other
 *   transports. API Gateway refuses binary frames (it closes the socket with 1003), so a client
 *   sends JSON text, or msgpack as base64 text; the reply speaks the same encoding. API Gateway
 *   passes the reply's `body` to the client only because the component gives `$default` a route
 *   response; the status code never reaches the client, so a rejection says why in the body
 *   (`{"error":{"code","message"}}`) and changes nothing.
 */
import { MAX_MESSAGE_BYTES, encode } from "../lib/codec";
import { BadInputError, PayloadTooLargeError } from "../lib/errors";
import { decodePayload, invoke, statusOf, type FunctionHandler } from "../lib/handler";
import { errorReply } from "./http";

/** The event API Gateway sends a Lambda proxy integration of a WebSocket route. */
export interface WebSocketEvent {
  readonly requestContext: {
    readonly routeKey: string;
    readonly eventType: string;
    readonly connectionId: string;
    readonly domainName?: string;
    readonly stage?: string;
  };
  readonly body?: string | null;
  readonly isBase64Encoded?: boolean;
}

/** What a WebSocket route's Lambda integration returns. */
export interface WebSocketResult {
  readonly statusCode: number;
  /** Sent to the client on `$default`, which has a route response. */
  readonly body?: string;
}

/** Whether an event comes from an API Gateway WebSocket route. */
export function isWebSocket(
  e: Record<string, unknown> | null,
): e is WebSocketEvent & Record<string, unknown> {
  const context = e?.requestContext as Record<string, unknown> | undefined;
  return (
    typeof context === "object" &&
    context !== null &&
    typeof context.connectionId === "string" &&
    typeof context.eventType === "string"
  );
}

/** Answers one WebSocket event; never throws. */
export async function webSocket(
  handler: FunctionHandler,
  e: WebSocketEvent,
): Promise<WebSocketResult> {
  const { eventType, routeKey, connectionId } = e.requestContext;
  if (eventType === "CONNECT" || eventType === "DISCONNECT") return { statusCode: 200 };
  if (eventType !== "MESSAGE") {
    const reply = errorReply(
      400,
      "bad_input",
      `requestContext.eventType: must be CONNECT, MESSAGE or DISCONNECT, got ${JSON.stringify(eventType)}. Route only WebSocket events to the function.`,
    );
    return { statusCode: reply.status, body: Buffer.from(reply.body).toString("utf8") };
  }
  let msgpack = false;
  const outcome = await invoke(
    handler,
    () => {
      const frame = framePayload(e);
      msgpack = frame.msgpack;
      return decodePayload(handler, frame.bytes, msgpack ? "msgpack" : "json");
    },
    { source: "websocket", routeKey, connectionId },
  );
  const statusCode = statusOf(outcome);
  if (outcome.ok && msgpack) {
    return { statusCode, body: Buffer.from(encode(outcome.value)).toString("base64") };
  }
  const document = outcome.ok
    ? outcome.value
    : { error: { code: outcome.code, message: outcome.message } };
  return { statusCode, body: JSON.stringify(document) ?? "null" };
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The bytes of a text frame: JSON as it is, anything else as base64 msgpack. */
function framePayload(e: WebSocketEvent): { bytes: Uint8Array; msgpack: boolean } {
  const body = e.body;
  if (typeof body !== "string" || body.length === 0) {
    throw new BadInputError(
      "body",
      "must be a JSON or base64 msgpack text frame",
      body,
      "Send one message per frame",
    );
  }
  if (body.length > MAX_MESSAGE_BYTES * 2) {
    throw new PayloadTooLargeError("body", body.length, MAX_MESSAGE_BYTES);
  }
  if (e.isBase64Encoded === true || !(body.startsWith("{") || body.startsWith("["))) {
    if (!BASE64.test(body)) {
      throw new BadInputError(
        "body",
        "is neither JSON nor base64 text",
        body,
        "Send a JSON object or array, or msgpack encoded as base64",
      );
    }
    const bytes = Buffer.from(body, "base64");
    // A base64 frame may carry JSON too (contentHandlingStrategy or a client that encodes all).
    return { bytes, msgpack: !(bytes[0] === 0x7b || bytes[0] === 0x5b) };
  }
  return { bytes: Buffer.from(body, "utf8"), msgpack: false };
}
