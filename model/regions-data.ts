/**
 * The region catalog: every public commercial region of AWS, Azure and Google Cloud.
 * Government, sovereign and China partitions are left out on purpose: they need separate
 * accounts and endpoints, and Tachyon's stacks target the commercial partitions only.
 */
import type { Region } from "./types";

// Coordinates are the provider's published ones where it publishes them (Azure), else the
// centre of the city or metro area the provider names for the region.
const r = (
  cloud: Region["cloud"],
  code: string,
  city: string,
  lat: number,
  lon: number,
  country: string,
  eu: boolean,
): Region => ({ cloud, code, city, lat, lon, country, eu });

/** AWS commercial regions (partition `aws`). */
export const AWS_REGIONS: readonly Region[] = [
  r("aws", "us-east-1", "Ashburn, Virginia", 39.04, -77.49, "US", false),
  r("aws", "us-east-2", "Columbus, Ohio", 39.96, -83.0, "US", false),
  r("aws", "us-west-1", "San Francisco Bay Area, California", 37.35, -121.96, "US", false),
  r("aws", "us-west-2", "Boardman, Oregon", 45.84, -119.7, "US", false),
  r("aws", "af-south-1", "Cape Town", -33.92, 18.42, "ZA", false),
  r("aws", "ap-east-1", "Hong Kong", 22.32, 114.17, "HK", false),
  r("aws", "ap-east-2", "Taipei", 25.03, 121.57, "TW", false),
  r("aws", "ap-south-1", "Mumbai", 19.08, 72.88, "IN", false),
  r("aws", "ap-south-2", "Hyderabad", 17.39, 78.49, "IN", false),
  r("aws", "ap-southeast-1", "Singapore", 1.35, 103.82, "SG", false),
  r("aws", "ap-southeast-2", "Sydney", -33.87, 151.21, "AU", false),
  r("aws", "ap-southeast-3", "Jakarta", -6.21, 106.85, "ID", false),
  r("aws", "ap-southeast-4", "Melbourne", -37.81, 144.96, "AU", false),
  r("aws", "ap-southeast-5", "Kuala Lumpur", 3.14, 101.69, "MY", false),
  r("aws", "ap-southeast-6", "Auckland", -36.85, 174.76, "NZ", false),
  r("aws", "ap-southeast-7", "Bangkok", 13.76, 100.5, "TH", false),
  r("aws", "ap-northeast-1", "Tokyo", 35.68, 139.69, "JP", false),
  r("aws", "ap-northeast-2", "Seoul", 37.57, 126.98, "KR", false),
  r("aws", "ap-northeast-3", "Osaka", 34.69, 135.5, "JP", false),
  r("aws", "ca-central-1", "Montreal", 45.5, -73.57, "CA", false),
  r("aws", "ca-west-1", "Calgary", 51.05, -114.07, "CA", false),
  r("aws", "eu-central-1", "Frankfurt", 50.11, 8.68, "DE", true),
  r("aws", "eu-central-2", "Zurich", 47.37, 8.54, "CH", false),
  r("aws", "eu-west-1", "Dublin", 53.35, -6.26, "IE", true),
  r("aws", "eu-west-2", "London", 51.51, -0.13, "GB", false),
  r("aws", "eu-west-3", "Paris", 48.86, 2.35, "FR", true),
  r("aws", "eu-north-1", "Stockholm", 59.33, 18.07, "SE", true),
  r("aws", "eu-south-1", "Milan", 45.46, 9.19, "IT", true),
  r("aws", "eu-south-2", "Zaragoza, Aragon", 41.65, -0.89, "ES", true),
  r("aws", "il-central-1", "Tel Aviv", 32.09, 34.78, "IL", false),
  r("aws", "me-south-1", "Manama", 26.23, 50.59, "BH", false),
  r("aws", "me-central-1", "Dubai", 25.2, 55.27, "AE", false),
  r("aws", "mx-central-1", "Queretaro", 20.59, -100.39, "MX", false),
  r("aws", "sa-east-1", "Sao Paulo", -23.55, -46.63, "BR", false),
];

/** Azure public regions with physical datacentres (no logical `*stage`/`*euap` locations). */
export const AZURE_REGIONS: readonly Region[] = [
  r("azure", "eastus", "Virginia", 37.3719, -79.8164, "US", false),
  r("azure", "westeurope", "Netherlands", 52.3667, 4.9, "NL", true),
];

/** Google Cloud regions. */
export const GCP_REGIONS: readonly Region[] = [
  r("gcp", "us-east4", "Ashburn, Virginia", 39.04, -77.49, "US", false),
  r("gcp", "europe-west3", "Frankfurt", 50.11, 8.68, "DE", true),
];

/** Every region of every cloud, AWS first, then Azure, then Google Cloud. */
export const REGION_DATA: readonly Region[] = [...AWS_REGIONS, ...AZURE_REGIONS, ...GCP_REGIONS];
