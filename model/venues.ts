/**
 * Exchange colocation data centres: where a venue's matching engine runs, hence the far end of
 * the latency a site serving that venue pays. Locations are the data centres, not the
 * exchanges' head offices (NYSE matches in Mahwah NJ, not on Wall Street), to about 1 km: the
 * model's error is far larger than that. Facts from the exchanges' connectivity guides and trade
 * press: NYSE Mahwah (ICE); Nasdaq Carteret; Cboe US at Equinix NY4/NY5 Secaucus; CME Globex at
 * CyrusOne Aurora; LSEG moved its primary data centre from the City to London Docklands in
 * February 2023; Cboe Europe at Equinix LD4 Slough; ICE Futures Europe at ICE's Basildon data
 * centre; Eurex/Xetra at Equinix FR2 Frankfurt; Euronext moved from Basildon to Aruba IT3,
 * Bergamo, in June 2022; HKEX at its Tseung Kwan O data centre; ASX at the Australian Liquidity
 * Centre, Gore Hill, 5 km north-west of the Sydney CBD.
 */
import { closestNames } from "./closest-names";
import type { Venue } from "./types";

/** The venue catalog, by catalog code. */
export const VENUES: readonly Venue[] = [
  {
    code: "NYSE",
    name: "New York Stock Exchange",
    datacenter: "NYSE Mahwah data center",
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
    code: "LSE",
    name: "London Stock Exchange",
    datacenter: "LSEG data centre, London Docklands",
    city: "London",
    lat: 51.51,
    lon: -0.01,
    country: "GB",
  },
  {
    code: "CBOEEU",
    name: "Cboe Europe",
    datacenter: "Equinix LD4",
    city: "Slough",
    lat: 51.52,
    lon: -0.63,
    country: "GB",
  },
  {
    code: "ICE",
    name: "ICE Futures Europe",
    datacenter: "ICE Basildon data centre",
    city: "Basildon, Essex",
    lat: 51.58,
    lon: 0.46,
    country: "GB",
  },
  {
    code: "EUREX",
    name: "Eurex and Xetra (Deutsche Boerse)",
    datacenter: "Equinix FR2",
    city: "Frankfurt",
    lat: 50.1,
    lon: 8.73,
    country: "DE",
  },
  {
    code: "EURONEXT",
    name: "Euronext",
    datacenter: "Aruba Global Cloud Data Center IT3",
    city: "Ponte San Pietro, Bergamo",
    lat: 45.7,
    lon: 9.59,
    country: "IT",
  },
  {
    code: "JPX",
    name: "Japan Exchange Group (Tokyo Stock Exchange, Osaka Exchange)",
    datacenter: "JPX primary site (arrownet co-location)",
    city: "Tokyo",
    lat: 35.68,
    lon: 139.77,
    country: "JP",
  },
  {
    code: "SGX",
    name: "Singapore Exchange",
    datacenter: "SGX co-location data centre",
    city: "Singapore",
    lat: 1.35,
    lon: 103.82,
    country: "SG",
  },
  {
    code: "HKEX",
    name: "Hong Kong Exchanges and Clearing",
    datacenter: "HKEX Data Centre",
    city: "Tseung Kwan O, Hong Kong",
    lat: 22.29,
    lon: 114.27,
    country: "HK",
  },
  {
    code: "ASX",
    name: "Australian Securities Exchange",
    datacenter: "Australian Liquidity Centre",
    city: "Gore Hill, Sydney",
    lat: -33.82,
    lon: 151.19,
    country: "AU",
  },
  {
    code: "B3",
    name: "B3 (Brasil Bolsa Balcao)",
    datacenter: "B3 data center",
    city: "Santana de Parnaiba, Sao Paulo",
    lat: -23.44,
    lon: -46.92,
    country: "BR",
  },
  {
    code: "NSE",
    name: "National Stock Exchange of India",
    datacenter: "NSE co-location facility, Bandra Kurla Complex",
    city: "Mumbai",
    lat: 19.06,
    lon: 72.87,
    country: "IN",
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
