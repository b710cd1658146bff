/**
 * The latency model: round-trip time between two sites (cloud regions) or a site and a venue
 * (exchange colocation), estimated from how packets travel: over a fibre path p through the
 * backbone graph of `backbone.ts` (metros and the published routes between them).
 *
 *   rttMs = max(floor(d), hosts + rLand × floor(p − s) + rSea × floor(s) + h × backbone(d)),
 *   floor(x) = 2 × x / 204 km/ms
 *
 * where d is the great-circle distance, p ≥ d the shortest fibre path through the backbone and
 * s the part of p on submarine cable.
 *
 * - `hosts`: the cost of the two end hosts: per cloud host (hypervisor, virtual switch, zone
 *   fabric), half the median of the published same-metro round trips (AWS same-region, IBM zone
 *   to zone: {@link SAME_METRO_MS}); nothing for a venue's colocated line-rate switch.
 * - `rLand`, `rSea`: route inflation, how much longer the fibre (and slower its equipment) is
 *   than the backbone's great-circle legs: terrestrial fibre follows roads and railways and
 *   passes amplifier and regeneration sites, a submarine cable runs close to the great circle
 *   between landing stations, so the two are fitted apart.
 * - `h`: the cost of leaving the metro: border routers, backbone hops and the detours of a
 *   provider's wide-area network. `backbone(d)` is 0 within a metro (d ≤ 100 km, the span AWS
 *   gives for the Availability Zones of one region: "within 100 km (60 miles) of each other",
 *   docs.aws.amazon.com/global-infrastructure), rising linearly to 1 at 200 km, so that the
 *   backbone cost never drops as distance grows.
 *
 * `rLand`, `rSea` and `h` are fitted at load time by least squares on relative error (weights 1 / rtt²) over
 * every published pair of three independent providers: `calibration-data.ts` (Azure, P50, 2024),
 * `calibration-aws.ts` (AWS, P50, 2025) and `calibration-ibm.ts` (IBM Cloud, mean, 2024).
 * {@link validation} refits without each provider and tests on it.
 */
import { AWS_CALIBRATION_SAMPLE, AWS_SAME_REGION_MS } from "./calibration-aws";
import { CALIBRATION_SAMPLE, type CalibrationPair } from "./calibration-data";
import { IBM_CALIBRATION_SAMPLE, IBM_CITIES, IBM_SAME_REGION_MS } from "./calibration-ibm";
import { DIRECT_KM, fibrePath } from "./backbone";
import { distanceKm, rttFloorMs, type LatLon } from "./geo";
import { findRegion, findSite } from "./regions";
import { findVenue } from "./venues";

/** Pairs closer than this are in one metro: direct metro fibre, no backbone cost. */
export const METRO_KM = DIRECT_KM;

/**
 * Every published round trip between two hosts of one cloud region (AWS same-region, IBM
 * zone to zone), in ms: the same-metro figures the model is checked against.
 */
export const SAME_METRO_MS: readonly number[] = [
  ...Object.values(AWS_SAME_REGION_MS),
  ...Object.values(IBM_SAME_REGION_MS).flat(),
];

/**
 * Round-trip cost of one cloud host (VM or function) at either end, in ms: half the median of
 * the published same-metro figures, which are two cloud hosts and a few km of metro fibre.
 */
export const CLOUD_HOST_MS: number = (() => {
  const sorted = [...SAME_METRO_MS].sort((x, y) => x - y);
  const mid = sorted.length / 2;
  return (sorted[Math.floor(mid - 0.5)] + sorted[Math.ceil(mid - 0.5)]) / 4;
})();

/** Coefficients of the model. */
export interface LatencyCoefficients {
  /** Route inflation of terrestrial fibre: fibre km per great-circle km of the backbone's legs. */
  readonly rLand: number;
  /** Route inflation of submarine cable. */
  readonly rSea: number;
  /** Cost of leaving the metro over a provider's backbone, in ms. */
  readonly h: number;
}

/** A model estimate for one pair of places. */
export interface RttEstimate {
  /** Great-circle distance in km. */
  readonly distanceKm: number;
  /** Fibre path through the backbone in km (`backbone.ts`). */
  readonly pathKm: number;
  /** The part of the path on submarine cable, in km. */
  readonly seaKm: number;
  /** Speed-of-light-in-fibre round trip in ms: the estimate never goes below it. */
  readonly floorMs: number;
  /** Estimated round-trip time in ms. */
  readonly rttMs: number;
  /** Low end of the range (10th percentile of held-out errors), never below the floor. */
  readonly rttLowMs: number;
  /** High end of the range (90th percentile of held-out errors). */
  readonly rttHighMs: number;
}

/** A published pair with its provider and distance, ready to fit. */
export interface CalibrationPoint {
  /** `aws`, `azure` or `ibm`. */
  readonly provider: string;
  readonly pair: CalibrationPair;
  readonly distanceKm: number;
  /** Fibre path through the backbone in km. */
  readonly pathKm: number;
  /** The part of the path on submarine cable, in km. */
  readonly seaKm: number;
}

/** Share of the backbone cost `h` paid over `km`: 0 within a metro, 1 from twice its span. */
export function backboneShare(km: number): number {
  return Math.min(1, Math.max(0, (km - METRO_KM) / METRO_KM));
}

/** The published sample of one provider with each pair's great-circle distance. */
export function calibrationPoints(
  provider: string,
  sample: readonly CalibrationPair[],
  locate: (code: string) => LatLon | undefined,
): CalibrationPoint[] {
  return sample.map((pair) => {
    const from = locate(pair.from);
    const to = locate(pair.to);
    if (from === undefined || to === undefined) {
      throw new Error(
        `calibration pair ${provider}:${pair.from} -> ${provider}:${pair.to}: region not in the catalog. Fix the calibration data in model/.`,
      );
    }
    const path = fibrePath(from, to);
    return { provider, pair, distanceKm: distanceKm(from, to), pathKm: path.km, seaKm: path.seaKm };
  });
}

/** Every shipped published pair: Azure's table, then AWS's, then IBM's. */
export const CALIBRATION_POINTS: readonly CalibrationPoint[] = [
  ...calibrationPoints("azure", CALIBRATION_SAMPLE, (code) => findRegion("azure", code)),
  ...calibrationPoints("aws", AWS_CALIBRATION_SAMPLE, (code) => findRegion("aws", code)),
  ...calibrationPoints("ibm", IBM_CALIBRATION_SAMPLE, (code) => IBM_CITIES[code]),
];

/** The model's terms for one pair: land floor, sea floor, backbone share. */
function terms(km: number, path: number, seaKm: number): [number, number, number] {
  return [rttFloorMs(path - seaKm), rttFloorMs(seaKm), backboneShare(km)];
}

/** The determinant of a 3 × 3 matrix. */
function det3(m: readonly (readonly number[])[]): number {
  return (
    m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
    m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
    m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0])
  );
}

/**
 * Weighted least squares of `rtt − hosts = rLand × floor(land) + rSea × floor(sea) + h ×
 * backbone` with weights 1 / rtt², the fit minimising squared relative error. Every sample pair
 * is cloud host to cloud host. Closed form (Cramer's rule on the normal equations), so the fit
 * is deterministic.
 */
export function fitCoefficients(points: readonly CalibrationPoint[]): LatencyCoefficients {
  const a = [0, 1, 2].map(() => [0, 0, 0]);
  const v = [0, 0, 0];
  for (const { pair, distanceKm: km, pathKm: path, seaKm } of points) {
    const w = 1 / (pair.rttMs * pair.rttMs);
    const x = terms(km, path, seaKm);
    const y = pair.rttMs - 2 * CLOUD_HOST_MS;
    for (let i = 0; i < 3; i++) {
      v[i] += w * x[i] * y;
      for (let j = 0; j < 3; j++) a[i][j] += w * x[i] * x[j];
    }
  }
  const d = det3(a);
  const solve = (col: number) =>
    det3(a.map((row, i) => row.map((e, j) => (j === col ? v[i] : e)))) / d;
  return { rLand: solve(0), rSea: solve(1), h: solve(2) };
}

/** The coefficients fitted on every shipped published pair. */
export const COEFFICIENTS: LatencyCoefficients = fitCoefficients(CALIBRATION_POINTS);

/**
 * The model's central estimate for a great-circle distance `km`, a fibre path `path` (≥ `km`)
 * of which `seaKm` is submarine, and the end hosts' cost; never below the great circle's fibre
 * floor.
 */
export function rttFor(
  km: number,
  path: number = km,
  seaKm = 0,
  c: LatencyCoefficients = COEFFICIENTS,
  hostsMs = 2 * CLOUD_HOST_MS,
): number {
  const [land, sea, backbone] = terms(km, path, seaKm);
  return Math.max(rttFloorMs(km), hostsMs + c.rLand * land + c.rSea * sea + c.h * backbone);
}

/** The `q` quantile (0–1) of a sample, nearest rank: always one of the values. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/** Errors of a model on a set of published pairs. */
export interface ErrorSummary {
  readonly pairs: number;
  /** Median of |estimate − published| / published, in percent. */
  readonly medianPct: number;
  /** 90th percentile of the same, in percent. */
  readonly p90Pct: number;
  /** Pairs whose estimate is below the fibre floor: always 0. */
  readonly belowFloor: number;
  /** published / estimate for each pair, the spread the range is built from. */
  readonly ratios: readonly number[];
}

/** How coefficients `c` do on `points`. */
export function errorsOn(
  points: readonly CalibrationPoint[],
  c: LatencyCoefficients = COEFFICIENTS,
): ErrorSummary {
  const estimates = points.map((p) => rttFor(p.distanceKm, p.pathKm, p.seaKm, c));
  const errors = points.map((p, i) => Math.abs(estimates[i] - p.pair.rttMs) / p.pair.rttMs);
  return {
    pairs: points.length,
    medianPct: quantile(errors, 0.5) * 100,
    p90Pct: quantile(errors, 0.9) * 100,
    belowFloor: points.filter((p, i) => estimates[i] < rttFloorMs(p.distanceKm)).length,
    ratios: points.map((p, i) => p.pair.rttMs / estimates[i]),
  };
}

/** One leave-one-provider-out result: fitted without `provider`, tested on it. */
export interface HeldOutProvider extends ErrorSummary {
  readonly provider: string;
  readonly coefficients: LatencyCoefficients;
}

/** Leave-one-provider-out validation over the shipped sample, one entry per provider in it. */
export function validation(
  points: readonly CalibrationPoint[] = CALIBRATION_POINTS,
): HeldOutProvider[] {
  const providers = [...new Set(points.map((p) => p.provider))];
  return providers.map((provider) => {
    const coefficients = fitCoefficients(points.filter((p) => p.provider !== provider));
    const held = points.filter((p) => p.provider === provider);
    return { provider, coefficients, ...errorsOn(held, coefficients) };
  });
}

/**
 * The range around an estimate: the 10th and 90th percentiles of published / estimate over
 * every pair predicted by a fit that did not see its provider.
 */
export const RANGE: { readonly low: number; readonly high: number } = (() => {
  const ratios = validation().flatMap((v) => v.ratios);
  return { low: quantile(ratios, 0.1), high: quantile(ratios, 0.9) };
})();

/** |estimate − published| for each published same-metro figure, in ms. */
export function sameMetroErrorsMs(): number[] {
  return SAME_METRO_MS.map((ms) => Math.abs(rttFor(0) - ms));
}

/** Round-trip cost of the host at a place: a cloud region's host, or nothing for a venue. */
export function hostMs(p: LatLon): number {
  return "cloud" in p || (p as Partial<Place>).kind === "site" ? CLOUD_HOST_MS : 0;
}

/** The model's estimate between two points (a region, a venue or a {@link Place}). */
export function estimateRtt(
  a: LatLon,
  b: LatLon,
  c: LatencyCoefficients = COEFFICIENTS,
): RttEstimate {
  const km = distanceKm(a, b);
  const path = fibrePath(a, b);
  const floorMs = rttFloorMs(km);
  const rttMs = rttFor(km, path.km, path.seaKm, c, hostMs(a) + hostMs(b));
  return {
    distanceKm: km,
    pathKm: path.km,
    seaKm: path.seaKm,
    floorMs,
    rttMs,
    rttLowMs: Math.max(floorMs, rttMs * RANGE.low),
    rttHighMs: Math.max(rttMs, rttMs * RANGE.high),
  };
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
