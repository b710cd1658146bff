/**
 * Edge routing: which region a viewer's request goes to. Pure and small, because it runs inside
 * a CloudFront Function (JavaScript runtime 2.0: ES 5.1 plus `const`/`let`, arrow functions and
 * template literals, no destructuring, spread, classes or optional chaining; no network). The
 * regions and their coordinates are baked in at deploy time from the topology.
 */

/** One region the edge may send a viewer to. */
export interface EdgeRegion {
  /** Region code, e.g. `eu-west-2`. */
  readonly region: string;
  readonly lat: number;
  readonly lon: number;
  /** Accelerator port pinned to this region (its own listener with only this region's endpoints). */
  readonly port: number;
}

/** What the edge function is built with. */
export interface EdgeConfig {
  /** Host name of the origin, covered by every region's certificate (`api.<domain>`). */
  readonly originHost: string;
  readonly regions: readonly EdgeRegion[];
  /**
   * Id of the CloudFront KeyValueStore whose key {@link DRAINED_KEY} lists drained regions;
   * empty for none.
   */
  readonly kvsId: string;
}

/** KeyValueStore key holding the drained regions, comma-separated (e.g. `eu-west-2,us-east-1`). */
export const DRAINED_KEY = "drained";

/** The region codes of a {@link DRAINED_KEY} value; blanks ignored. */
export function parseDrained(value: string | undefined): string[] {
  if (value === undefined) return [];
  const out: string[] = [];
  const parts = value.split(",");
  for (let i = 0; i < parts.length; i++) {
    const code = parts[i].trim();
    if (code !== "") out.push(code);
  }
  return out;
}

/** Where a request goes: a pinned region, or the anycast default when the viewer is unknown. */
export interface EdgeChoice {
  /** The chosen region, or `""` for the anycast default. */
  readonly region: string;
  /** Origin port: the region's pinned port, or 443 for the anycast default. */
  readonly port: number;
  /** Great-circle distance from the viewer in km; -1 for the default. */
  readonly distanceKm: number;
}

/** Mean Earth radius in km, as `model/geo.ts` uses. */
const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in km (haversine), the same formula as the latency model. */
export function greatCircleKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const s1 = Math.sin(dLat / 2);
  const s2 = Math.sin(dLon / 2);
  let h = s1 * s1 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * s2 * s2;
  if (h > 1) h = 1;
  if (h < 0) h = 0;
  return 2 * EARTH_RADIUS_KM * Math.atan2(Math.sqrt(h), Math.sqrt(1 - h));
}

/** A header value as a coordinate within `limit` degrees, or `undefined` when absent or bad. */
export function parseCoordinate(value: string | undefined, limit: number): number | undefined {
  if (value === undefined || !/^\s*-?\d+(\.\d+)?\s*$/.test(value)) return undefined;
  const n = parseFloat(value);
  return n >= -limit && n <= limit ? n : undefined;
}

/** The anycast default: the accelerator's shared port, which reaches the nearest healthy region. */
export const DEFAULT_CHOICE: EdgeChoice = { region: "", port: 443, distanceKm: -1 };

/**
 * The region nearest the viewer by great-circle distance, skipping drained regions; ties go to
 * the earlier region of the topology. Without usable coordinates (headers missing or malformed)
 * or without an undrained region, the anycast default.
 */
export function chooseRegion(
  config: EdgeConfig,
  latitude: string | undefined,
  longitude: string | undefined,
  drained?: readonly string[],
): EdgeChoice {
  const lat = parseCoordinate(latitude, 90);
  const lon = parseCoordinate(longitude, 180);
  if (lat === undefined || lon === undefined) return DEFAULT_CHOICE;
  let best = DEFAULT_CHOICE;
  for (let i = 0; i < config.regions.length; i++) {
    const r = config.regions[i];
    // No default parameter: the runtime lacks ES2015 default parameters.
    if (drained !== undefined && drained.indexOf(r.region) >= 0) continue;
    const d = greatCircleKm(lat, lon, r.lat, r.lon);
    if (best.distanceKm < 0 || d < best.distanceKm) {
      best = { region: r.region, port: r.port, distanceKm: d };
    }
  }
  return best;
}
