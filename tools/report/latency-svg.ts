/**
 * The latency map of `tachyon latency --format svg`: the places on an equirectangular world
 * map over Natural Earth's land (`land.ts`), the backbone's routes (`model/backbone.ts`) as the
 * map's layer, and one line per pair coloured by its estimated round trip. Self-contained SVG:
 * no fonts, images or scripts fetched.
 */
import { HUBS, ROUTES } from "../../model/backbone";
import type { LatLon } from "../../model/geo";
import { estimateRtt, type Place } from "../../model/latency";
import { landPath } from "./land";

const WIDTH = 1000;
const HEIGHT = 500;

/** The colour bands of the links, by estimated round trip in ms (upper bound exclusive). */
export const RTT_BANDS: readonly { readonly belowMs: number; readonly colour: string }[] = [
  { belowMs: 2, colour: "#1a9850" },
  { belowMs: 10, colour: "#91cf60" },
  { belowMs: 50, colour: "#fee08b" },
  { belowMs: 100, colour: "#fc8d59" },
  { belowMs: Infinity, colour: "#d73027" },
];

/** The colour of a link with this round trip. */
export function rttColour(ms: number): string {
  return (RTT_BANDS.find((b) => ms < b.belowMs) ?? RTT_BANDS[RTT_BANDS.length - 1]).colour;
}

const x = (p: LatLon): number => ((p.lon + 180) / 360) * WIDTH;
const y = (p: LatLon): number => ((90 - p.lat) / 180) * HEIGHT;
const n = (v: number): string => v.toFixed(1);

/** Escapes text for XML content and attribute values. */
export function xmlEscape(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/** A segment from a to b; split in two where it is shorter across the antimeridian. */
function segments(a: LatLon, b: LatLon): string[] {
  if (Math.abs(a.lon - b.lon) <= 180) {
    return [`M${n(x(a))},${n(y(a))}L${n(x(b))},${n(y(b))}`];
  }
  const [w, e] = a.lon < b.lon ? [a, b] : [b, a];
  const wrapped = { lat: e.lat, lon: e.lon - 360 };
  const back = { lat: w.lat, lon: w.lon + 360 };
  return [
    `M${n(x(w))},${n(y(w))}L${n(x(wrapped))},${n(y(wrapped))}`,
    `M${n(x(e))},${n(y(e))}L${n(x(back))},${n(y(back))}`,
  ];
}

/** The SVG document for a list of places: every pair is one link. */
export function latencySvg(places: readonly Place[]): string {
  const byCode = new Map(HUBS.map((h) => [h.code, h]));
  const graticule: string[] = [];
  for (let lon = -150; lon <= 150; lon += 30)
    graticule.push(`M${n(x({ lat: 0, lon }))},0V${HEIGHT}`);
  for (let lat = -60; lat <= 60; lat += 30) graticule.push(`M0,${n(y({ lat, lon: 0 }))}H${WIDTH}`);
  const routes = ROUTES.flatMap(([a, b]) => segments(byCode.get(a)!, byCode.get(b)!));
  const links: string[] = [];
  for (let i = 0; i < places.length; i++) {
    for (let j = i + 1; j < places.length; j++) {
      const [a, b] = [places[i], places[j]];
      const e = estimateRtt(a, b);
      const title = `${a.id} to ${b.id}: ${e.rttMs.toFixed(1)} ms (${e.rttLowMs.toFixed(1)}-${e.rttHighMs.toFixed(1)})`;
      links.push(
        `<path d="${segments(a, b).join("")}" stroke="${rttColour(e.rttMs)}" stroke-width="2" fill="none"><title>${xmlEscape(title)}</title></path>`,
      );
    }
  }
  const marks = places.map((p) => {
    const [px, py] = [n(x(p)), n(y(p))];
    const mark =
      p.kind === "venue"
        ? `<rect x="${n(x(p) - 4)}" y="${n(y(p) - 4)}" width="8" height="8" fill="#253494"/>`
        : `<circle cx="${px}" cy="${py}" r="4" fill="#000"/>`;
    return `<g>${mark}<text x="${n(x(p) + 6)}" y="${n(y(p) - 6)}">${xmlEscape(p.id)}</text></g>`;
  });
  const legend = RTT_BANDS.map((b, i) => {
    const from = i === 0 ? 0 : RTT_BANDS[i - 1].belowMs;
    const label = b.belowMs === Infinity ? `${from}+ ms` : `${from}-${b.belowMs} ms`;
    const ly = HEIGHT - 20 - (RTT_BANDS.length - 1 - i) * 14;
    return `<rect x="10" y="${ly - 9}" width="18" height="4" fill="${b.colour}"/><text x="34" y="${ly - 4}">${label}</text>`;
  });
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" font-family="sans-serif" font-size="10">`,
    `<title>Estimated round-trip times (tachyon latency)</title>`,
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#eef3f8"/>`,
    `<path id="land" d="${landPath((p) => [x(p), y(p)])}" fill="#dcdcd2" stroke="#c4c4b8" stroke-width="0.5"/>`,
    `<path d="${graticule.join("")}" stroke="#d5dde6" stroke-width="0.5" fill="none"/>`,
    `<path d="${routes.join("")}" stroke="#9aa7b4" stroke-width="0.7" fill="none"/>`,
    ...links,
    ...marks,
    ...legend,
    `</svg>`,
    "",
  ].join("\n");
}
