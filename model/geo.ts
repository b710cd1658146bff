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
  // Rounding can push h a hair above 1 for antipodal points; asin would then return NaN.
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.sqrt(Math.min(1, Math.max(0, h))));
}

/**
 * The physical floor of a round trip over `km` of great-circle distance: light in fibre, there
 * and back, on a perfectly straight cable with zero switching delay. No network beats it.
 */
export function rttFloorMs(km: number): number {
  return (2 * km) / FIBRE_KM_PER_MS;
}
