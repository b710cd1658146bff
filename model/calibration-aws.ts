/**
 * The second calibration source of the latency model: published round-trip times between AWS
 * regions.
 *
 * Source: the table "Latency Between AWS Global Regions", average ping round-trip time in
 * milliseconds between EC2 instances in ten AWS regions, as republished in "AWS Regions"
 * (https://acomputerscientistlearnsaws.blogspot.com/2017/04/aws-regions.html, April 2017). The
 * statistic is the **mean** of pings, not a P50, and the figures are from 2017: Europe–Asia and
 * South America–Asia pairs then crossed the United States (Frankfurt–Singapore 325.9 ms over
 * 10,258 km), which AWS's backbone has since shortened. They are kept as published: dropping the
 * pairs the model misses would flatter it. One cell per pair: row (first region) to column.
 */
import type { CalibrationPair } from "./calibration-data";

/** When the AWS sample was published and which statistic it is. */
export const AWS_CALIBRATION_SOURCE = {
  title: "Latency Between AWS Global Regions (table in “AWS Regions”)",
  url: "https://acomputerscientistlearnsaws.blogspot.com/2017/04/aws-regions.html",
  window: "published April 2017",
  statistic: "mean",
} as const;

const REGIONS = [
  "us-east-1",
  "us-west-1",
  "us-west-2",
  "eu-west-1",
  "eu-central-1",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "sa-east-1",
] as const;

/** The published matrix's upper triangle: row i holds the pairs (REGIONS[i], REGIONS[j > i]). */
const UPPER: readonly (readonly number[])[] = [
  [72.74, 86.98, 80.55, 88.66, 145.3, 178.4, 216.7, 230, 119.5],
  [19.46, 153.2, 166.6, 102.5, 131.5, 174, 157.5, 192.7],
  [137, 159.5, 89.1, 118.3, 161.4, 162.2, 182.7],
  [19.56, 212.4, 242.4, 239, 309.6, 191.3],
  [236.5, 266.2, 325.9, 323.5, 194.9],
  [31.44, 73.79, 103.9, 256.8],
  [71.87, 134, 286.3],
  [175.3, 328.1],
  [322.5],
];

/** The 45 AWS pairs (catalog `aws:` codes). */
export const AWS_CALIBRATION_SAMPLE: readonly CalibrationPair[] = UPPER.flatMap((row, i) =>
  row.map((rttMs, k) => ({ from: REGIONS[i], to: REGIONS[i + 1 + k], rttMs })),
);
