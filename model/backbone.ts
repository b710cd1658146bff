/**
 * The backbone graph of the latency model: the main interconnection metros and the published
 * terrestrial and submarine routes between them. A route is drawn as the great circle between
 * its two metros; the fitted route inflations of `latency.ts` cover the difference, one for
 * terrestrial routes (fibre along roads and railways) and one for submarine cables, which run
 * closer to the great circle. Every place attaches to its nearest metro (and to the next one
 * within 1,000 km); the fibre path between two places is the shortest way through the graph,
 * never shorter than the great circle.
 *
 * Routes (named for the cable systems or long-haul corridors that carry them): North American
 * long-haul fibre between the metros listed; transatlantic New York–London and New York–Dublin
 * (the AC/Hibernia/Havfrue systems), Virginia Beach–Bilbao (MAREA, here Ashburn–Madrid) and
 * Virginia Beach–France (Dunant, here Ashburn–Paris); European terrestrial rings; Marseille–Suez–
 * Jeddah–Djibouti–Mumbai and on to Chennai and Singapore (SEA-ME-WE, AAE-1), Marseille–Tel Aviv;
 * the Gulf via Mumbai and Jeddah; Singapore–Hong Kong–Taipei–Tokyo, Hong Kong–Seoul (APG),
 * Seoul–Osaka–Tokyo; Singapore–Perth–Sydney (Indigo), Sydney–Tokyo (Australia–Japan Cable),
 * Sydney–Auckland–Hawaii–Los Angeles (Southern Cross); Tokyo–Seattle and Tokyo–San Jose
 * (Unity, Jupiter, FASTER), Hong Kong–Los Angeles (PLCN/APG-class routes); Miami–Fortaleza–
 * São Paulo and on to Santiago (Monet, Seabras); West Africa: Cape Town–Lagos–Lisbon (WACS,
 * Equiano); East Africa: Johannesburg–Mombasa–Djibouti and Mombasa–Mumbai (EASSy, SEACOM).
 * Left out on purpose: South Atlantic (SACS) and Brazil–Europe (EllaLink) routes. The three
 * providers' published figures show their traffic does not take them (Azure southafricawest–
 * brazilsouth 318 ms, AWS af-south-1–sa-east-1 337 ms over 6,300 km; Azure westeurope–
 * brazilsouth 185 ms and IBM London–São Paulo 186 ms over 9,500–9,800 km).
 */
import { distanceKm, type LatLon } from "./geo";

/** A backbone metro: an interconnection hub. */
export interface Hub extends LatLon {
  readonly code: string;
  readonly city: string;
}

const hub = (code: string, city: string, lat: number, lon: number): Hub => ({
  code,
  city,
  lat,
  lon,
});

/** The backbone metros. */
export const HUBS: readonly Hub[] = [
  hub("ASH", "Ashburn", 39.04, -77.49),
  hub("NYC", "New York", 40.71, -74.0),
  hub("CHI", "Chicago", 41.88, -87.63),
  hub("DAL", "Dallas", 32.78, -96.8),
  hub("ATL", "Atlanta", 33.75, -84.39),
  hub("MIA", "Miami", 25.76, -80.19),
  hub("DEN", "Denver", 39.74, -104.99),
  hub("LAX", "Los Angeles", 34.05, -118.24),
  hub("SJC", "San Jose", 37.34, -121.89),
  hub("SEA", "Seattle", 47.61, -122.33),
  hub("TOR", "Toronto", 43.65, -79.38),
  hub("MTL", "Montreal", 45.5, -73.57),
  hub("QRO", "Querétaro", 20.59, -100.39),
  hub("FOR", "Fortaleza", -3.73, -38.52),
  hub("SAO", "São Paulo", -23.55, -46.63),
  hub("SCL", "Santiago", -33.45, -70.67),
  hub("LON", "London", 51.51, -0.13),
  hub("DUB", "Dublin", 53.35, -6.26),
  hub("AMS", "Amsterdam", 52.37, 4.9),
  hub("FRA", "Frankfurt", 50.11, 8.68),
  hub("PAR", "Paris", 48.86, 2.35),
  hub("MRS", "Marseille", 43.3, 5.37),
  hub("MAD", "Madrid", 40.42, -3.7),
  hub("LIS", "Lisbon", 38.72, -9.14),
  hub("MIL", "Milan", 45.46, 9.19),
  hub("ZRH", "Zurich", 47.37, 8.54),
  hub("STO", "Stockholm", 59.33, 18.07),
  hub("WAW", "Warsaw", 52.23, 21.01),
  hub("BER", "Berlin", 52.52, 13.4),
  hub("VIE", "Vienna", 48.21, 16.37),
  hub("TLV", "Tel Aviv", 32.08, 34.78),
  hub("SUZ", "Suez", 30.0, 32.55),
  hub("JED", "Jeddah", 21.49, 39.19),
  hub("DJI", "Djibouti", 11.59, 43.15),
  hub("DXB", "Dubai", 25.2, 55.27),
  hub("BOM", "Mumbai", 19.08, 72.88),
  hub("MAA", "Chennai", 13.08, 80.27),
  hub("SIN", "Singapore", 1.35, 103.82),
  hub("JKT", "Jakarta", -6.2, 106.85),
  hub("HKG", "Hong Kong", 22.32, 114.17),
  hub("TPE", "Taipei", 25.03, 121.57),
  hub("TYO", "Tokyo", 35.68, 139.69),
  hub("OSA", "Osaka", 34.69, 135.5),
  hub("SEL", "Seoul", 37.57, 126.98),
  hub("SYD", "Sydney", -33.87, 151.21),
  hub("MEL", "Melbourne", -37.81, 144.96),
  hub("PER", "Perth", -31.95, 115.86),
  hub("AKL", "Auckland", -36.85, 174.76),
  hub("JNB", "Johannesburg", -26.2, 28.05),
  hub("CPT", "Cape Town", -33.92, 18.42),
  hub("MBA", "Mombasa", -4.04, 39.67),
  hub("LOS", "Lagos", 6.52, 3.38),
  hub("BKK", "Bangkok", 13.76, 100.5),
  hub("KUL", "Kuala Lumpur", 3.14, 101.69),
  hub("HNL", "Honolulu", 21.31, -157.86),
];

const pairs = (routes: string): (readonly [string, string])[] =>
  routes.split(" ").map((r) => r.split("-") as [string, string]);

/**
 * Routes over land (and short sea crossings carried with land routes, e.g. the Channel): long-haul
 * terrestrial fibre, which follows roads and railways and so bends more than a submarine cable.
 */
export const TERRESTRIAL_ROUTES: readonly (readonly [string, string])[] = pairs(
  // North America
  "ASH-NYC ASH-ATL ASH-CHI NYC-CHI TOR-CHI TOR-MTL MTL-NYC NYC-TOR CHI-DEN DEN-SJC CHI-SEA " +
    "SEA-SJC SJC-LAX LAX-DAL DAL-ATL DAL-CHI ATL-MIA DAL-QRO DEN-DAL " +
    // Europe
    "LON-AMS LON-PAR AMS-FRA PAR-FRA FRA-ZRH ZRH-MIL PAR-MRS MRS-MIL PAR-MAD MAD-LIS AMS-STO " +
    "FRA-WAW FRA-VIE VIE-MIL FRA-BER BER-WAW AMS-BER BER-STO " +
    // Middle East, Asia, Oceania, South America, Africa
    "SUZ-TLV JED-DXB BOM-MAA SIN-KUL KUL-BKK TYO-OSA PER-SYD SYD-MEL SAO-SCL CPT-JNB JNB-MBA",
);

/**
 * Routes over submarine cable: transatlantic (AC, Hibernia, Havfrue; MAREA to Bilbao, here
 * Ashburn–Madrid; Dunant, Ashburn–Paris), the Irish Sea and the Baltic, the Mediterranean, Red
 * Sea and Arabian Sea (SEA-ME-WE, AAE-1), Asia's coastal and intra-Asia systems, the
 * transpacific and Oceania systems, the Americas' Atlantic coast and West and East Africa.
 */
export const SUBMARINE_ROUTES: readonly (readonly [string, string])[] = pairs(
  "NYC-LON ASH-PAR ASH-MAD NYC-DUB LON-DUB STO-WAW " +
    "MRS-SUZ MRS-TLV SUZ-JED JED-DJI DJI-BOM DJI-MBA BOM-DXB " +
    "MAA-SIN SIN-JKT SIN-HKG HKG-TPE TPE-TYO HKG-TYO OSA-SEL SEL-TYO SIN-PER SYD-AKL SYD-TYO " +
    "SEL-HKG TYO-SEA TYO-SJC HKG-LAX SYD-HNL HNL-LAX AKL-HNL " +
    "MIA-FOR FOR-SAO CPT-LOS LOS-LIS MBA-BOM",
);

/** Every route between metros, by hub code: the terrestrial ones, then the submarine ones. */
export const ROUTES: readonly (readonly [string, string])[] = [
  ...TERRESTRIAL_ROUTES,
  ...SUBMARINE_ROUTES,
];

/** Places closer than this are joined by metro fibre, not through the graph. */
export const DIRECT_KM = 100;

/** How many nearest metros a place may attach to. */
const ATTACH = 2;

/**
 * How far a place's regional backhaul reaches a second metro, in km. Attachments are
 * terrestrial, so a farther second metro (Auckland to Sydney, 2,155 km of sea) is reached only
 * through the place's own metro and the backbone's routes, which know what is submarine.
 */
export const ATTACH_KM = 1000;

/** A fibre path: its length and how much of it is submarine cable, in km. */
export interface FibrePath {
  readonly km: number;
  readonly seaKm: number;
}

/**
 * All-pairs shortest fibre paths between hubs (Floyd–Warshall over {@link ROUTES}), each with
 * the submarine km along it.
 */
const SHORTEST: readonly (readonly FibrePath[])[] = (() => {
  const index = new Map(HUBS.map((h, i) => [h.code, i]));
  const submarine = new Set(SUBMARINE_ROUTES.map(([a, b]) => `${a}-${b}`));
  const d = HUBS.map((_, i) => HUBS.map((__, j) => (i === j ? 0 : Infinity)));
  const sea = HUBS.map(() => HUBS.map(() => 0));
  for (const [a, b] of ROUTES) {
    const i = index.get(a);
    const j = index.get(b);
    if (i === undefined || j === undefined) {
      throw new Error(`backbone route ${a}-${b}: unknown hub. Fix model/backbone.ts.`);
    }
    d[i][j] = d[j][i] = distanceKm(HUBS[i], HUBS[j]);
    sea[i][j] = sea[j][i] = submarine.has(`${a}-${b}`) ? d[i][j] : 0;
  }
  const n = HUBS.length;
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (d[i][k] + d[k][j] < d[i][j]) {
          d[i][j] = d[i][k] + d[k][j];
          sea[i][j] = sea[i][k] + sea[k][j];
        }
      }
    }
  }
  // Sums in a different order can differ in the last bit: keep the matrix exactly symmetric.
  return d.map((row, i) =>
    row.map((km, j) =>
      d[j][i] < km ? { km: d[j][i], seaKm: sea[j][i] } : { km, seaKm: sea[i][j] },
    ),
  );
})();

/** The nearest hub of a point and the second nearest within {@link ATTACH_KM}, with distances. */
function nearestHubs(p: LatLon): { i: number; km: number }[] {
  return HUBS.map((h, i) => ({ i, km: distanceKm(p, h) }))
    .sort((x, y) => x.km - y.km)
    .slice(0, ATTACH)
    .filter((h, k) => k === 0 || h.km <= ATTACH_KM);
}

/**
 * The fibre path between two points: the great circle over metro fibre within
 * {@link DIRECT_KM}, else the shortest way through the backbone (terrestrial attachment +
 * routes + attachment), never shorter than the great circle.
 */
export function fibrePath(a: LatLon, b: LatLon): FibrePath {
  const direct = distanceKm(a, b);
  if (direct <= DIRECT_KM) return { km: direct, seaKm: 0 };
  let best: FibrePath = { km: Infinity, seaKm: 0 };
  for (const x of nearestHubs(a)) {
    for (const y of nearestHubs(b)) {
      const via = SHORTEST[x.i][y.i];
      const km = via.km + (x.km + y.km);
      if (km < best.km) best = { km, seaKm: via.seaKm };
    }
  }
  // A graph shorter than the great circle (two places beside one hub) is stretched to it.
  return best.km >= direct ? best : { km: direct, seaKm: (best.seaKm * direct) / best.km };
}

/** Fibre path length in km between two points ({@link fibrePath}). */
export function pathKm(a: LatLon, b: LatLon): number {
  return fibrePath(a, b).km;
}
