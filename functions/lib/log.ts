/**
 * Structured logging: one JSON object per line, the shape CloudWatch Logs Insights, Azure
 * Monitor and Cloud Logging all parse into fields. Every invocation logs its `latencyMs`, so
 * latency percentiles come from logs without a metrics SDK in the bundle.
 */

/** Log severity; Cloud Logging reads `severity`, the others read it as a plain field. */
export type Level = "DEBUG" | "INFO" | "WARNING" | "ERROR";

/** Where log lines go; replaced in tests. */
export type Sink = (line: string) => void;

let sink: Sink = (line) => process.stdout.write(`${line}\n`);

/** Redirects log lines (tests capture them); returns the previous sink. */
export function setSink(next: Sink): Sink {
  const previous = sink;
  sink = next;
  return previous;
}

/**
 * Writes one structured log line. Never throws: fields that cannot be serialised (a cycle, a
 * BigInt, nesting deeper than the stack) are replaced by their names and the reason, so that
 * logging an untrusted field can never fail a request that has already been executed.
 */
export function log(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  let line: string;
  try {
    line = JSON.stringify({ severity: level, message, ...fields });
  } catch (error) {
    line = JSON.stringify({
      severity: level,
      message,
      unloggable: Object.keys(fields),
      reason: error instanceof Error ? error.message : "not serialisable",
    });
  }
  sink(line);
}

/** Longest text of an untrusted field that {@link untrusted} keeps. */
export const MAX_FIELD_CHARS = 128;

/**
 * An untrusted value (an id from an envelope) as a log field: text cut to
 * {@link MAX_FIELD_CHARS}, a number or boolean as is, anything else described by its type.
 */
export function untrusted(value: unknown): string | number | boolean {
  if (typeof value === "string") return value.slice(0, MAX_FIELD_CHARS);
  if (typeof value === "number" || typeof value === "boolean") return value;
  if (value === null || value === undefined) return String(value);
  return Array.isArray(value) ? `an array of ${value.length}` : typeof value;
}

/** Elapsed milliseconds since `start` (a `process.hrtime.bigint()`), to the microsecond. */
export function since(start: bigint): number {
  return Math.round(Number(process.hrtime.bigint() - start) / 1e3) / 1e3;
}
