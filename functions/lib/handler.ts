/**
 * The contract between a workload's logic and the cloud adapters. A handler validates its input
 * (`parse`) before it does anything (`handle`), so bad input is rejected with a reason and never
 * half-executes; `invoke` runs both, times them and turns every failure into an {@link Outcome}
 * so that no exception escapes to the platform.
 */
import { decode } from "./codec";
import {
  BadInputError,
  PayloadTooLargeError,
  UnsupportedMediaTypeError,
  isBadInput,
} from "./errors";
import { log, since } from "./log";

/** How a handler wants its payload: raw bytes (exchange frames) or a decoded message. */
export type PayloadKind = "binary" | "message";

/** A workload function, independent of the cloud that runs it. */
export interface FunctionHandler<I = unknown, O = unknown> {
  /** The function's catalog name (functions/catalog.ts). */
  readonly name: string;
  /** "binary": `parse` receives the bytes; "message": it receives the decoded msgpack/JSON value. */
  readonly payload: PayloadKind;
  /** Largest payload accepted, in bytes. */
  readonly maxBytes: number;
  /** Validates one payload; throws {@link BadInputError} and has no side effect. */
  parse(payload: unknown): I;
  /** Does the work for a validated input. */
  handle(input: I): Promise<O>;
}

/** What one invocation came to; adapters map it to the cloud's response. */
export type Outcome<O = unknown> =
  | { readonly ok: true; readonly value: O; readonly latencyMs: number }
  | {
      readonly ok: false;
      /** Whether the platform should deliver the input again (false for bad input). */
      readonly retry: boolean;
      readonly code: string;
      readonly message: string;
      readonly latencyMs: number;
    };

/** The encoding of a payload as the transport declared it. */
export type Encoding = "json" | "msgpack" | "sniff";

/**
 * The encoding of a declared media type: `application/json`, or `application/msgpack` (also
 * `application/x-msgpack`), parameters such as `charset` aside; undefined for any other type.
 */
function mediaEncoding(contentType: string): "json" | "msgpack" | undefined {
  const semicolon = contentType.indexOf(";");
  const type = (semicolon < 0 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase();
  if (type === "application/json") return "json";
  if (type === "application/msgpack" || type === "application/x-msgpack") return "msgpack";
  return undefined;
}

/** Reads a content type into an {@link Encoding} for the reply: "sniff" unless it is one taken. */
export function encodingOf(contentType: string | undefined): Encoding {
  return (contentType && mediaEncoding(contentType)) || "sniff";
}

/**
 * The encoding of an HTTP request body, which must declare a type the functions take; throws
 * {@link UnsupportedMediaTypeError} (415) for none or any other (text/plain, XML, a form,
 * multipart), so that a body is never guessed at.
 */
export function requestEncoding(contentType: string | undefined, path: string): "json" | "msgpack" {
  const encoding = contentType === undefined ? undefined : mediaEncoding(contentType);
  if (encoding === undefined) throw new UnsupportedMediaTypeError(path, contentType);
  return encoding;
}

/**
 * The encoding of a queued message (SQS, Pub/Sub), whose type attribute is optional: "sniff"
 * when absent, else it must be a type the functions take ({@link requestEncoding}).
 */
export function messageEncoding(contentType: string | undefined, path: string): Encoding {
  return contentType === undefined ? "sniff" : requestEncoding(contentType, path);
}

/**
 * Turns transport bytes into what `handler.parse` takes. Undeclared encodings are sniffed: a
 * JSON message starts with `{` or `[`, which as msgpack would be a bare integer that no handler
 * accepts anyway.
 */
export function decodePayload(
  handler: FunctionHandler,
  bytes: Uint8Array,
  encoding: Encoding,
): unknown {
  if (bytes.byteLength > handler.maxBytes) {
    throw new PayloadTooLargeError("payload", bytes.byteLength, handler.maxBytes);
  }
  if (handler.payload === "binary") return bytes;
  const json =
    encoding === "json" || (encoding === "sniff" && (bytes[0] === 0x7b || bytes[0] === 0x5b));
  if (!json) return decode(bytes, "payload");
  try {
    return JSON.parse(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"),
    ) as unknown;
  } catch {
    throw new BadInputError("payload", "is not valid JSON", bytes, "Send one JSON document");
  }
}

/**
 * Runs a handler on one payload: decode, validate, handle. Never throws; logs one structured
 * line with the latency and, on failure, the reason.
 */
export async function invoke<O>(
  handler: FunctionHandler<unknown, O>,
  payload: () => unknown,
  fields: Record<string, unknown> = {},
): Promise<Outcome<O>> {
  const start = process.hrtime.bigint();
  try {
    const input = handler.parse(payload());
    const value = await handler.handle(input);
    const latencyMs = since(start);
    log("INFO", "handled", { function: handler.name, latencyMs, ...fields });
    return { ok: true, value, latencyMs };
  } catch (error) {
    const latencyMs = since(start);
    const bad = isBadInput(error);
    const message = error instanceof Error ? error.message : String(error);
    const code = bad ? error.code : "internal";
    log(bad ? "WARNING" : "ERROR", bad ? "rejected" : "failed", {
      function: handler.name,
      latencyMs,
      code,
      reason: message,
      ...fields,
    });
    return { ok: false, retry: !bad, code, message, latencyMs };
  }
}

/** HTTP status of an outcome. */
export function statusOf(outcome: Outcome): number {
  if (outcome.ok) return 200;
  if (outcome.code === "payload_too_large") return 413;
  if (outcome.code === "conflict") return 409;
  if (outcome.code === "unsupported_media_type") return 415;
  return outcome.retry ? 500 : 400;
}
