/**
 * The shared vocabulary of Tachyon: clouds, regions, venues and the validated topology.
 * Pure TypeScript: imported by components, policies, functions' tooling and the CLI alike.
 */

/** A cloud provider Tachyon deploys to. */
export type Cloud = "aws" | "azure" | "gcp";

/** Every cloud, in the order reports list them. */
export const CLOUDS: readonly Cloud[] = ["aws", "azure", "gcp"];

/** Sensitivity of the data a resource holds; carried as the `data-class` tag (GCP: label). */
export type DataClass = "public" | "internal" | "confidential" | "pii";

/** Every data class, least to most sensitive. */
export const DATA_CLASSES: readonly DataClass[] = ["public", "internal", "confidential", "pii"];

/** The most sensitive of the given data classes (`public` for none): a shared stream carries it. */
export function strictestClass(classes: readonly DataClass[]): DataClass {
  return DATA_CLASSES[Math.max(0, ...classes.map((c) => DATA_CLASSES.indexOf(c)))];
}

/** The built-in workloads. */
export type WorkloadKind = "trading" | "fraud" | "portfolio";

/** Every built-in workload. */
export const WORKLOAD_KINDS: readonly WorkloadKind[] = ["trading", "fraud", "portfolio"];

/**
 * The workloads whose functions read the site cache (fraud scoring's hot account features): the
 * only ones a shared cross-region cache (`globalCache`) serves.
 */
export const CACHED_WORKLOADS: readonly WorkloadKind[] = ["fraud"];

/** Tag (GCP: label) keys the policy packs judge resources by (DESIGN.md §5). */
export const TAG_DATA_CLASS = "data-class";
/** Tag carried by latency-critical functions, with the value {@link LATENCY_CRITICAL}. */
export const TAG_LATENCY_CLASS = "latency-class";
/** The `latency-class` value of a latency-critical function. */
export const LATENCY_CRITICAL = "critical";
/** Tag carried by latency-critical functions: the end-to-end budget in whole milliseconds. */
export const TAG_LATENCY_BUDGET = "latency-budget-ms";
/**
 * Tag carried by latency-critical functions: the catalog code of the exchange venue the function
 * serves. Readers compare it case-insensitively, since GCP labels hold lowercase values only.
 */
export const TAG_VENUE = "venue";
/** Tag carried by a function meant to be reachable from the internet, with {@link EXPOSURE_PUBLIC}. */
export const TAG_EXPOSURE = "exposure";
/** The `exposure` value of a function meant to be public. */
export const EXPOSURE_PUBLIC = "public";

/**
 * The tag (label) marking a function reachable from the internet: through the global load
 * balancer on Google Cloud, through Front Door on Azure.
 */
export const EXPOSURE_TAG: Readonly<Record<string, string>> = { [TAG_EXPOSURE]: EXPOSURE_PUBLIC };

/** A public region of a cloud, from the catalog in `model/regions-data.ts`. */
export interface Region {
  readonly cloud: Cloud;
  /** The provider's own region code: `us-east-1`, `westeurope`, `asia-northeast1`. */
  readonly code: string;
  /** The city (or metro area) the region is in or nearest to. */
  readonly city: string;
  readonly lat: number;
  readonly lon: number;
  /** ISO 3166-1 alpha-2 country code. */
  readonly country: string;
  /** Whether the country is a member state of the European Union. */
  readonly eu: boolean;
}

/** An exchange's colocation data centre. */
export interface Venue {
  /** Catalog code: `NYSE`, `NASDAQ`, `CME`, ... */
  readonly code: string;
  /** The exchange's name. */
  readonly name: string;
  /** The colocation data centre (operator and site). */
  readonly datacenter: string;
  readonly city: string;
  readonly lat: number;
  readonly lon: number;
  /** ISO 3166-1 alpha-2 country code. */
  readonly country: string;
}

/** A site id: `<cloud>:<region>`, e.g. `aws:us-east-1`. */
export type SiteId = string;

/** A deployment site of the topology: one region of one cloud. */
export interface Site {
  readonly id: SiteId;
  readonly cloud: Cloud;
  readonly region: string;
  /** The site's private address space; never overlaps another site's. */
  readonly cidr: string;
  /** Exchange colocations this site reaches over Direct Connect / ExpressRoute / Interconnect. */
  readonly venues: readonly string[];
  /** Position in the topology: deployment order, which is also peering order. */
  readonly index: number;
}

/** A built-in workload's placement and targets. */
export interface Workload {
  readonly kind: WorkloadKind;
  readonly sites: readonly SiteId[];
  /** Warm instances per latency-critical function per site. */
  readonly warmInstances: number;
  /** End-to-end p99.9 target in milliseconds. */
  readonly latencyBudgetMs: number;
  readonly dataClass: DataClass;
  /** The global database the workload reads and writes, if any. */
  readonly database?: string;
  /** Memory per function in MB; the config parser always sets it (default per workload). */
  readonly memoryMb?: number;
  /**
   * Whether the workload's AWS sites share one ElastiCache Global Datastore: the first AWS site
   * of the workload holds the writable primary, its later AWS sites hold read replicas of it.
   */
  readonly globalCache?: boolean;
}

/** A global database spanning sites of one cloud. */
export interface Database {
  readonly name: string;
  readonly cloud: Cloud;
  readonly sites: readonly SiteId[];
  readonly dataClass: DataClass;
}

/** MTUs a Direct Connect private virtual interface accepts: standard and jumbo frames. */
export const PRIVATE_VIF_MTUS = [1500, 9001] as const;

/** Direct Connect settings of the topology. */
export interface DirectConnect {
  readonly connectionId: string;
  readonly amazonSideAsn: number;
  /**
   * VLAN of the private virtual interface on the connection (1-4094); with `customerAsn` it makes
   * the global stack create the interface, attached to the Direct Connect gateway.
   */
  readonly vlan?: number;
  /** BGP ASN of the customer's router at the colocation. */
  readonly customerAsn?: number;
  /** Amazon's BGP peer address, CIDR notation (`169.254.255.1/30`); set with `customerAddress`. */
  readonly amazonAddress?: string;
  /** The customer router's BGP peer address in the same /30 or /31 as `amazonAddress`. */
  readonly customerAddress?: string;
  /** Interface MTU: 1500, or 9001 for jumbo frames. Absent means 1500. */
  readonly mtu?: (typeof PRIVATE_VIF_MTUS)[number];
}

/** The validated `tachyon:topology` of a global stack. */
export interface Topology {
  readonly environment: string;
  readonly sites: readonly Site[];
  readonly workloads: readonly Workload[];
  readonly databases: readonly Database[];
  /** Data class -> allowed jurisdictions (ISO country codes, or `EU`). Absent classes are unrestricted. */
  readonly residency: Readonly<Partial<Record<DataClass, readonly string[]>>>;
  readonly dns: { readonly domain: string };
  readonly directConnect?: DirectConnect;
}

/** Splits a site id into cloud and region; the caller has validated it. */
export function parseSiteId(id: SiteId): { cloud: Cloud; region: string } {
  const i = id.indexOf(":");
  return { cloud: id.slice(0, i) as Cloud, region: id.slice(i + 1) };
}
