/**
 * The Google Cloud service APIs a stack enables, derived from what it deploys. On a new project
 * most APIs are disabled, and the first `pulumi up` would fail half-way through the stack with
 * `Error 403: <X> API has not been used in project ... before or it is disabled`. So each stack
 * that creates Google Cloud resources enables, in the project it deploys to (its provider's
 * `gcp:project`), exactly the APIs its own resources need, and every Google Cloud resource of the
 * stack waits for them (access/gcp-service-gate.ts). The Service Usage API, through which APIs are
 * enabled, must be enabled already (docs/deployment-notes.md).
 */
import * as pulumi from "@pulumi/pulumi";
import * as projects from "@pulumi/gcp/projects";
import { functionsOf } from "../../functions/catalog";
import type { RegionalOptions } from "../../model/config-regional";
import type { Site, Topology } from "../../model/types";
import { gateGcpResources } from "../access/gcp-service-gate";
import { siteStoreWorkloads } from "./site-stores";

/** What a stack may deploy on Google Cloud: the keys of {@link GCP_SERVICES}. */
export type GcpDeployable =
  | "global-network"
  | "google-apis-endpoint"
  | "spanner"
  | "load-balancer"
  | "site-network"
  | "interconnect"
  | "function-sources"
  | "function-build"
  | "functions"
  | "pubsub"
  | "alerts";

/** The service APIs each deployable's resources call, as the provider creates them. */
export const GCP_SERVICES: Readonly<Record<GcpDeployable, readonly string[]>> = {
  // The global VPC (compute.Network).
  "global-network": ["compute.googleapis.com"],
  // A Private Service Connect endpoint for Google APIs needs the Compute Engine, Service Directory
  // and Cloud DNS APIs (https://cloud.google.com/vpc/docs/configure-private-service-connect-apis),
  // and its private googleapis.com zone is Cloud DNS.
  "google-apis-endpoint": [
    "compute.googleapis.com",
    "dns.googleapis.com",
    "servicedirectory.googleapis.com",
  ],
  // Spanner instances and databases, and the functions' grants on them.
  spanner: ["spanner.googleapis.com"],
  // Global address, Cloud Armor policy, serverless NEGs, backend services, URL map, managed
  // certificates, SSL policy, proxy and forwarding rule: all Compute Engine resources.
  "load-balancer": ["compute.googleapis.com"],
  // The site's subnet of the global VPC.
  "site-network": ["compute.googleapis.com"],
  // Cloud Router and VLAN attachment.
  interconnect: ["compute.googleapis.com"],
  // The site's source bucket.
  "function-sources": ["storage.googleapis.com"],
  // Image repository, build identity, its grants on the bucket and the repository, and its
  // project-level log writer grant, which the provider sets through the Cloud Resource Manager
  // API (https://cloud.google.com/resource-manager/reference/rest/v1/projects/setIamPolicy).
  "function-build": [
    "artifactregistry.googleapis.com",
    "cloudresourcemanager.googleapis.com",
    "iam.googleapis.com",
    "storage.googleapis.com",
  ],
  // Cloud Functions v2 builds with Cloud Build, keeps images in Artifact Registry, runs on Cloud
  // Run and logs to Cloud Logging (https://cloud.google.com/run/docs/deploy-functions, "Before
  // you begin"); each function has a service account of its own and a source object. Pub/Sub
  // pushes to the functions' URLs, so no Eventarc trigger is created.
  functions: [
    "artifactregistry.googleapis.com",
    "cloudbuild.googleapis.com",
    "cloudfunctions.googleapis.com",
    "iam.googleapis.com",
    "logging.googleapis.com",
    "run.googleapis.com",
    "storage.googleapis.com",
  ],
  // Market-data and signal topics, subscriptions, dead letters, and the push identity.
  pubsub: ["iam.googleapis.com", "pubsub.googleapis.com"],
  // Notification channel and alert policies.
  alerts: ["monitoring.googleapis.com"],
};

/** What the global stack deploys on Google Cloud, in the order `deployGcpGlobal` creates it. */
export function gcpGlobalDeployables(topology: Topology): GcpDeployable[] {
  const gcpSites = topology.sites.filter((s) => s.cloud === "gcp").map((s) => s.id);
  if (gcpSites.length === 0) return [];
  const out: GcpDeployable[] = ["global-network", "google-apis-endpoint"];
  if (topology.databases.some((d) => d.cloud === "gcp")) out.push("spanner");
  const servesHttp = topology.workloads.some(
    (w) =>
      w.sites.some((id) => gcpSites.includes(id)) &&
      functionsOf(w.kind).some((f) => f.trigger === "http"),
  );
  if (servesHttp) out.push("load-balancer");
  return out;
}

/** What a Google Cloud site's regional stack deploys, in the order `deployGcpSite` creates it. */
export function gcpSiteDeployables(
  topology: Topology,
  site: Site,
  options: RegionalOptions = {},
): GcpDeployable[] {
  const workloads = topology.workloads.filter((w) => w.sites.includes(site.id));
  const out: GcpDeployable[] = ["site-network"];
  if (options.interconnect !== undefined) out.push("interconnect");
  out.push("function-sources", "function-build");
  if (workloads.some((w) => functionsOf(w.kind).some((f) => f.trigger === "stream"))) {
    out.push("pubsub");
  }
  // Every workload has a function that keeps its state in its database (SPANNER_CLIENTS in
  // gcp-spanner-clients.ts), granted on it when the database is on Google Cloud.
  const onSpanner = workloads.some((w) =>
    topology.databases.some((d) => d.name === w.database && d.cloud === "gcp"),
  );
  // The site's own store (claims, or state whose database is elsewhere) is a Spanner database too.
  if (onSpanner || siteStoreWorkloads(topology, site).length > 0) out.push("spanner");
  if (workloads.length > 0) out.push("functions", "alerts");
  return out;
}

/** The service APIs of `deployables`, each once, sorted. */
export function gcpServicesOf(deployables: readonly GcpDeployable[]): string[] {
  return [...new Set(deployables.flatMap((d) => GCP_SERVICES[d]))].sort();
}

/** The service APIs the global stack enables. */
export function gcpGlobalServices(topology: Topology): string[] {
  return gcpServicesOf(gcpGlobalDeployables(topology));
}

/** The service APIs a Google Cloud site's regional stack enables. */
export function gcpSiteServices(
  topology: Topology,
  site: Site,
  options: RegionalOptions = {},
): string[] {
  return gcpServicesOf(gcpSiteDeployables(topology, site, options));
}

/**
 * Enables `services` in the stack's project (the provider's `gcp:project`), as children
 * `gcp-api-<api>` of `parent`, and makes every Google Cloud resource created under `parent` from
 * now on wait for them. `parent` must carry `waitForGcpServices` in its `transformations`, as
 * the global and regional deployments do.
 */
export function enableGcpServices(
  parent: pulumi.Resource,
  services: readonly string[],
): projects.Service[] {
  const enabled = services.map(
    (service) =>
      new projects.Service(
        `gcp-api-${service.replace(/\.googleapis\.com$/, "")}`,
        {
          service,
          // Other stacks (the global stack and every site share a project) and other teams use
          // the same APIs: destroying this stack must leave them enabled. "It should generally
          // only be true in configurations that manage the gcp.organizations.Project resource
          // itself" (https://www.pulumi.com/registry/packages/gcp/api-docs/projects/service/).
          disableOnDestroy: false,
          // Never disable other APIs that depend on one of these.
          disableDependentServices: false,
        },
        { parent },
      ),
  );
  gateGcpResources(parent, enabled);
  return enabled;
}
