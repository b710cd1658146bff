/**
 * The order-id claims store of a Google Cloud trading site that its workload's database does not
 * serve (`needsSiteClaims`: no database, or one on another cloud): a Spanner instance on the
 * site's regional configuration with one database, created by the site's regional stack. It is
 * built by the same component as the global databases, so it gets their drop and deletion
 * protection, version retention, edition and schema; the `order` function is named it and
 * granted on it as it would be on the workload's database (gcp.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import type { Site, Topology } from "../../model/types";
import { GcpSpannerDatabase } from "../data/gcp-spanner";
import { gcpName } from "../naming/gcp-name";
import { needsSiteClaims } from "./site-claims";
import { spannerSchemaDdl } from "./spanner-schema";

/** The database id of every site's claims store (unique per site through its instance). */
export const SITE_CLAIMS_DATABASE = "claims";

/**
 * Processing units of a site's claims instance: the least the API accepts (multiples of 100
 * from 100, https://cloud.google.com/spanner/docs/compute-capacity); a site's claims are one
 * small row per order.
 */
export const SITE_CLAIMS_PROCESSING_UNITS = 100;

/** The site's claims database: what its `order` function is named and granted. */
export interface GcpSiteClaims {
  readonly instanceName: pulumi.Output<string>;
  readonly databaseName: pulumi.Output<string>;
  readonly config: string;
}

/**
 * Creates the claims store of `site` under `parent` when the site needs one of its own; returns
 * `undefined` (and creates nothing) when the trading workload's database serves the site or the
 * site runs no trading.
 */
export function deployGcpSiteClaims(
  topology: Topology,
  site: Site,
  parent: pulumi.Resource,
): GcpSiteClaims | undefined {
  if (!needsSiteClaims(topology, site)) return undefined;
  const trading = topology.workloads.find((w) => w.kind === "trading");
  if (trading === undefined) return undefined;
  const env = topology.environment;
  const instanceName = gcpName("spanner", env, site.region, "claims");
  const store = new GcpSpannerDatabase(
    "gcp-claims",
    {
      instanceName,
      databaseName: SITE_CLAIMS_DATABASE,
      // One region: the configuration `regional-<region>`.
      regions: [site.region],
      // The rows hold the orders' confirmations: the trading workload's data.
      dataClass: trading.dataClass,
      processingUnits: SITE_CLAIMS_PROCESSING_UNITS,
      // The schema of every Tachyon database, so that the list only ever grows at its end.
      ddls: spannerSchemaDdl(),
      labels: { environment: env },
    },
    { parent },
  );
  return {
    // Carried by the database, so that what reads it (order's settings and grant) depends on the
    // one store it talks to, not on the instance as a second one (the latency policies count
    // each data resource a function depends on as a round trip of its own).
    instanceName: store.databaseName.apply(() => instanceName),
    databaseName: store.databaseName,
    config: store.config,
  };
}
