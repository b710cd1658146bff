/**
 * The third calibration source of the latency model, from a provider Tachyon does not deploy to
 * but whose backbone obeys the same physics: IBM Cloud's published VPC network latency.
 *
 * Source: IBM Cloud Docs, "Network latency" for VPC (the Markdown is
 * `_include-segments/network-latency.md` in github.com/ibm-cloud-docs/vpc, commit
 * 009bede4f2be2a4cdcbd27359cab8ecb76870fad), the table dated 3 March 2024: **average** round trip
 * in ms over 3 February–3 March 2024 between IBM's ten multizone regions, and between the three
 * zones of each region. The regions are placed at the city IBM names for them (IBM publishes no
 * coordinates); a zone pair is in one metro, at a distance IBM does not publish.
 */
import type { CalibrationPair } from "./calibration-data";
import type { LatLon } from "./geo";

/** Where the IBM sample comes from and which statistic it is. */
export const IBM_CALIBRATION_SOURCE = {
  title: "IBM Cloud Docs, VPC network latency",
  url: "https://github.com/ibm-cloud-docs/vpc/blob/009bede4f2be2a4cdcbd27359cab8ecb76870fad/_include-segments/network-latency.md",
  window: "3 Feb-3 Mar 2024",
  statistic: "mean",
} as const;

/** IBM's region cities, in the table's order. */
export const IBM_CITIES: Readonly<Record<string, LatLon>> = {
  Dallas: { lat: 32.78, lon: -96.8 },
  Toronto: { lat: 43.65, lon: -79.38 },
  "Washington DC": { lat: 38.9, lon: -77.04 },
  Frankfurt: { lat: 50.11, lon: 8.68 },
  London: { lat: 51.51, lon: -0.13 },
  Madrid: { lat: 40.42, lon: -3.7 },
  Osaka: { lat: 34.69, lon: 135.5 },
  Sydney: { lat: -33.87, lon: 151.21 },
  Tokyo: { lat: 35.68, lon: 139.69 },
  "Sao Paulo": { lat: -23.55, lon: -46.63 },
};

const CITIES = Object.keys(IBM_CITIES);

/** The table's upper triangle: row i holds the pairs (CITIES[i], CITIES[j > i]). */
const UPPER: readonly (readonly number[])[] = [
  [34, 32, 123, 113, 118, 149, 185, 142, 144],
  [19, 92, 82, 107, 170, 215, 162, 130],
  [98, 75, 87, 174, 215, 167, 119],
  [12, 29, 242, 260, 237, 196],
  [26, 253, 272, 247, 186],
  [268, 281, 260, 205],
  [124, 9, 293],
  [117, 329],
  [286],
];

/** The 45 IBM region pairs (city names as codes). */
export const IBM_CALIBRATION_SAMPLE: readonly CalibrationPair[] = UPPER.flatMap((row, i) =>
  row.map((rttMs, k) => ({ from: CITIES[i], to: CITIES[i + 1 + k], rttMs })),
);

/** Published round trips between the zones of one region (three pairs per region), in ms. */
export const IBM_SAME_REGION_MS: Readonly<Record<string, readonly number[]>> = {
  Dallas: [1.91, 2.02, 1.94],
  Toronto: [1.72, 1.9, 1.86],
  "Washington DC": [0.85, 0.89, 0.81],
  Frankfurt: [0.89, 0.81, 0.8],
  London: [2.38, 1.87, 2.0],
  Madrid: [0.68, 0.63, 0.8],
  Osaka: [1.68, 1.67, 1.68],
  Sydney: [1.91, 1.31, 2.02],
  Tokyo: [1.75, 1.54, 1.97],
  "Sao Paulo": [1.97, 2.83, 2.13],
};
