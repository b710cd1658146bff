/**
 * The store of a Google Cloud site for what its workloads' databases do not serve there: the
 * trading workload's order-id claims (`needsSiteClaims`: no database, or one on another cloud)
 * and the state of the portfolio and fraud workloads whose named database is on another cloud
 * (`siteStateWorkloads`). It is a Spanner instance on the site's regional configuration with one
 * database, created by the site's regional stack. It is built by the same component as the global
 * databases, so it gets their drop and deletion protection, version retention, edition and
 * schema (every workload's tables); each workload's Spanner client is named it and granted on it
 * as it would be on the workload's database (gcp.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import type { Site, Topology, WorkloadKind } from "../../model/types";
import { GcpSpannerDatabase } from "../data/gcp-spanner";
import { gcpName } from "../naming/gcp-name";
import { siteStoreDataClass, siteStoreWorkloads } from "./site-stores";
import { spannerSchemaDdl } from "./spanner-schema";

/**
 * The database id of every site's store, and the last part of its instance name (unique per site
 * through the instance, `tachyon-<env>-<region>-site` cut to Spanner's 30 characters).
 */
export const SITE_STORE_DATABASE = "site";

/**
 * Processing units of a site's store instance: the least the API accepts (multiples of 100 from
 * 100, https://cloud.google.com/spanner/docs/compute-capacity); a tenth of a regional node's
 * peak of 22,500 reads or 3,500 writes per second (https://cloud.google.com/spanner/docs/performance).
 */
export const SITE_STORE_PROCESSING_UNITS = 100;

/** The site's store: what the functions of {@link GcpSiteStore.workloads} are named and granted. */
export interface GcpSiteStore {
  readonly instanceName: pulumi.Output<string>;
  readonly databaseName: pulumi.Output<string>;
  readonly config: string;
  /** The workloads whose database the store stands in for at this site, in topology order. */
  readonly workloads: readonly WorkloadKind[];
}

/**
 * Creates the store of `site` under `parent` when one of its workloads needs it; returns
 * `undefined` (and creates nothing) when the workloads' databases serve the site.
 */
export function deployGcpSiteStore(
  topology: Topology,
  site: Site,
  parent: pulumi.Resource,
): GcpSiteStore | undefined {
  const workloads = siteStoreWorkloads(topology, site);
  if (workloads.length === 0) return undefined;
  const env = topology.environment;
  const instanceName = gcpName("spanner", env, site.region, SITE_STORE_DATABASE);
  const store = new GcpSpannerDatabase(
    "gcp-site-store",
    {
      instanceName,
      databaseName: SITE_STORE_DATABASE,
      // One region: the configuration `regional-<region>`.
      regions: [site.region],
      // The rows hold the data of every workload that uses the store; residency judges the class.
      dataClass: siteStoreDataClass(topology, workloads),
      processingUnits: SITE_STORE_PROCESSING_UNITS,
      // The schema of every Tachyon database, so that the list only ever grows at its end.
      ddls: spannerSchemaDdl(),
      labels: { environment: env },
    },
    { parent },
  );
  return {
    instanceName: store.instanceName,
    databaseName: store.databaseName,
    config: store.config,
    workloads,
  };
}
