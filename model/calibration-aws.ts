/**
 * The AWS calibration source of the latency model: CloudPing's AWS Region Latency Matrix
 * (https://cloudping.co/), round trips between EC2 instances of every pair of AWS regions,
 * recorded continuously by the site. The copy read here lists regions launched in 2025
 * (mx-central-1, ap-southeast-6), so it reflects today's AWS backbone. The copy does not label
 * its statistic; CloudPing's grids are P50 unless another percentile is chosen (its
 * `/grid/p_50/...` default). Only the two rows held by that copy are used — every region to
 * af-south-1 (Cape Town) and to ap-east-1 (Hong Kong) — 65 pairs spanning 811 to 18,046 km.
 * eusc-de-east-1 (European Sovereign Cloud) is left out: it is not in the catalog. The diagonal
 * (an instance to another in the same region) is a published same-metro figure: 0.96 ms in Cape
 * Town and 1.08 ms in Hong Kong.
 *
 * An older AWS table (ten regions, mean ping, published April 2017) was tried and left out: its
 * Europe–Asia and South America–Asia pairs then crossed the United States (Frankfurt–Singapore
 * 325.9 ms over 10,258 km), a network that no longer exists.
 */
import type { CalibrationPair } from "./calibration-data";

/** Where the AWS sample comes from and which statistic it is. */
export const AWS_CALIBRATION_SOURCE = {
  title: "CloudPing, AWS Region Latency Matrix",
  url: "https://cloudping.co/",
  window: "copy listing 2025 regions",
  statistic: "P50",
} as const;

/** The matrix's columns, in the page's order (eusc-de-east-1 dropped). */
const COLUMNS = [
  "af-south-1",
  "ap-east-1",
  "ap-east-2",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-6",
  "ap-southeast-7",
  "ca-central-1",
  "ca-west-1",
  "eu-central-1",
  "eu-central-2",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "il-central-1",
  "me-central-1",
  "me-south-1",
  "mx-central-1",
  "sa-east-1",
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
] as const;

/** The rows "to af-south-1" and "to ap-east-1", one value per column. */
const ROWS: Readonly<Record<string, readonly number[]>> = {
  "af-south-1": [
    0.96, 238.42, 253.05, 285.65, 270.48, 278.92, 151.93, 160.09, 205.24, 295.02, 219.85, 305.0,
    209.91, 319.72, 233.15, 222.16, 289.76, 155.41, 152.48, 175.37, 145.71, 130.25, 156.57, 150.06,
    147.38, 180.95, 126.93, 249.74, 284.26, 337.25, 226.85, 237.15, 286.56, 278.75,
  ],
  "ap-east-1": [
    238.69, 1.08, 16.22, 52.55, 39.73, 50.25, 93.6, 79.12, 34.01, 125.46, 48.54, 135.54, 40.43,
    152.17, 60.99, 202.72, 163.03, 198.54, 187.02, 212.87, 183.92, 199.1, 257.54, 199.3, 196.76,
    227.91, 120.52, 129.57, 218.97, 312.32, 202.47, 189.52, 154.93, 146.27,
  ],
};

/**
 * The 65 AWS pairs (catalog `aws:` codes): the af-south-1 row, then the ap-east-1 row without
 * the pair the first row already gave.
 */
export const AWS_CALIBRATION_SAMPLE: readonly CalibrationPair[] = Object.entries(ROWS).flatMap(
  ([to, row], r) => row.flatMap((rttMs, c) => (c <= r ? [] : [{ from: COLUMNS[c], to, rttMs }])),
);

/** Published same-region round trips (an instance to another in its own region), in ms. */
export const AWS_SAME_REGION_MS: Readonly<Record<string, number>> = {
  "af-south-1": 0.96,
  "ap-east-1": 1.08,
};
