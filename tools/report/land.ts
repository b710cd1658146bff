/**
 * The land layer of the latency map: Natural Earth's 1:110m land polygons from world-atlas
 * 2.0.2 (`land-110m.json`, public domain), read from disk when a map is drawn, so the SVG needs
 * no network and embeds the coastline as one path.
 */
import * as fs from "node:fs";
import { feature, type Topology } from "topojson-client";
import type { LatLon } from "../../model/geo";

/** A ring of [longitude, latitude] positions. */
type Ring = readonly (readonly [number, number])[];

/** The land rings of world-atlas's `land-110m.json`. */
export function landRings(file = require.resolve("world-atlas/land-110m.json")): Ring[] {
  const topology = JSON.parse(fs.readFileSync(file, "utf8")) as Topology;
  return feature(topology, topology.objects.land).features.flatMap(({ geometry }) => {
    const polygons = (
      geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates
    ) as Ring[][];
    return polygons.flat();
  });
}

/**
 * A ring made continuous across the antimeridian (a jump of more than 180° of longitude is
 * undone by ±360°). A ring that goes once around a pole (Antarctica) is closed along that pole,
 * so that it fills the land, not the ocean.
 */
export function unwrapRing(ring: Ring): LatLon[] {
  const out: LatLon[] = [];
  let shift = 0;
  ring.forEach(([lon, lat], i) => {
    if (i > 0) {
      const step = lon + shift - out[i - 1].lon;
      if (step > 180) shift -= 360;
      else if (step < -180) shift += 360;
    }
    out.push({ lat, lon: lon + shift });
  });
  const first = out[0];
  const last = out[out.length - 1];
  if (Math.abs(last.lon - first.lon) > 180) {
    const pole = out.reduce((s, p) => s + p.lat, 0) < 0 ? -90 : 90;
    out.push({ lat: pole, lon: last.lon }, { lat: pole, lon: first.lon });
  }
  return out;
}

/**
 * The SVG path data of the land rings under `project` (longitude −180…180 across the map):
 * each ring once, and again shifted by 360° where it runs past either edge, in whole units,
 * repeated points dropped.
 */
export function landPath(
  project: (p: LatLon) => readonly [number, number],
  rings: readonly Ring[] = landRings(),
): string {
  const parts: string[] = [];
  for (const ring of rings) {
    const points = unwrapRing(ring);
    const lons = points.map((p) => p.lon);
    const [west, east] = [Math.min(...lons), Math.max(...lons)];
    for (const offset of [0, 360, -360]) {
      if (
        east + offset < -180 ||
        west + offset > 180 ||
        (offset !== 0 && west >= -180 && east <= 180)
      ) {
        continue;
      }
      // Whole units, relative moves after the first point: the 1:110m coastline is coarser
      // than one unit of a 1000-wide map, and this keeps the path near 30 KB.
      let d = "";
      let prev: readonly [number, number] | undefined;
      for (const p of points) {
        const [px, py] = project({ lat: p.lat, lon: p.lon + offset }).map(Math.round);
        if (prev === undefined) d = `M${px},${py}`;
        else if (px !== prev[0] || py !== prev[1]) d += `l${px - prev[0]},${py - prev[1]}`;
        prev = [px, py];
      }
      if (d.includes("l")) parts.push(`${d}z`);
    }
  }
  return parts.join("");
}
