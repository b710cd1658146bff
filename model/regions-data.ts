/**
 * The region catalog: every public commercial region of AWS, Azure and Google Cloud.
 *
 * Sources:
 * - AWS: the `Region` enum of @pulumi/aws 7.48 (`types/enums`), commercial partition `aws` only,
 *   cross-checked with the AWS "Regions and Availability Zones" list (34 regions). Coordinates:
 *   the city or metro area AWS names for each region (AWS publishes no coordinates).
 * - Azure: `az account list-locations` (Microsoft.Resources/locations) — `name`,
 *   `metadata.latitude`/`longitude`, `metadata.physicalLocation`, `regionType: Physical` — the
 *   56 generally available public regions. Left out: canary/stage locations (`*euap`, `*stg`) and
 *   restricted-access regions (Jio India Central/West, Sweden South, Israel Northwest, Malaysia
 *   South, Taiwan North/Northwest). Two published coordinates are corrected, see below.
 * - Google Cloud: the "Geography and regions" / locations pages (cloud.google.com), region name
 *   and the location Google gives for it (43 regions). Coordinates: that town or city.
 *
 * Government, sovereign and China partitions (AWS GovCloud, China and European Sovereign Cloud;
 * Azure Government and China) are left out on purpose: they need separate accounts and
 * endpoints, and Tachyon's stacks target the commercial partitions only.
 */
import type { Region } from "./types";

type Row = readonly [code: string, city: string, lat: number, lon: number, country: string];

// Kept here rather than imported from jurisdictions.ts so that the data file stands alone.
const EU_MEMBERS = new Set(
  "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split(" "),
);

const build = (cloud: Region["cloud"], rows: readonly Row[]): readonly Region[] =>
  rows.map(([code, city, lat, lon, country]) => ({
    cloud,
    code,
    city,
    lat,
    lon,
    country,
    eu: EU_MEMBERS.has(country),
  }));

/** AWS commercial regions (partition `aws`). */
export const AWS_REGIONS: readonly Region[] = build("aws", [
  ["us-east-1", "Ashburn, Virginia", 39.04, -77.49, "US"],
  ["us-east-2", "Columbus, Ohio", 39.96, -83.0, "US"],
  ["us-west-1", "San Francisco Bay Area, California", 37.35, -121.96, "US"],
  ["us-west-2", "Boardman, Oregon", 45.84, -119.7, "US"],
  ["af-south-1", "Cape Town", -33.92, 18.42, "ZA"],
  ["ap-east-1", "Hong Kong", 22.32, 114.17, "HK"],
  ["ap-east-2", "Taipei", 25.03, 121.57, "TW"],
  ["ap-south-1", "Mumbai", 19.08, 72.88, "IN"],
  ["ap-south-2", "Hyderabad", 17.39, 78.49, "IN"],
  ["ap-southeast-1", "Singapore", 1.35, 103.82, "SG"],
  ["ap-southeast-2", "Sydney", -33.87, 151.21, "AU"],
  ["ap-southeast-3", "Jakarta", -6.21, 106.85, "ID"],
  ["ap-southeast-4", "Melbourne", -37.81, 144.96, "AU"],
  ["ap-southeast-5", "Kuala Lumpur", 3.14, 101.69, "MY"],
  ["ap-southeast-6", "Auckland", -36.85, 174.76, "NZ"],
  ["ap-southeast-7", "Bangkok", 13.76, 100.5, "TH"],
  ["ap-northeast-1", "Tokyo", 35.68, 139.69, "JP"],
  ["ap-northeast-2", "Seoul", 37.57, 126.98, "KR"],
  ["ap-northeast-3", "Osaka", 34.69, 135.5, "JP"],
  ["ca-central-1", "Montreal", 45.5, -73.57, "CA"],
  ["ca-west-1", "Calgary", 51.05, -114.07, "CA"],
  ["eu-central-1", "Frankfurt", 50.11, 8.68, "DE"],
  ["eu-central-2", "Zurich", 47.37, 8.54, "CH"],
  ["eu-west-1", "Dublin", 53.35, -6.26, "IE"],
  ["eu-west-2", "London", 51.51, -0.13, "GB"],
  ["eu-west-3", "Paris", 48.86, 2.35, "FR"],
  ["eu-north-1", "Stockholm", 59.33, 18.07, "SE"],
  ["eu-south-1", "Milan", 45.46, 9.19, "IT"],
  ["eu-south-2", "Zaragoza, Aragon", 41.65, -0.89, "ES"],
  ["il-central-1", "Tel Aviv", 32.09, 34.78, "IL"],
  ["me-south-1", "Manama", 26.23, 50.59, "BH"],
  ["me-central-1", "Dubai", 25.2, 55.27, "AE"],
  ["mx-central-1", "Queretaro", 20.59, -100.39, "MX"],
  ["sa-east-1", "Sao Paulo", -23.55, -46.63, "BR"],
]);

/**
 * Azure public regions with their published coordinates, each checked against its published
 * `physicalLocation` (`metros.ts`). Corrections: `israelcentral` is published at 31.27,33.45
 * (the sea off Sinai), placed here in central Israel; `spaincentral` is published at
 * 40.43,+3.42 (the Mediterranean), its longitude sign flipped to the Madrid metro area it
 * serves. Six more published coordinates lie far from the physicalLocation given beside them
 * and are placed at that city's centre instead: `francecentral` "Paris" (published 46.38,2.37,
 * 216 km south of Paris), `francesouth` "Marseille" (43.83,2.20, near Albi, 200 km west),
 * `germanynorth` "Berlin" (53.07,8.81, which is Bremen), `uksouth` "London" (50.94,-0.80, West
 * Sussex), `ukwest` "Cardiff" (53.43,-3.08, the Wirral, 215 km north) and `westcentralus`
 * "Wyoming" (40.89,-110.23, which is in Utah; placed at Cheyenne, Microsoft's Wyoming data
 * centre campus). `denmarkeast` has no coordinate in the cited list: Copenhagen.
 */
export const AZURE_REGIONS: readonly Region[] = build("azure", [
  ["australiacentral", "Canberra", -35.3075, 149.1244, "AU"],
  ["australiacentral2", "Canberra", -35.3075, 149.1244, "AU"],
  ["australiaeast", "New South Wales", -33.86, 151.2094, "AU"],
  ["australiasoutheast", "Victoria", -37.8136, 144.9631, "AU"],
  ["austriaeast", "Vienna", 48.2092056, 16.3727779, "AT"],
  ["belgiumcentral", "Brussels", 50.84553528, 4.355707169, "BE"],
  ["brazilsouth", "Sao Paulo State", -23.55, -46.633, "BR"],
  ["brazilsoutheast", "Rio de Janeiro", -22.90278, -43.2075, "BR"],
  ["canadacentral", "Toronto", 43.653, -79.383, "CA"],
  ["canadaeast", "Quebec", 46.817, -71.217, "CA"],
  ["centralindia", "Pune", 18.5822, 73.9197, "IN"],
  ["centralus", "Iowa", 41.5908, -93.6208, "US"],
  ["chilecentral", "Santiago", -33.447487, -70.673676, "CL"],
  ["denmarkeast", "Copenhagen", 55.68, 12.57, "DK"],
  ["eastasia", "Hong Kong", 22.267, 114.188, "HK"],
  ["eastus", "Virginia", 37.3719, -79.8164, "US"],
  ["eastus2", "Virginia", 36.6681, -78.3889, "US"],
  ["francecentral", "Paris", 48.86, 2.35, "FR"],
  ["francesouth", "Marseille", 43.3, 5.37, "FR"],
  ["germanynorth", "Berlin", 52.52, 13.4, "DE"],
  ["germanywestcentral", "Frankfurt", 50.110924, 8.682127, "DE"],
  ["indonesiacentral", "Jakarta", -6.2, 106.816666, "ID"],
  ["israelcentral", "Central Israel", 31.95, 34.8, "IL"],
  ["italynorth", "Milan", 45.46888, 9.18109, "IT"],
  ["japaneast", "Tokyo", 35.68, 139.77, "JP"],
  ["japanwest", "Osaka", 34.6939, 135.5022, "JP"],
  ["koreacentral", "Seoul", 37.5665, 126.978, "KR"],
  ["koreasouth", "Busan", 35.1796, 129.0756, "KR"],
  ["malaysiawest", "Kuala Lumpur", 3.140853, 101.693207, "MY"],
  ["mexicocentral", "Queretaro State", 20.588818, -100.389888, "MX"],
  ["newzealandnorth", "Auckland", -36.84853, 174.76349, "NZ"],
  ["northcentralus", "Illinois", 41.8819, -87.6278, "US"],
  ["northeurope", "Ireland", 53.3478, -6.2597, "IE"],
  ["norwayeast", "Oslo", 59.913868, 10.752245, "NO"],
  ["norwaywest", "Stavanger", 58.969975, 5.733107, "NO"],
  ["polandcentral", "Warsaw", 52.23334, 21.01666, "PL"],
  ["qatarcentral", "Doha", 25.551462, 51.439327, "QA"],
  ["southafricanorth", "Johannesburg", -25.73134, 28.21837, "ZA"],
  ["southafricawest", "Cape Town", -34.075691, 18.843266, "ZA"],
  ["southcentralus", "Texas", 29.4167, -98.5, "US"],
  ["southeastasia", "Singapore", 1.283, 103.833, "SG"],
  ["southindia", "Chennai", 12.9822, 80.1636, "IN"],
  ["spaincentral", "Madrid", 40.4259, -3.4209, "ES"],
  ["swedencentral", "Gavle", 60.67488, 17.14127, "SE"],
  ["switzerlandnorth", "Zurich", 47.451542, 8.564572, "CH"],
  ["switzerlandwest", "Geneva", 46.204391, 6.143158, "CH"],
  ["uaecentral", "Abu Dhabi", 24.466667, 54.366669, "AE"],
  ["uaenorth", "Dubai", 25.266666, 55.316666, "AE"],
  ["uksouth", "London", 51.51, -0.13, "GB"],
  ["ukwest", "Cardiff", 51.48, -3.18, "GB"],
  ["westcentralus", "Wyoming", 41.14, -104.82, "US"],
  ["westeurope", "Netherlands", 52.3667, 4.9, "NL"],
  ["westindia", "Mumbai", 19.088, 72.868, "IN"],
  ["westus", "California", 37.783, -122.417, "US"],
  ["westus2", "Washington", 47.233, -119.852, "US"],
  ["westus3", "Phoenix", 33.448376, -112.074036, "US"],
]);

/** Google Cloud regions. */
export const GCP_REGIONS: readonly Region[] = build("gcp", [
  ["africa-south1", "Johannesburg", -26.2, 28.05, "ZA"],
  ["asia-east1", "Changhua County, Taiwan", 24.05, 120.52, "TW"],
  ["asia-east2", "Hong Kong", 22.32, 114.17, "HK"],
  ["asia-northeast1", "Tokyo", 35.68, 139.69, "JP"],
  ["asia-northeast2", "Osaka", 34.69, 135.5, "JP"],
  ["asia-northeast3", "Seoul", 37.57, 126.98, "KR"],
  ["asia-south1", "Mumbai", 19.08, 72.88, "IN"],
  ["asia-south2", "Delhi", 28.61, 77.21, "IN"],
  ["asia-southeast1", "Jurong West, Singapore", 1.34, 103.71, "SG"],
  ["asia-southeast2", "Jakarta", -6.21, 106.85, "ID"],
  ["asia-southeast3", "Bangkok", 13.76, 100.5, "TH"],
  ["australia-southeast1", "Sydney", -33.87, 151.21, "AU"],
  ["australia-southeast2", "Melbourne", -37.81, 144.96, "AU"],
  ["europe-central2", "Warsaw", 52.23, 21.01, "PL"],
  ["europe-north1", "Hamina, Finland", 60.57, 27.2, "FI"],
  ["europe-north2", "Stockholm", 59.33, 18.07, "SE"],
  ["europe-southwest1", "Madrid", 40.42, -3.7, "ES"],
  ["europe-west1", "St. Ghislain, Belgium", 50.45, 3.82, "BE"],
  ["europe-west2", "London", 51.51, -0.13, "GB"],
  ["europe-west3", "Frankfurt", 50.11, 8.68, "DE"],
  ["europe-west4", "Eemshaven, Netherlands", 53.44, 6.83, "NL"],
  ["europe-west6", "Zurich", 47.37, 8.54, "CH"],
  ["europe-west8", "Milan", 45.46, 9.19, "IT"],
  ["europe-west9", "Paris", 48.86, 2.35, "FR"],
  ["europe-west10", "Berlin", 52.52, 13.4, "DE"],
  ["europe-west12", "Turin", 45.07, 7.69, "IT"],
  ["me-central1", "Doha", 25.29, 51.53, "QA"],
  ["me-central2", "Dammam", 26.43, 50.1, "SA"],
  ["me-west1", "Tel Aviv", 32.09, 34.78, "IL"],
  ["northamerica-northeast1", "Montreal", 45.5, -73.57, "CA"],
  ["northamerica-northeast2", "Toronto", 43.65, -79.38, "CA"],
  ["northamerica-south1", "Queretaro", 20.59, -100.39, "MX"],
  ["southamerica-east1", "Osasco, Sao Paulo", -23.53, -46.79, "BR"],
  ["southamerica-west1", "Santiago", -33.45, -70.67, "CL"],
  ["us-central1", "Council Bluffs, Iowa", 41.26, -95.86, "US"],
  ["us-east1", "Moncks Corner, South Carolina", 33.2, -80.01, "US"],
  ["us-east4", "Ashburn, Virginia", 39.04, -77.49, "US"],
  ["us-east5", "Columbus, Ohio", 39.96, -83.0, "US"],
  ["us-south1", "Dallas, Texas", 32.78, -96.8, "US"],
  ["us-west1", "The Dalles, Oregon", 45.59, -121.18, "US"],
  ["us-west2", "Los Angeles, California", 34.05, -118.24, "US"],
  ["us-west3", "Salt Lake City, Utah", 40.76, -111.89, "US"],
  ["us-west4", "Las Vegas, Nevada", 36.17, -115.14, "US"],
]);

/** Every region of every cloud, AWS first, then Azure, then Google Cloud. */
export const REGION_DATA: readonly Region[] = [...AWS_REGIONS, ...AZURE_REGIONS, ...GCP_REGIONS];
