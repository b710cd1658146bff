/**
 * Where each provider says its regions are, and where each venue's matching engine is: the
 * reference a catalog coordinate (`regions-data.ts`, `venues.ts`) is checked against, so that a
 * mistyped or provider-published coordinate far from the documented place cannot slip in.
 *
 * The documented location is the `city` of each catalog row, as the provider names it:
 * - AWS: the location in each region's name on "AWS Regions" (docs.aws.amazon.com/
 *   global-infrastructure/latest/regions/aws-regions.html), narrowed to the metro AWS or its
 *   local announcements name (N. Virginia: Ashburn; Oregon: Boardman; Ohio: Columbus).
 * - Azure: `metadata.physicalLocation` of `az account list-locations` ("Virginia", "Paris",
 *   "Wyoming"): often a state or country, so those are checked as a box around that area.
 * - Google Cloud: the town on "Cloud locations" (cloud.google.com/about/locations), e.g.
 *   "Council Bluffs, Iowa", "St. Ghislain, Belgium".
 * - Venues: the data centre town in the exchanges' colocation guides (see `venues.ts`).
 *
 * A metro is its centre (GeoNames coordinates, two decimals) and a radius: 60 km for a cloud
 * region (a region's data centres spread over a metro; AWS keeps zones within 100 km of each
 * other), 15 km for a venue (one building). A state or country is its bounding box.
 */
import { distanceKm, type LatLon } from "./geo";

/** A documented location: a metro (centre and radius) or an area (bounding box). */
export type Metro =
  | { readonly kind: "metro"; readonly lat: number; readonly lon: number }
  | {
      readonly kind: "area";
      readonly south: number;
      readonly west: number;
      readonly north: number;
      readonly east: number;
    };

/** How far from a metro's centre a cloud region may be, in km. */
export const REGION_METRO_KM = 60;

/** How far from its town's centre a venue's data centre may be, in km. */
export const VENUE_METRO_KM = 15;

const m = (lat: number, lon: number): Metro => ({ kind: "metro", lat, lon });
const area = (south: number, west: number, north: number, east: number): Metro => ({
  kind: "area",
  south,
  west,
  north,
  east,
});

/** Every documented location of the catalog, by the name the catalog's `city` gives. */
export const METROS: Readonly<Record<string, Metro>> = {
  "Abu Dhabi": m(24.45, 54.38),
  "Ashburn, Virginia": m(39.04, -77.49),
  Auckland: m(-36.85, 174.76),
  Bangkok: m(13.75, 100.5),
  Berlin: m(52.52, 13.4),
  "Boardman, Oregon": m(45.84, -119.7),
  Brussels: m(50.85, 4.35),
  Busan: m(35.18, 129.08),
  Calgary: m(51.05, -114.07),
  California: area(32.53, -124.41, 42.01, -114.13),
  Canberra: m(-35.28, 149.13),
  "Cape Town": m(-33.92, 18.42),
  Cardiff: m(51.48, -3.18),
  "Central Israel": m(32.0, 34.85),
  "Changhua County, Taiwan": m(24.07, 120.54),
  Chennai: m(13.08, 80.27),
  "Columbus, Ohio": m(39.96, -83.0),
  Copenhagen: m(55.68, 12.57),
  "Council Bluffs, Iowa": m(41.26, -95.86),
  "Dallas, Texas": m(32.78, -96.8),
  Dammam: m(26.43, 50.1),
  Delhi: m(28.61, 77.21),
  Doha: m(25.29, 51.53),
  Dubai: m(25.2, 55.27),
  Dublin: m(53.35, -6.26),
  "Eemshaven, Netherlands": m(53.44, 6.83),
  Frankfurt: m(50.11, 8.68),
  Gavle: m(60.67, 17.14),
  Geneva: m(46.2, 6.14),
  "Hamina, Finland": m(60.57, 27.2),
  "Hong Kong": m(22.32, 114.17),
  Hyderabad: m(17.39, 78.49),
  Illinois: area(36.97, -91.51, 42.51, -87.5),
  Iowa: area(40.38, -96.64, 43.5, -90.14),
  Ireland: area(51.42, -10.48, 55.39, -5.99),
  Jakarta: m(-6.21, 106.85),
  Johannesburg: m(-26.2, 28.05),
  "Jurong West, Singapore": m(1.34, 103.71),
  "Kuala Lumpur": m(3.14, 101.69),
  "Las Vegas, Nevada": m(36.17, -115.14),
  London: m(51.51, -0.13),
  "Los Angeles, California": m(34.05, -118.24),
  Madrid: m(40.42, -3.7),
  Manama: m(26.23, 50.59),
  Marseille: m(43.3, 5.37),
  Melbourne: m(-37.81, 144.96),
  Milan: m(45.46, 9.19),
  "Moncks Corner, South Carolina": m(33.2, -80.01),
  Montreal: m(45.5, -73.57),
  Mumbai: m(19.08, 72.88),
  Netherlands: area(50.75, 3.36, 53.56, 7.23),
  "New South Wales": area(-37.51, 140.99, -28.16, 153.64),
  Osaka: m(34.69, 135.5),
  "Osasco, Sao Paulo": m(-23.53, -46.79),
  Oslo: m(59.91, 10.75),
  Paris: m(48.86, 2.35),
  Phoenix: m(33.45, -112.07),
  Pune: m(18.52, 73.86),
  Quebec: m(46.81, -71.21),
  Queretaro: m(20.59, -100.39),
  "Queretaro State": area(20.01, -100.6, 21.67, -99.04),
  "Rio de Janeiro": m(-22.91, -43.17),
  "Salt Lake City, Utah": m(40.76, -111.89),
  "San Francisco Bay Area, California": m(37.6, -122.1),
  Santiago: m(-33.45, -70.67),
  "Sao Paulo": m(-23.55, -46.63),
  "Sao Paulo State": area(-25.31, -53.11, -19.78, -44.16),
  Seoul: m(37.57, 126.98),
  Singapore: m(1.35, 103.82),
  "St. Ghislain, Belgium": m(50.45, 3.82),
  Stavanger: m(58.97, 5.73),
  Stockholm: m(59.33, 18.07),
  Sydney: m(-33.87, 151.21),
  Taipei: m(25.03, 121.57),
  "Tel Aviv": m(32.09, 34.78),
  Texas: area(25.84, -106.65, 36.5, -93.51),
  "The Dalles, Oregon": m(45.6, -121.18),
  Tokyo: m(35.68, 139.69),
  Toronto: m(43.65, -79.38),
  Turin: m(45.07, 7.69),
  Victoria: area(-39.16, 140.96, -33.98, 149.98),
  Vienna: m(48.21, 16.37),
  Virginia: area(36.54, -83.68, 39.47, -75.24),
  Warsaw: m(52.23, 21.01),
  Washington: area(45.54, -124.85, 49.0, -116.92),
  Wyoming: area(40.99, -111.06, 45.01, -104.05),
  "Zaragoza, Aragon": m(41.65, -0.89),
  Zurich: m(47.37, 8.54),
  // Venues' data centre towns.
  "Mahwah, New Jersey": m(41.09, -74.14),
  "Carteret, New Jersey": m(40.58, -74.23),
  "Secaucus, New Jersey": m(40.79, -74.06),
  "Aurora, Illinois": m(41.76, -88.32),
  Slough: m(51.51, -0.59),
  "Basildon, Essex": m(51.58, 0.49),
  "Ponte San Pietro, Bergamo": m(45.7, 9.58),
  "Tseung Kwan O, Hong Kong": m(22.31, 114.26),
  "Gore Hill, Sydney": m(-33.82, 151.19),
  "Santana de Parnaiba, Sao Paulo": m(-23.44, -46.92),
};

/**
 * How far `p` lies outside its documented location `name`, in km: 0 when inside (within
 * `radiusKm` of a metro's centre, or inside an area's box), else the distance past the edge
 * (for an area, from the nearest point of its box). `undefined` when `name` is not documented.
 */
export function kmOutside(name: string, p: LatLon, radiusKm: number): number | undefined {
  const metro = METROS[name];
  if (metro === undefined) return undefined;
  if (metro.kind === "metro") return Math.max(0, distanceKm(p, metro) - radiusKm);
  const nearest = {
    lat: Math.min(metro.north, Math.max(metro.south, p.lat)),
    lon: Math.min(metro.east, Math.max(metro.west, p.lon)),
  };
  return distanceKm(p, nearest);
}
