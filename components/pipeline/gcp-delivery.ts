/**
 * The delivery settings a Pub/Sub push subscription takes, checked against the ranges the Pub/Sub
 * API accepts, so that a bad value fails before `pulumi up` instead of in the API call: delivery
 * attempts before dead-lettering 5-100, retry backoffs 0-600 s written as seconds with an `s`
 * (https://cloud.google.com/pubsub/docs/reference/rest/v1/projects.subscriptions#RetryPolicy).
 */

/** Retry and dead-letter settings shared by `GcpPipeline` and `GcpSignals`. */
export interface GcpDeliveryArgs {
  /** Delivery attempts before a message is dead-lettered (5-100). */
  readonly maxDeliveryAttempts?: number;
  /** First retry delay, e.g. `"1s"` (0-600 s). */
  readonly minimumBackoff?: string;
  /** Longest retry delay, e.g. `"30s"` (0-600 s, at least `minimumBackoff`). */
  readonly maximumBackoff?: string;
}

/** Longest retry backoff Pub/Sub accepts, in seconds. */
export const MAX_BACKOFF_SECONDS = 600;

/** Seconds of a Pub/Sub duration (`"3.5s"`: seconds, up to nine fractional digits), or `undefined`. */
export function durationSeconds(value: string): number | undefined {
  return /^\d+(\.\d{1,9})?s$/.test(value) ? Number(value.slice(0, -1)) : undefined;
}

/** Every problem of the delivery settings (defaults filled in), one sentence each. */
export function deliveryProblems(
  args: GcpDeliveryArgs,
  defaults: { minimumBackoff: string; maximumBackoff: string },
): string[] {
  const problems: string[] = [];
  const attempts = args.maxDeliveryAttempts ?? 5;
  if (!Number.isInteger(attempts) || attempts < 5 || attempts > 100) {
    problems.push(
      `maxDeliveryAttempts: Pub/Sub allows 5-100, got ${attempts}. Use a value in that range.`,
    );
  }
  const backoff = (key: "minimumBackoff" | "maximumBackoff"): number | undefined => {
    const value = args[key] ?? defaults[key];
    const seconds = durationSeconds(value);
    if (seconds === undefined || seconds > MAX_BACKOFF_SECONDS) {
      problems.push(
        `${key}: Pub/Sub takes 0s to ${MAX_BACKOFF_SECONDS}s, in seconds with an "s", got "${value}". Use e.g. "1s" or "30s".`,
      );
      return undefined;
    }
    return seconds;
  };
  const min = backoff("minimumBackoff");
  const max = backoff("maximumBackoff");
  if (min !== undefined && max !== undefined && min > max) {
    problems.push(
      `minimumBackoff: must not exceed maximumBackoff (${args.maximumBackoff ?? defaults.maximumBackoff}), got "${args.minimumBackoff ?? defaults.minimumBackoff}". Lower minimumBackoff or raise maximumBackoff.`,
    );
  }
  return problems;
}
