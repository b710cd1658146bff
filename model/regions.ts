/**
 * Lookups over the region catalog (`model/regions-data.ts`): by cloud, by code, by site id, and
 * "did you mean" suggestions for the config validator and the CLI.
 */
import { closestNames } from "./closest-names";
import { REGION_DATA } from "./regions-data";
import { CLOUDS, type Cloud, type Region } from "./types";

/** Every catalog region of every cloud. */
export const REGIONS: readonly Region[] = REGION_DATA;

const BY_SITE = new Map<string, Region>(REGIONS.map((r) => [`${r.cloud}:${r.code}`, r]));

/** The catalog regions of one cloud, in catalog order. */
export function regionsOf(cloud: Cloud): readonly Region[] {
  return REGIONS.filter((r) => r.cloud === cloud);
}

/** The region with this exact code on this cloud, or `undefined` if the catalog lacks it. */
export function findRegion(cloud: Cloud, code: string): Region | undefined {
  return BY_SITE.get(`${cloud}:${code}`);
}

/**
 * Up to `n` region codes of `cloud` that the user probably meant by `code`: the nearest by edit
 * distance (case and punctuation ignored), or regions whose city contains the input
 * (`frankfurt` suggests `eu-central-1` on AWS). Empty when nothing is close.
 */
export function suggestRegionCodes(cloud: Cloud, code: string, n = 3): string[] {
  const candidates = regionsOf(cloud).map((r) => ({ name: r.code, aliases: [r.city] }));
  return closestNames(code, candidates, n);
}

/** Whether `value` names a cloud Tachyon deploys to. */
export function isCloud(value: string): value is Cloud {
  return (CLOUDS as readonly string[]).includes(value);
}

/**
 * The region a site id `<cloud>:<region>` names (`aws:us-east-1`), or `undefined` when the id is
 * malformed, the cloud unknown or the region not in the catalog.
 */
export function findSite(siteId: string): Region | undefined {
  const i = siteId.indexOf(":");
  if (i <= 0) return undefined;
  const cloud = siteId.slice(0, i);
  return isCloud(cloud) ? findRegion(cloud, siteId.slice(i + 1)) : undefined;
}

/** The site id of a region: `<cloud>:<code>`. */
export function siteIdOf(region: Region): string {
  return `${region.cloud}:${region.code}`;
}
