/**
 * Region suggestion: for the venues a site must serve, the closest region of each cloud that a
 * residency rule allows, ranked by the latency model's round-trip estimate. For several venues
 * the region minimising the *worst* round trip wins: a trading site is as slow as its slowest
 * venue link.
 */
import { inJurisdiction } from "./jurisdictions";
import { estimateRtt } from "./latency";
import { regionsOf, siteIdOf } from "./regions";
import { CLOUDS, type Cloud, type Region, type Venue } from "./types";

/** The model's estimate from a region to one venue. */
export interface VenueLink {
  readonly venue: string;
  readonly distanceKm: number;
  readonly rttMs: number;
}

/** A candidate region with its estimated round trips to every venue asked for. */
export interface RegionSuggestion {
  readonly region: Region;
  /** `<cloud>:<region>`. */
  readonly siteId: string;
  /** The largest round trip over the venues: what the ranking minimises. */
  readonly worstRttMs: number;
  /** One link per venue, in the order the venues were given. */
  readonly links: readonly VenueLink[];
}

/** Options of {@link suggestRegions}. */
export interface SuggestOptions {
  /**
   * Clouds to consider.
   * @default every cloud
   */
  readonly clouds?: readonly Cloud[];
  /**
   * Allowed jurisdictions (ISO country codes or `EU`); regions elsewhere are never suggested.
   * @default no restriction
   */
  readonly allow?: readonly string[];
  /**
   * How many regions to return per cloud, best first.
   * @default 1
   */
  readonly perCloud?: number;
}

/**
 * The best `perCloud` allowed regions of each cloud for `venues`, ranked by worst-case round
 * trip (ties: total round trip, then site id). A cloud with no allowed region is absent from
 * the result. The result is sorted by worst-case round trip across clouds.
 */
export function suggestRegions(
  venues: readonly Venue[],
  options: SuggestOptions = {},
): RegionSuggestion[] {
  if (venues.length === 0) return [];
  const clouds = options.clouds ?? CLOUDS;
  const perCloud = options.perCloud ?? 1;
  const result: RegionSuggestion[] = [];
  for (const cloud of clouds) {
    const allowed = regionsOf(cloud).filter(
      (r) => options.allow === undefined || inJurisdiction(r.country, options.allow),
    );
    const ranked = allowed.map((region) => rank(region, venues)).sort(compare);
    result.push(...ranked.slice(0, perCloud));
  }
  return result.sort(compare);
}

function rank(region: Region, venues: readonly Venue[]): RegionSuggestion {
  const links = venues.map((v) => {
    const e = estimateRtt(region, v);
    return { venue: v.code, distanceKm: e.distanceKm, rttMs: e.rttMs };
  });
  return {
    region,
    siteId: siteIdOf(region),
    worstRttMs: Math.max(...links.map((l) => l.rttMs)),
    links,
  };
}

const total = (s: RegionSuggestion): number => s.links.reduce((sum, l) => sum + l.rttMs, 0);

function compare(x: RegionSuggestion, y: RegionSuggestion): number {
  return (
    x.worstRttMs - y.worstRttMs ||
    total(x) - total(y) ||
    (x.siteId < y.siteId ? -1 : x.siteId > y.siteId ? 1 : 0)
  );
}
