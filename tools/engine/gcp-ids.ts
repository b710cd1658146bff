/**
 * Google Cloud ids for the offline engine's stand-in outputs, in the forms the provider gives
 * them: Compute Engine resources under `projects/<p>/global/<collection>/<name>` or
 * `projects/<p>/regions/<region>/<collection>/<name>` with the API's collection names
 * (`addresses`, `urlMaps`, `targetHttpsProxies`: cloud.google.com/compute/docs/reference/rest/v1),
 * project-level resources without a location (Pub/Sub subscriptions, Cloud DNS zones, Monitoring
 * policies and channels), everything else under `locations/<region>`. A service account is named
 * by its email, `<accountId>@<project>.iam.gserviceaccount.com` (cloud.google.com/iam/docs/
 * service-account-overview), which IAM members (`serviceAccount:<email>`) then carry.
 */

import { plural } from "./plural";

/** Compute Engine collections whose name is not the camel-cased plural of the token's. */
const COMPUTE_COLLECTIONS: Readonly<Record<string, string>> = {
  GlobalAddress: "addresses",
  GlobalForwardingRule: "forwardingRules",
  GlobalNetworkEndpointGroup: "networkEndpointGroups",
  ManagedSslCertificate: "sslCertificates",
  RegionBackendService: "backendServices",
  RegionNetworkEndpointGroup: "networkEndpointGroups",
  RegionSslCertificate: "sslCertificates",
  RegionTargetHttpsProxy: "targetHttpsProxies",
  RegionUrlMap: "urlMaps",
  SSLPolicy: "sslPolicies",
  SecurityPolicy: "securityPolicies",
  TargetHttpsProxy: "targetHttpsProxies",
  TargetHttpProxy: "targetHttpProxies",
  URLMap: "urlMaps",
};

/** Project-level resources: `projects/<p>/<collection>/<name>`, no location. */
const PROJECT_LEVEL: Readonly<Record<string, string>> = {
  "pubsub:Subscription": "subscriptions",
  "pubsub:Topic": "topics",
  "dns:ManagedZone": "managedZones",
  "monitoring:AlertPolicy": "alertPolicies",
  "monitoring:NotificationChannel": "notificationChannels",
  "secretmanager:Secret": "secrets",
};

/** What a Google Cloud id is made from. */
export interface GcpIdParts {
  readonly module: string;
  readonly resource: string;
  readonly inputs: Readonly<Record<string, unknown>>;
  readonly project: string;
  readonly region: string;
  /** The `name` input, else the auto-name. */
  readonly physical: string;
}

/** The id of a Google Cloud resource, and its self link for a Compute Engine one. */
export function gcpId(p: GcpIdParts): { id: string; selfLink?: string } {
  const camelPlural = plural(`${p.resource.charAt(0).toLowerCase()}${p.resource.slice(1)}`);
  if (p.module === "compute") {
    const collection = COMPUTE_COLLECTIONS[p.resource] ?? camelPlural;
    const region = p.inputs["region"];
    const regional = p.resource.startsWith("Region") || typeof region === "string";
    const where = regional ? `regions/${typeof region === "string" ? region : p.region}` : "global";
    const id = `projects/${p.project}/${where}/${collection}/${p.physical}`;
    return { id, selfLink: `https://www.googleapis.com/compute/v1/${id}` };
  }
  const projectLevel = PROJECT_LEVEL[`${p.module}:${p.resource}`];
  if (projectLevel !== undefined) {
    return { id: `projects/${p.project}/${projectLevel}/${p.physical}` };
  }
  return { id: `projects/${p.project}/locations/${p.region}/${camelPlural}/${p.physical}` };
}

/** A service account's outputs: its email, and its id and name, which are made of the email. */
export function serviceAccountOutputs(
  inputs: Readonly<Record<string, unknown>>,
  project: string,
  fallbackId: string,
  uniqueId: string,
): Record<string, unknown> {
  const accountId = typeof inputs["accountId"] === "string" ? inputs["accountId"] : fallbackId;
  const owner = typeof inputs["project"] === "string" ? inputs["project"] : project;
  const email = `${accountId}@${owner}.iam.gserviceaccount.com`;
  const name = `projects/${owner}/serviceAccounts/${email}`;
  return { id: name, name, email, member: `serviceAccount:${email}`, uniqueId };
}
