/**
 * Published round trips between regions of different clouds, used only to validate the latency
 * model (never to fit it): the model is fitted on single-provider backbones, and these pairs
 * show how it does where traffic leaves one provider for another.
 *
 * Source: DoiT International's intercloud-throughput study ("Throughput metrics across the
 * clouds", doit.com), data file `data/ok_results.csv` in github.com/doitintl/intercloud-throughput
 * at commit 9a13dda4612ed216a148ea0f713db2b6e981a0a8. One VM per region; after an iperf run the
 * client pings the server's **public** address five times (`ping -c 5`, `aws-client.sh`) and the
 * file keeps the **mean** of those pings (`avgrtt`, ms). Measured 13–27 January 2022 between AWS
 * and Google Cloud regions in the United States, so the traffic crosses from one provider's
 * network to the other's where they interconnect. Every AWS–Google Cloud row with a round trip
 * is used (29); two rows without one are left out. Same-provider rows of the file are not used.
 */
import type { CalibrationPair } from "./calibration-data";

/** Where the cross-cloud sample comes from and which statistic it is. */
export const CROSS_CLOUD_SOURCE = {
  title: "DoiT International, intercloud-throughput (AWS to Google Cloud over public addresses)",
  url: "https://github.com/doitintl/intercloud-throughput/blob/9a13dda4612ed216a148ea0f713db2b6e981a0a8/data/ok_results.csv",
  window: "13-27 Jan 2022",
  statistic: "mean of 5 pings",
} as const;

const p = (from: string, to: string, rttMs: number): CalibrationPair => ({ from, to, rttMs });

/** The 29 pairs, as site ids (`aws:us-east-1`), from client to server, in the file's order. */
export const CROSS_CLOUD_SAMPLE: readonly CalibrationPair[] = [
  p("aws:us-east-1", "gcp:us-central1", 36.174),
  p("aws:us-east-1", "gcp:us-east1", 20.787),
  p("aws:us-east-1", "gcp:us-east4", 3.275),
  p("aws:us-east-1", "gcp:us-west1", 63.387),
  p("aws:us-east-1", "gcp:us-west2", 67.305),
  p("aws:us-east-1", "gcp:us-west3", 52.679),
  p("aws:us-east-1", "gcp:us-west4", 62.66),
  p("aws:us-west-1", "gcp:us-east1", 72.877),
  p("aws:us-west-1", "gcp:us-east4", 70.105),
  p("aws:us-west-1", "gcp:us-west1", 22.526),
  p("aws:us-west-1", "gcp:us-west2", 11.089),
  p("aws:us-west-1", "gcp:us-west3", 19.611),
  p("aws:us-west-1", "gcp:us-west4", 19.809),
  p("aws:us-west-2", "gcp:us-central1", 66.857),
  p("aws:us-west-2", "gcp:us-east4", 79.367),
  p("aws:us-west-2", "gcp:us-west1", 14.294),
  p("aws:us-west-2", "gcp:us-west3", 42.748),
  p("gcp:us-central1", "aws:us-west-1", 48.983),
  p("gcp:us-east1", "aws:us-east-1", 27.037),
  p("gcp:us-east1", "aws:us-west-1", 72.207),
  p("gcp:us-east4", "aws:us-west-1", 69.809),
  p("gcp:us-west1", "aws:us-east-1", 64.513),
  p("gcp:us-west1", "aws:us-west-2", 16.552),
  p("gcp:us-west2", "aws:us-west-1", 12.364),
  p("gcp:us-west2", "aws:us-west-2", 34.173),
  p("gcp:us-west3", "aws:us-east-1", 51.775),
  p("gcp:us-west3", "aws:us-west-2", 40.705),
  p("gcp:us-west4", "aws:us-west-1", 16.967),
  p("gcp:us-west4", "aws:us-west-2", 37.847),
];
