/**
 * The HTTP mapping shared by every cloud's HTTP adapter: the reply speaks the request's
 * encoding (msgpack in, msgpack out; JSON otherwise) and errors are always JSON
 * `{ "error": { "code", "message" } }` so that any client can read them.
 */
import { encode } from "../lib/codec";
import { statusOf, type Encoding, type Outcome } from "../lib/handler";

/** An HTTP reply independent of the cloud. */
export interface HttpReply {
  readonly status: number;
  readonly contentType: string;
  readonly body: Uint8Array;
  /** Headers besides `content-type` (lower-case names), e.g. `allow` on a 405. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Builds the reply to an outcome. */
export function httpReply(outcome: Outcome, requestEncoding: Encoding): HttpReply {
  const status = statusOf(outcome);
  if (outcome.ok && requestEncoding === "msgpack") {
    return { status, contentType: "application/msgpack", body: encode(outcome.value) };
  }
  const document = outcome.ok
    ? outcome.value
    : { error: { code: outcome.code, message: outcome.message } };
  return {
    status,
    contentType: "application/json",
    body: Buffer.from(JSON.stringify(document) ?? "null", "utf8"),
  };
}

/** The 405 to a method other than POST on a function's own path. */
export function postOnlyReply(method: string): HttpReply {
  const reply = errorReply(
    405,
    "method_not_allowed",
    `method: must be POST, got ${method}. Send a POST.`,
  );
  return { ...reply, headers: { allow: "POST" } };
}

/** A reply for a request that never reached the handler (wrong method, unknown event). */
export function errorReply(status: number, code: string, message: string): HttpReply {
  return {
    status,
    contentType: "application/json",
    body: Buffer.from(JSON.stringify({ error: { code, message } }), "utf8"),
  };
}
