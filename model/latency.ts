/**
 * The latency model: round-trip time between two sites (cloud regions) or a site and a venue
 * (exchange colocation), estimated from great-circle distance.
 *
 *   rttMs = max(floorMs, a + b × distanceKm),   floorMs = 2 × distanceKm / 204 km/ms
 *
 * `b` is the route inflation (real fibre paths are longer than the great circle, and the ratio
 * b / (2 / 204) says by how much); `a` is the fixed cost of switching and the last kilometres at
 * both ends. Both are fitted at load time by least squares on the published sample in
 * `calibration-data.ts`, minimising squared *relative* error (weights 1 / rtt²) because the
 * model is judged by percentage error and short pairs matter as much as long ones. The sample
 * is Azure backbone data; AWS, Google Cloud and venue links are assumed to behave alike.
 */
import { CALIBRATION_SAMPLE, type CalibrationPair } from "./calibration-data";
import { distanceKm, rttFloorMs, type LatLon } from "./geo";
import { findRegion, findSite } from "./regions";
import { findVenue } from "./venues";

/** Coefficients of `rtt = a + b × distance`. */
export interface LatencyCoefficients {
  /** Fixed cost in ms. */
  readonly a: number;
  /** Cost per great-circle km in ms. */
  readonly b: number;
}

/** A model estimate for one pair of places. */
export interface RttEstimate {
  /** Great-circle distance in km. */
  readonly distanceKm: number;
  /** Speed-of-light-in-fibre round trip in ms: the estimate never goes below it. */
  readonly floorMs: number;
  /** Estimated round-trip time in ms. */
  readonly rttMs: number;
}

/** A sample pair with its distance, ready to fit. */
export interface CalibrationPoint {
  readonly pair: CalibrationPair;
  readonly distanceKm: number;
}

/** The calibration sample with each pair's great-circle distance from the region catalog. */
export function calibrationPoints(
  sample: readonly CalibrationPair[] = CALIBRATION_SAMPLE,
): CalibrationPoint[] {
  return sample.map((pair) => {
    const from = findRegion("azure", pair.from);
    const to = findRegion("azure", pair.to);
    if (from === undefined || to === undefined) {
      throw new Error(
        `calibration pair ${pair.from} -> ${pair.to}: region not in the catalog. Fix model/calibration-data.ts.`,
      );
    }
    return { pair, distanceKm: distanceKm(from, to) };
  });
}

/**
 * Weighted least squares of `rtt = a + b × distance` with weights 1 / rtt², i.e. the line that
 * minimises the sum of squared relative errors. Closed form, so the fit is deterministic.
 */
export function fitCoefficients(points: readonly CalibrationPoint[]): LatencyCoefficients {
  let s = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (const { pair, distanceKm: x } of points) {
    const w = 1 / (pair.rttMs * pair.rttMs);
    s += w;
    sx += w * x;
    sy += w * pair.rttMs;
    sxx += w * x * x;
    sxy += w * x * pair.rttMs;
  }
  const b = (s * sxy - sx * sy) / (s * sxx - sx * sx);
  return { a: (sy - b * sx) / s, b };
}

/** The coefficients fitted on the shipped calibration sample. */
export const COEFFICIENTS: LatencyCoefficients = fitCoefficients(calibrationPoints());

/** The model's round-trip estimate for a great-circle distance. */
export function rttForDistance(km: number, c: LatencyCoefficients = COEFFICIENTS): number {
  return Math.max(rttFloorMs(km), c.a + c.b * km);
}

/** The model's estimate between two points. */
export function estimateRtt(
  a: LatLon,
  b: LatLon,
  c: LatencyCoefficients = COEFFICIENTS,
): RttEstimate {
  const km = distanceKm(a, b);
  return { distanceKm: km, floorMs: rttFloorMs(km), rttMs: rttForDistance(km, c) };
}

/** The model's median absolute percentage error on a sample, and the per-pair errors. */
export function calibrationError(
  points: readonly CalibrationPoint[] = calibrationPoints(),
  c: LatencyCoefficients = COEFFICIENTS,
): { medianAbsPctError: number; errors: number[] } {
  const errors = points.map(
    ({ pair, distanceKm: km }) => Math.abs(rttForDistance(km, c) - pair.rttMs) / pair.rttMs,
  );
  const sorted = [...errors].sort((x, y) => x - y);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { medianAbsPctError: median * 100, errors };
}

/** A place the model can measure from: a cloud region or an exchange colocation. */
export interface Place extends LatLon {
  /** `<cloud>:<region>` or `venue:<CODE>`. */
  readonly id: string;
  readonly kind: "site" | "venue";
  /** The city, for reports. */
  readonly city: string;
}

/** The prefix of venue ids: `venue:NYSE`. */
export const VENUE_PREFIX = "venue:";

/** The place an id names (`aws:us-east-1`, `venue:NYSE`), or `undefined` if unknown. */
export function findPlace(id: string): Place | undefined {
  if (id.startsWith(VENUE_PREFIX)) {
    const v = findVenue(id.slice(VENUE_PREFIX.length));
    return v && { id, kind: "venue", city: v.city, lat: v.lat, lon: v.lon };
  }
  const r = findSite(id);
  return r && { id, kind: "site", city: r.city, lat: r.lat, lon: r.lon };
}
