/**
 * Cross-cloud validation of the latency model: its estimates against published round trips
 * between regions of different clouds (`calibration-cross-cloud.ts`), which it was not fitted on.
 */
import { CROSS_CLOUD_SAMPLE } from "./calibration-cross-cloud";
import type { CalibrationPair } from "./calibration-data";
import { estimateRtt, findPlace, quantile, type ErrorSummary } from "./latency";

/** How the model does across clouds. */
export interface CrossCloudSummary extends ErrorSummary {
  /** Median of (estimate − published) / published, in percent: negative when it reads low. */
  readonly biasPct: number;
  /** Pairs whose published figure lies inside the estimate's range. */
  readonly inRange: number;
}

/** The model's errors on published cross-cloud pairs (site ids). */
export function crossCloudValidation(
  sample: readonly CalibrationPair[] = CROSS_CLOUD_SAMPLE,
): CrossCloudSummary {
  const estimates = sample.map((pair) => {
    const from = findPlace(pair.from);
    const to = findPlace(pair.to);
    if (from === undefined || to === undefined) {
      throw new Error(
        `cross-cloud pair ${pair.from} -> ${pair.to}: site not in the catalog. Fix model/calibration-cross-cloud.ts.`,
      );
    }
    return estimateRtt(from, to);
  });
  const signed = sample.map((pair, i) => (estimates[i].rttMs - pair.rttMs) / pair.rttMs);
  const errors = signed.map(Math.abs);
  return {
    pairs: sample.length,
    medianPct: quantile(errors, 0.5) * 100,
    p90Pct: quantile(errors, 0.9) * 100,
    belowFloor: estimates.filter((e) => e.rttMs < e.floorMs).length,
    ratios: sample.map((pair, i) => pair.rttMs / estimates[i].rttMs),
    biasPct: quantile(signed, 0.5) * 100,
    inRange: sample.filter(
      (pair, i) => estimates[i].rttLowMs <= pair.rttMs && pair.rttMs <= estimates[i].rttHighMs,
    ).length,
  };
}
