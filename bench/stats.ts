/** Timing helpers of the benchmarks: bounded loops, percentiles, medians. */

/** Nanoseconds from the monotonic clock. */
export function now(): bigint {
  return process.hrtime.bigint();
}

/** Milliseconds elapsed since `start`. */
export function msSince(start: bigint): number {
  return Number(now() - start) / 1e6;
}

/** The `p`-th percentile (0..100) by nearest rank of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** The median of samples. */
export function median(samples: readonly number[]): number {
  return percentile(samples, 50);
}

/** Rounds to `digits` decimals for reporting. */
export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
