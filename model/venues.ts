/**
 * Exchange colocation data centres: where a venue's matching engine runs, hence the far end of
 * the latency a site serving that venue pays. Locations are the data centres, not the
 * exchanges' head offices (NYSE matches in Mahwah NJ, not on Wall Street).
 */
import { closestNames } from "./names";
import type { Venue } from "./types";

/** The venue catalog, by catalog code. */
export const VENUES: readonly Venue[] = [
  {
    code: "NYSE",
    name: "New York Stock Exchange",
    datacenter: "NYSE Mahwah Data Center (ICE)",
    city: "Mahwah, New Jersey",
    lat: 41.07,
    lon: -74.17,
    country: "US",
  },
  {
    code: "NASDAQ",
    name: "Nasdaq Stock Market",
    datacenter: "Nasdaq Carteret data center",
    city: "Carteret, New Jersey",
    lat: 40.58,
    lon: -74.23,
    country: "US",
  },
  {
    code: "CBOE",
    name: "Cboe Global Markets (US equities and options)",
    datacenter: "Equinix NY4/NY5",
    city: "Secaucus, New Jersey",
    lat: 40.78,
    lon: -74.07,
    country: "US",
  },
  {
    code: "CME",
    name: "CME Group (CME Globex)",
    datacenter: "CyrusOne Aurora I",
    city: "Aurora, Illinois",
    lat: 41.8,
    lon: -88.24,
    country: "US",
  },
  {
    code: "EUREX",
    name: "Eurex (Deutsche Boerse)",
    datacenter: "Equinix FR2",
    city: "Frankfurt",
    lat: 50.1,
    lon: 8.73,
    country: "DE",
  },
  {
    code: "HKEX",
    name: "Hong Kong Exchanges and Clearing",
    datacenter: "HKEX Data Centre, Tseung Kwan O",
    city: "Hong Kong",
    lat: 22.28,
    lon: 114.27,
    country: "HK",
  },
];

const BY_CODE = new Map<string, Venue>(VENUES.map((v) => [v.code, v]));

/** The venue with this exact catalog code (`NYSE`), or `undefined`. */
export function findVenue(code: string): Venue | undefined {
  return BY_CODE.get(code);
}

/**
 * Up to `n` venue codes the user probably meant by `code`: nearest by edit distance, case
 * ignored (`nyse` suggests `NYSE`), or venues whose city contains the input. Empty when nothing
 * is close.
 */
export function suggestVenueCodes(code: string, n = 3): string[] {
  return closestNames(
    code,
    VENUES.map((v) => ({ name: v.code, aliases: [v.city] })),
    n,
  );
}
