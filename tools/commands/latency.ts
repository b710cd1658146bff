/**
 * `tachyon latency [--sites ID,ID,...] [--format text|json|svg] [--output FILE] [--stacks-dir DIR]`: the latency
 * model's round-trip estimate between every pair of sites (DESIGN.md §6). Without `--sites`, the
 * sites of every global stack's `tachyon:topology` in the stacks directory.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { InputFileError, loadYamlFile } from "../engine/input-file";
import {
  CALIBRATION_POINTS,
  CLOUD_HOST_MS,
  COEFFICIENTS,
  sameMetroErrorsMs,
  errorsOn,
  estimateRtt,
  findPlace,
  RANGE,
  validation,
  VENUE_PREFIX,
  type Place,
} from "../../model/latency";
import { isCloud, suggestRegionCodes } from "../../model/regions";
import { suggestVenueCodes } from "../../model/venues";
import { latencySvg } from "../report/latency-svg";
import { CLOUDS } from "../../model/types";
import { AWS_CALIBRATION_SOURCE } from "../../model/calibration-aws";
import { CALIBRATION_SOURCE } from "../../model/calibration-data";
import { IBM_CALIBRATION_SOURCE } from "../../model/calibration-ibm";
import { CROSS_CLOUD_SOURCE } from "../../model/calibration-cross-cloud";
import { crossCloudValidation } from "../../model/cross-cloud";

/** Usage of `tachyon latency`. */
export const LATENCY_USAGE = `Usage: tachyon latency [--sites ID,ID,...] [--format text|json|svg] [--output FILE]
                       [--stacks-dir DIR] [--explain]

Estimated round-trip time between every pair of sites, with its range, from the latency model
(great-circle distance, route inflation and backbone cost fitted on published round trips).

  --sites ID,...     sites "<cloud>:<region>" (aws:us-east-1) and venues "venue:<CODE>"
                     (venue:NYSE); default: the sites of every global stack in the stacks dir
  --format FORMAT    text (default), json, or svg (a world map, links coloured by RTT)
  --output FILE      write the report there instead of stdout
  --stacks-dir DIR   where the Pulumi.<stack>.yaml files are (default: stacks)
  --explain          print the model, its sources and its leave-one-provider-out validation
  -h, --help         show this help
`;

/** One pair of the JSON report (DESIGN.md §6). */
export interface LatencyPair {
  readonly from: string;
  readonly to: string;
  /** Great-circle distance, whole km. */
  readonly distanceKm: number;
  /** Estimated round trip, ms to one decimal. */
  readonly rttMs: number;
  /** Low end of the range (p10 of held-out errors), ms to one decimal. */
  readonly rttLowMs: number;
  /** High end of the range (p90 of held-out errors), ms to one decimal. */
  readonly rttHighMs: number;
}

/** The JSON report of `tachyon latency --format json`. */
export interface LatencyReport {
  readonly unit: "ms";
  readonly pairs: readonly LatencyPair[];
}

/** A usage or input error: the command prints it and exits 2. */
export class UsageError extends Error {}

/** Runs `tachyon latency`; resolves to the exit code (0, or 2 on bad usage). */
export async function run(argv: string[]): Promise<number> {
  try {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        sites: { type: "string" },
        format: { type: "string", default: "text" },
        output: { type: "string" },
        "stacks-dir": { type: "string", default: "stacks" },
        explain: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
    });
    if (values.help) {
      process.stdout.write(LATENCY_USAGE);
      return 0;
    }
    if (values.explain) {
      process.stdout.write(explainModel());
      return 0;
    }
    const format = values.format;
    if (format !== "text" && format !== "json" && format !== "svg") {
      throw new UsageError(`--format: unknown format, got "${format}". Use text, json or svg.`);
    }
    const ids =
      values.sites !== undefined
        ? splitList(values.sites, "--sites")
        : topologySiteIds(values["stacks-dir"]);
    const places = resolvePlaces(ids);
    const text =
      format === "json"
        ? `${JSON.stringify(report(places), null, 2)}\n`
        : format === "svg"
          ? latencySvg(places)
          : renderText(places);
    if (values.output === undefined) {
      process.stdout.write(text);
    } else {
      try {
        fs.writeFileSync(values.output, text);
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        throw new UsageError(
          `--output: cannot write the file, got "${values.output}" (${reason}). Give a writable path.`,
        );
      }
    }
    return await Promise.resolve(0);
  } catch (err) {
    return fail(err);
  }
}

/**
 * The latency summary as text for a list of site or venue ids, e.g. for `tachyon start`.
 * Throws {@link UsageError} naming the first unknown id.
 */
export function renderLatencyText(siteIds: readonly string[]): string {
  return renderText(resolvePlaces(dedupe(siteIds)));
}

/** The JSON report for a list of site or venue ids. Throws {@link UsageError} on unknown ids. */
export function latencyReport(siteIds: readonly string[]): LatencyReport {
  return report(resolvePlaces(dedupe(siteIds)));
}

/**
 * The site ids of every global stack (`tachyon:topology.sites[].id`) among the
 * `Pulumi.*.yaml` files of `stacksDir`, in file-name then topology order, without duplicates.
 */
export function topologySiteIds(stacksDir: string): string[] {
  return dedupe(topologiesIn(stacksDir).flatMap((t) => t.sites));
}

/** The sites of one global stack's topology, in topology order. */
export interface TopologySites {
  /** The stack file's stack name, e.g. `prod-global`. */
  readonly stack: string;
  /** `tachyon:topology.environment`, or the stack name when it is missing. */
  readonly environment: string;
  readonly sites: readonly string[];
}

/**
 * Every global stack's topology sites in `stacksDir` (files `Pulumi.<stack>.yaml` with
 * `tachyon:topology.sites`), sorted by file name. Throws a {@link UsageError} when the folder
 * cannot be read, a file is not YAML, or no file has a topology.
 */
export function topologiesIn(stacksDir: string): TopologySites[] {
  let files: string[];
  try {
    files = fs.readdirSync(stacksDir).filter((f) => /^Pulumi\..+\.ya?ml$/.test(f));
  } catch {
    throw new UsageError(
      `--stacks-dir: cannot read the directory, got "${stacksDir}". Pass the folder holding the Pulumi.<stack>.yaml files, or --sites.`,
    );
  }
  const topologies: TopologySites[] = [];
  for (const file of files.sort()) {
    const full = path.join(stacksDir, file);
    let doc: unknown;
    try {
      doc = loadYamlFile(full);
    } catch (err) {
      if (err instanceof InputFileError) throw new UsageError(err.message);
      throw err;
    }
    const topology = field(field(doc, "config"), "tachyon:topology");
    const sites = sitesOf(topology);
    if (sites.length === 0) continue;
    const stack = file.replace(/^Pulumi\./, "").replace(/\.ya?ml$/, "");
    const environment = field(topology, "environment");
    topologies.push({
      stack,
      environment: typeof environment === "string" && environment !== "" ? environment : stack,
      sites: dedupe(sites),
    });
  }
  if (topologies.length === 0) {
    throw new UsageError(
      `--stacks-dir: no global stack with tachyon:topology.sites, got "${stacksDir}". Point --stacks-dir at the stacks, or pass --sites aws:us-east-1,azure:westeurope.`,
    );
  }
  return topologies;
}

function sitesOf(topology: unknown): string[] {
  const sites = field(topology, "sites");
  if (!Array.isArray(sites)) return [];
  return sites
    .map((s) => field(s, "id"))
    .filter((id): id is string => typeof id === "string" && id !== "");
}

function field(value: unknown, key: string): unknown {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)[key]
    : undefined;
}

function splitList(raw: string, flag: string): string[] {
  const items = dedupe(
    raw
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== ""),
  );
  if (items.length === 0) {
    throw new UsageError(`${flag}: empty list, got "${raw}". Give comma-separated site ids.`);
  }
  return items;
}

function dedupe(ids: readonly string[]): string[] {
  return [...new Set(ids)];
}

function resolvePlaces(ids: readonly string[]): Place[] {
  return ids.map((id) => {
    const place = findPlace(id);
    if (place === undefined) throw new UsageError(unknownPlace(id));
    return place;
  });
}

/** Why `id` names no site or venue, and what the user probably meant. */
export function unknownPlace(id: string): string {
  if (id.startsWith(VENUE_PREFIX)) {
    const code = id.slice(VENUE_PREFIX.length);
    const hints = suggestVenueCodes(code).map((c) => `${VENUE_PREFIX}${c}`);
    return `--sites: unknown venue, got "${id}". ${didYouMean(hints)}Venue codes are listed by "tachyon regions suggest --help".`;
  }
  const i = id.indexOf(":");
  const cloud = i > 0 ? id.slice(0, i) : "";
  if (!isCloud(cloud)) {
    return `--sites: not a site id, got "${id}". Write "<cloud>:<region>" with cloud ${CLOUDS.join(", ")} (aws:us-east-1), or "venue:<CODE>" (venue:NYSE).`;
  }
  const hints = suggestRegionCodes(cloud, id.slice(i + 1)).map((c) => `${cloud}:${c}`);
  return `--sites: unknown ${cloud} region, got "${id}". ${didYouMean(hints)}Use a region code of the catalog (model/regions-data.ts).`;
}

function didYouMean(hints: readonly string[]): string {
  return hints.length === 0 ? "" : `Did you mean ${hints.join(", ")}? `;
}

function report(places: readonly Place[]): LatencyReport {
  return {
    unit: "ms",
    pairs: pairsOf(places).map(([a, b]) => {
      const e = estimateRtt(a, b);
      return {
        from: a.id,
        to: b.id,
        distanceKm: Math.round(e.distanceKm),
        rttMs: tenth(e.rttMs),
        rttLowMs: tenth(e.rttLowMs),
        rttHighMs: tenth(e.rttHighMs),
      };
    }),
  };
}

function pairsOf(places: readonly Place[]): [Place, Place][] {
  const pairs: [Place, Place][] = [];
  for (let i = 0; i < places.length; i++) {
    for (let j = i + 1; j < places.length; j++) pairs.push([places[i], places[j]]);
  }
  return pairs;
}

const tenth = (ms: number): number => Math.round(ms * 10) / 10;

/** One line naming the model, its coefficients and its held-out error. */
function modelLine(): string {
  const all = errorsOn(CALIBRATION_POINTS);
  return (
    `Estimated round-trip times (model: max(fibre floor, ${CLOUD_HOST_MS.toFixed(2)} ms per cloud host + ` +
    `${COEFFICIENTS.rLand.toFixed(2)} x fibre floor over land + ${COEFFICIENTS.rSea.toFixed(2)} x over submarine cable ` +
    `+ ${COEFFICIENTS.h.toFixed(2)} ms beyond the metro); ` +
    `median error ${all.medianPct.toFixed(1)}% on the ${all.pairs} published pairs it is fitted on; ` +
    `range p10-p90 x${RANGE.low.toFixed(2)}-x${RANGE.high.toFixed(2)})\n`
  );
}

/** `tachyon latency --explain`: the model, its sources and its validation. */
export function explainModel(): string {
  const sources = [CALIBRATION_SOURCE, AWS_CALIBRATION_SOURCE, IBM_CALIBRATION_SOURCE].map(
    (s) => `  ${s.title}: ${s.statistic}, ${s.window} (${s.url})`,
  );
  const metro = sameMetroErrorsMs();
  const withinOneMs = metro.filter((e) => e <= 1).length;
  const rows = validation().map((v) => [
    v.provider,
    String(v.pairs),
    v.coefficients.rLand.toFixed(2),
    v.coefficients.rSea.toFixed(2),
    v.coefficients.h.toFixed(2),
    v.medianPct.toFixed(1),
    v.p90Pct.toFixed(1),
    String(v.belowFloor),
  ]);
  return (
    `${modelLine()}\nSources:\n${sources.join("\n")}\n\nLeave-one-provider-out validation ` +
    `(fitted without the provider, tested on it):\n` +
    table(
      ["held out", "pairs", "r land", "r sea", "h ms", "median %", "p90 %", "below floor"],
      rows,
      1,
    ) +
    `\nSame metro: ${withinOneMs}/${metro.length} published figures within 1 ms (worst ` +
    `${Math.max(...metro).toFixed(2)} ms off).\n` +
    crossCloudLines()
  );
}

/** The cross-cloud validation: the source it was not fitted on, and the errors there. */
function crossCloudLines(): string {
  const v = crossCloudValidation();
  const s = CROSS_CLOUD_SOURCE;
  return (
    `\nCross-cloud validation (not fitted on): ${s.title}: ${s.statistic}, ${s.window} (${s.url})\n` +
    `${v.pairs} pairs, median ${v.medianPct.toFixed(1)}%, p90 ${v.p90Pct.toFixed(1)}%, below floor ` +
    `${v.belowFloor}; the model reads ${Math.abs(v.biasPct).toFixed(1)}% ${v.biasPct < 0 ? "low" : "high"} ` +
    `(median signed error), ${v.inRange} of ${v.pairs} inside the range.\n`
  );
}

function renderText(places: readonly Place[]): string {
  const header = modelLine();
  const pairs = pairsOf(places);
  if (pairs.length === 0) {
    return `${header}\nOnly one site (${places.map((p) => p.id).join("")}): no pairs to estimate.\n`;
  }
  const rows = pairs.map(([a, b]) => {
    const e = estimateRtt(a, b);
    return [
      a.id,
      b.id,
      String(Math.round(e.distanceKm)),
      e.rttMs.toFixed(1),
      `${e.rttLowMs.toFixed(1)}-${e.rttHighMs.toFixed(1)}`,
      e.floorMs.toFixed(1),
    ];
  });
  return `${header}\n${table(["from", "to", "distance km", "rtt ms", "range ms", "floor ms"], rows, 2)}`;
}

/** A plain-text table: the first `leftColumns` columns left-aligned, the rest right-aligned. */
export function table(
  headings: readonly string[],
  rows: readonly (readonly string[])[],
  leftColumns: number,
): string {
  const widths = headings.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, c) => (c < leftColumns ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join("  ")
      .trimEnd();
  return `${[line(headings), ...rows.map(line)].join("\n")}\n`;
}

function fail(err: unknown): number {
  if (err instanceof UsageError) {
    process.stderr.write(`tachyon latency: ${err.message}\n`);
    return 2;
  }
  // parseArgs throws TypeErrors with a code for unknown flags and missing values.
  if (err instanceof Error && "code" in err && String(err.code).startsWith("ERR_PARSE_ARGS")) {
    process.stderr.write(`tachyon latency: ${err.message}. Run "tachyon latency --help".\n`);
    return 2;
  }
  throw err;
}
