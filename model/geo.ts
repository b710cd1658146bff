/**
 * Geometry of the latency model: great-circle distance and the speed-of-light floor in fibre.
 */

/** Mean Earth radius in km (IUGG), the radius the haversine formula assumes. */
export const EARTH_RADIUS_KM = 6371.0088;

/**
 * Speed of light in optical fibre in km per millisecond: c / 1.468 (group index of standard
 * single-mode fibre at 1550 nm) ≈ 204,000 km/s, i.e. about 4.9 µs per km one way.
 */
export const FIBRE_KM_PER_MS = 204;

/** A point on the Earth in decimal degrees. */
export interface LatLon {
  readonly lat: number;
  readonly lon: number;
}

const rad = (deg: number): number => (deg * Math.PI) / 180;

/**
 * Great-circle distance in km between two points (haversine formula). Symmetric, zero for the
 * same point, never more than half the Earth's circumference.
 */
export function distanceKm(a: LatLon, b: LatLon): number {
  const dLat = rad(b.lat - a.lat);
  const dLon = rad(b.lon - a.lon);
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLon / 2) ** 2;
  // The atan2 form stays accurate near antipodes, where asin(sqrt(h)) loses digits (and returns
  // NaN once rounding pushes h a hair above 1).
  const hc = Math.min(1, Math.max(0, h));
  return 2 * EARTH_RADIUS_KM * Math.atan2(Math.sqrt(hc), Math.sqrt(1 - hc));
}

/**
 * The physical floor of a round trip over `km` of great-circle distance: light in fibre, there
 * and back, on a perfectly straight cable with zero switching delay. No network beats it.
 */
export function rttFloorMs(km: number): number {
  return (2 * km) / FIBRE_KM_PER_MS;
}
