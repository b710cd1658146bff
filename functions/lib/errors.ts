/**
 * Errors a handler raises on purpose. Adapters map them to a client error (HTTP 400/413, a
 * dropped poison record) instead of a retry: the same input would fail the same way again.
 */

/** Renders a rejected value for an error message without flooding the log. */
export function show(value: unknown): string {
  if (typeof value === "string") {
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  }
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") {
    return String(value);
  }
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (value instanceof Uint8Array) return `${value.byteLength} bytes`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  return typeof value === "object" ? "an object" : typeof value;
}

/** Input that can never succeed: wrong type, missing field, out of range, truncated frame. */
export class BadInputError extends Error {
  /** Stable machine-readable code returned to callers. */
  readonly code: string = "bad_input";
  /**
   * @param path Where in the input the problem is, e.g. `order.quantity`.
   * @param problem What is wrong, e.g. `must be a positive number`.
   * @param got The offending value.
   * @param fix What the caller should send instead.
   */
  constructor(
    readonly path: string,
    readonly problem: string,
    readonly got: unknown,
    readonly fix: string,
  ) {
    super(`${path}: ${problem}, got ${show(got)}. ${fix}.`);
    this.name = "BadInputError";
  }
}

/** A payload larger than the function accepts; rejected before it is decoded. */
export class PayloadTooLargeError extends BadInputError {
  override readonly code = "payload_too_large";
  /**
   * @param path What was too large, e.g. `body`.
   * @param bytes Its size.
   * @param limit The largest size accepted.
   */
  constructor(path: string, bytes: number, limit: number) {
    super(
      path,
      `must be at most ${limit} bytes`,
      bytes,
      "Split the payload or send fewer records per message",
    );
    this.name = "PayloadTooLargeError";
  }
}

/** A body declared as a media type the function does not take; rejected before it is read. */
export class UnsupportedMediaTypeError extends BadInputError {
  override readonly code = "unsupported_media_type";
  /**
   * @param path Where the type was declared, e.g. `content-type`.
   * @param declared The declared type, undefined when none was.
   */
  constructor(path: string, declared: string | undefined) {
    super(
      path,
      "must be application/json or application/msgpack",
      declared ?? null,
      "Send the body as JSON with content-type application/json, or as msgpack with application/msgpack",
    );
    this.name = "UnsupportedMediaTypeError";
  }
}

/**
 * A request that reuses a key (an order id) already claimed for a different request: answered
 * 409 and never retried, so neither request is taken for the other.
 */
export class ConflictError extends BadInputError {
  override readonly code = "conflict";
  /**
   * @param path The key's field, e.g. `order.orderId`.
   * @param problem What differs, e.g. `was used by an order with a different quantity`.
   * @param got The key.
   * @param fix What the caller should do instead.
   */
  constructor(path: string, problem: string, got: unknown, fix: string) {
    super(path, problem, got, fix);
    this.name = "ConflictError";
  }
}

/** Whether an error is the caller's fault (never retried) rather than the function's. */
export function isBadInput(error: unknown): error is BadInputError {
  return error instanceof BadInputError;
}
