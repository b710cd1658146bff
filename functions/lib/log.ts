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

/** Writes one structured log line. */
export function log(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  sink(JSON.stringify({ severity: level, message, ...fields }));
}

/** Elapsed milliseconds since `start` (a `process.hrtime.bigint()`), to the microsecond. */
export function since(start: bigint): number {
  return Math.round(Number(process.hrtime.bigint() - start) / 1e3) / 1e3;
}
