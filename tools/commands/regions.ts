/**
 * `tachyon regions suggest --venue CODE [--venue CODE]... [--cloud C]... [--allow J,...]
 * [--format text|json]`: the closest allowed region of each cloud to one or more exchange
 * venues, by the latency model's round-trip estimate (DESIGN.md §2, config-driven region
 * selection).
 */
import { parseArgs } from "node:util";
import { EU, isJurisdiction } from "../../model/jurisdictions";
import { isCloud } from "../../model/regions";
import { suggestRegions, type RegionSuggestion } from "../../model/suggest";
import { CLOUDS, type Cloud, type Venue } from "../../model/types";
import { findVenue, suggestVenueCodes, VENUES } from "../../model/venues";
import { table, UsageError } from "./latency";

/** Usage of `tachyon regions`. */
export function regionsUsage(): string {
  const venues = VENUES.map(
    (v) => `    ${v.code.padEnd(9)} ${v.name} (${v.datacenter}, ${v.city})`,
  );
  return `Usage: tachyon regions suggest --venue CODE [--venue CODE]... [--cloud CLOUD]...
                               [--allow JURISDICTION,...] [--format text|json]

The closest region of each cloud to the given exchange venues, by estimated round-trip time.
With several venues, the region whose slowest venue link is fastest wins.

  --venue CODE       an exchange venue (repeatable), one of the codes below
  --cloud CLOUD      only this cloud (repeatable): ${CLOUDS.join(", ")}; default: all
  --allow J,...      only regions in these jurisdictions: ISO 3166-1 alpha-2 country
                     codes (US, GB, DE, JP, ...) or ${EU} for any EU member state
  --format FORMAT    text (default) or json
  -h, --help         show this help

Venues:
${venues.join("\n")}
`;
}

/** One suggestion in the JSON report. */
export interface SuggestionJson {
  readonly cloud: Cloud;
  readonly region: string;
  readonly site: string;
  readonly city: string;
  readonly country: string;
  /** The slowest venue link, ms to one decimal. */
  readonly worstRttMs: number;
  readonly venues: readonly { venue: string; distanceKm: number; rttMs: number }[];
}

/** The JSON report of `tachyon regions suggest --format json`. */
export interface SuggestReport {
  readonly unit: "ms";
  readonly venues: readonly string[];
  readonly allow: readonly string[] | null;
  readonly suggestions: readonly SuggestionJson[];
}

/** Runs `tachyon regions ...`; resolves to the exit code (0, or 2 on bad usage). */
export async function run(argv: string[]): Promise<number> {
  try {
    const [sub, ...rest] = argv;
    if (sub === "--help" || sub === "-h" || sub === "help") {
      process.stdout.write(regionsUsage());
      return 0;
    }
    if (sub === undefined) {
      process.stderr.write(
        `tachyon regions: missing subcommand. Use "tachyon regions suggest".\n\n${regionsUsage()}`,
      );
      return 2;
    }
    if (sub !== "suggest") {
      throw new UsageError(`unknown subcommand, got "${sub}". Use "tachyon regions suggest".`);
    }
    return await Promise.resolve(suggest(rest));
  } catch (err) {
    return fail(err);
  }
}

function suggest(argv: string[]): number {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      venue: { type: "string", multiple: true },
      cloud: { type: "string", multiple: true },
      allow: { type: "string" },
      format: { type: "string", default: "text" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(regionsUsage());
    return 0;
  }
  const format = values.format;
  if (format !== "text" && format !== "json") {
    throw new UsageError(`--format: unknown format, got "${format}". Use text or json.`);
  }
  const venues = parseVenues(values.venue ?? []);
  const clouds = values.cloud === undefined ? undefined : parseClouds(values.cloud);
  const allow = values.allow === undefined ? undefined : parseAllow(values.allow);
  const suggestions = suggestRegions(venues, { clouds, allow });
  const json = toJson(venues, allow, suggestions);
  process.stdout.write(
    format === "json"
      ? `${JSON.stringify(json, null, 2)}\n`
      : renderText(venues, allow, json, clouds),
  );
  return 0;
}

function parseVenues(codes: readonly string[]): Venue[] {
  if (codes.length === 0) {
    throw new UsageError(
      `--venue: missing, got no venue. Give at least one, e.g. --venue NYSE (codes: ${VENUES.map((v) => v.code).join(", ")}).`,
    );
  }
  const venues: Venue[] = [];
  for (const code of codes) {
    const venue = findVenue(code.toUpperCase());
    if (venue === undefined) {
      const hints = suggestVenueCodes(code);
      const hint = hints.length > 0 ? `Did you mean ${hints.join(", ")}? ` : "";
      throw new UsageError(
        `--venue: unknown venue, got "${code}". ${hint}Use one of: ${VENUES.map((v) => v.code).join(", ")}.`,
      );
    }
    if (!venues.includes(venue)) venues.push(venue);
  }
  return venues;
}

function parseClouds(values: readonly string[]): Cloud[] {
  return [...new Set(values)].map((value) => {
    const cloud = value.toLowerCase();
    if (!isCloud(cloud)) {
      throw new UsageError(`--cloud: unknown cloud, got "${value}". Use ${CLOUDS.join(", ")}.`);
    }
    return cloud;
  });
}

function parseAllow(raw: string): string[] {
  const codes = [
    ...new Set(
      raw
        .split(",")
        .map((s) => s.trim().toUpperCase())
        .filter((s) => s !== ""),
    ),
  ];
  if (codes.length === 0) {
    throw new UsageError(
      `--allow: empty list, got "${raw}". Give jurisdictions such as US,GB or EU.`,
    );
  }
  const bad = codes.find((c) => !isJurisdiction(c));
  if (bad !== undefined) {
    throw new UsageError(
      `--allow: not a jurisdiction, got "${bad}". Use ISO 3166-1 alpha-2 country codes (US, GB, DE) or ${EU}.`,
    );
  }
  return codes;
}

const tenth = (x: number): number => Math.round(x * 10) / 10;

function toJson(
  venues: readonly Venue[],
  allow: readonly string[] | undefined,
  suggestions: readonly RegionSuggestion[],
): SuggestReport {
  return {
    unit: "ms",
    venues: venues.map((v) => v.code),
    allow: allow ?? null,
    suggestions: suggestions.map((s) => ({
      cloud: s.region.cloud,
      region: s.region.code,
      site: s.siteId,
      city: s.region.city,
      country: s.region.country,
      worstRttMs: tenth(s.worstRttMs),
      venues: s.links.map((l) => ({
        venue: l.venue,
        distanceKm: Math.round(l.distanceKm),
        rttMs: tenth(l.rttMs),
      })),
    })),
  };
}

function renderText(
  venues: readonly Venue[],
  allow: readonly string[] | undefined,
  report: SuggestReport,
  clouds: readonly Cloud[] | undefined,
): string {
  const where = venues.map((v) => `${v.code} (${v.datacenter}, ${v.city})`).join(", ");
  const within = allow === undefined ? "" : ` within ${allow.join(", ")}`;
  const lines = [`Closest regions${within} to ${where}, by estimated round-trip time:`, ""];
  const missing = (clouds ?? CLOUDS).filter((c) => !report.suggestions.some((s) => s.cloud === c));
  if (report.suggestions.length > 0) {
    const several = venues.length > 1;
    const headings = [
      "cloud",
      "site",
      "city",
      "country",
      ...(several ? venues.map((v) => `${v.code} ms`) : []),
      several ? "worst rtt ms" : "rtt ms",
    ];
    const rows = report.suggestions.map((s) => [
      s.cloud,
      s.site,
      s.city,
      s.country,
      ...(several ? s.venues.map((l) => l.rttMs.toFixed(1)) : []),
      s.worstRttMs.toFixed(1),
    ]);
    lines.push(table(headings, rows, 4).trimEnd());
  }
  for (const cloud of missing) {
    lines.push(`${cloud}: no region${within}.`);
  }
  return `${lines.join("\n")}\n`;
}

function fail(err: unknown): number {
  if (err instanceof UsageError) {
    process.stderr.write(`tachyon regions: ${err.message}\n`);
    return 2;
  }
  if (err instanceof Error && "code" in err && String(err.code).startsWith("ERR_PARSE_ARGS")) {
    process.stderr.write(`tachyon regions: ${err.message}. Run "tachyon regions --help".\n`);
    return 2;
  }
  throw err;
}
