/**
 * Which data stores a function reads, and where their replicas are. A function accesses a store
 * when (1) one of the function's own properties (environment, app settings, container template,
 * service config) was computed from the store, (2) a policy attached to the function's IAM role
 * was computed from it, (3) a DynamoDB table ARN appears in the function's environment or its
 * role's policies, or (4) a Cosmos DB regional endpoint
 * (`https://<account>-<location>.documents.azure.com`) appears in a function app's settings —
 * (3) and (4) are the case of a regional stack whose database lives in the global stack, where
 * (1) and (2) only see a StackReference; the ARN and the regional endpoint name the region the
 * function talks to. Property dependencies come from the engine, so (1) and (2) hold whatever
 * the values are, even unknown during preview. A Cosmos DB account's global endpoint names no
 * region and is not counted.
 */
import type { PolicyResource } from "@pulumi/policy";
import { findRegion } from "../../model/regions";
import type { Cloud, Region } from "../../model/types";
import { dependenciesOf, ofType } from "./stack";
import {
  asArray,
  asString,
  cloudOfType,
  known,
  normalizeAzureLocation,
  pathOf,
  regionOf,
} from "./resource";
import { AWS, AZURE, GCP } from "./resource-types";
import { spannerPlacement } from "../../model/spanner-configs";

/** A data store a function reads, with every region that serves it. */
export interface DataStore {
  /** `DynamoDB table orders`, for messages. */
  readonly label: string;
  readonly cloud: Cloud;
  /** Region codes with a replica or endpoint. */
  readonly regions: readonly string[];
}

/** Data store types: their name in messages, and the property holding the store's own name. */
const DATA_TYPES: Readonly<Record<string, { what: string; nameProp: string }>> = {
  [AWS.dynamodbTable]: { what: "DynamoDB table", nameProp: "name" },
  [AWS.elasticacheReplicationGroup]: {
    what: "ElastiCache replication group",
    nameProp: "replicationGroupId",
  },
  [AWS.elasticacheServerlessCache]: { what: "ElastiCache serverless cache", nameProp: "name" },
  [AZURE.cosmosAccount]: { what: "Cosmos DB account", nameProp: "accountName" },
  [AZURE.redis]: { what: "Azure Cache for Redis", nameProp: "name" },
  [GCP.spannerInstance]: { what: "Spanner instance", nameProp: "name" },
  [GCP.spannerDatabase]: { what: "Spanner database", nameProp: "name" },
  [GCP.redisInstance]: { what: "Memorystore instance", nameProp: "name" },
};

/** Function types the latency policies judge. */
export const FUNCTION_TYPES: readonly string[] = [
  AWS.lambdaFunction,
  AZURE.webApp,
  GCP.cloudRunService,
  GCP.cloudFunction,
];

/** Every region a data store resource serves from. */
function storeRegions(resources: readonly PolicyResource[], store: PolicyResource): string[] {
  const own = regionOf(store);
  const list = (prop: string, key: string, normalize = (s: string) => s) =>
    asArray(pathOf(store.props, prop)).flatMap((item) => {
      const name = asString(pathOf(item, key));
      return name === undefined ? [] : [normalize(name)];
    });
  switch (store.type) {
    case AWS.dynamodbTable: {
      const replicaResources = ofType(resources, AWS.dynamodbTableReplica)
        .filter((r) => dependenciesOf(r, "globalTableArn").includes(store))
        .flatMap((r) => [regionOf(r)].filter((x) => x !== undefined));
      return [...(own ? [own] : []), ...list("replicas", "regionName"), ...replicaResources];
    }
    case AZURE.cosmosAccount:
      return [...(own ? [own] : []), ...list("locations", "locationName", normalizeAzureLocation)];
    case GCP.spannerInstance:
      // Reads are served by read-write and read-only replicas, never by the witness.
      return [...(spannerPlacement(asString(pathOf(store.props, "config")) ?? "")?.serving ?? [])];
    case GCP.spannerDatabase: {
      const instance = dependenciesOf(store, "instance").find(
        (d) => d.type === GCP.spannerInstance,
      );
      return instance ? storeRegions(resources, instance) : [];
    }
    default:
      return own ? [own] : [];
  }
}

/** The policies attached to a Lambda function's role, as resources. */
function rolePolicies(resources: readonly PolicyResource[], fn: PolicyResource): PolicyResource[] {
  const roles = dependenciesOf(fn, "role").filter((d) => d.type === AWS.iamRole);
  if (roles.length === 0) return [];
  const attached = ofType(resources, AWS.iamRolePolicy, AWS.iamRolePolicyAttachment).filter((p) =>
    dependenciesOf(p, "role").some((r) => roles.includes(r)),
  );
  const managed = attached.flatMap((a) =>
    dependenciesOf(a, "policyArn").filter((d) => d.type === AWS.iamPolicy),
  );
  return [...roles, ...attached, ...managed];
}

/** Every string inside a value (environment maps, policy documents, nested config). */
function stringsIn(value: unknown, out: string[] = [], depth = 0): string[] {
  const v = known(() => value);
  if (typeof v === "string") out.push(v);
  else if (v !== null && typeof v === "object" && depth < 8) {
    for (const k of Object.keys(v))
      stringsIn(
        known(() => (v as Record<string, unknown>)[k]),
        out,
        depth + 1,
      );
  }
  return out;
}

const DYNAMODB_ARN = /arn:aws[a-z-]*:dynamodb:([a-z0-9-]+):\d*:table\/([A-Za-z0-9_.-]+)/g;

/** DynamoDB tables named by ARN in the given texts: table name -> regions. */
function tablesByArn(texts: readonly string[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const text of texts) {
    for (const m of text.matchAll(DYNAMODB_ARN)) {
      const regions = out.get(m[2]) ?? new Set<string>();
      regions.add(m[1]);
      out.set(m[2], regions);
    }
  }
  return out;
}

// Account names are lower-case letters, digits and hyphens; Azure location names have no hyphen,
// so the last hyphen splits a regional host. The location must be a catalogued Azure region,
// which keeps a global endpoint of an account named like "x-orders" from reading as regional.
const COSMOS_REGIONAL_ENDPOINT =
  /https:\/\/([a-z0-9][a-z0-9-]*)-([a-z0-9]+)\.documents\.azure\.com/g;

/** Cosmos DB accounts named by regional endpoint in the given texts: account -> locations. */
function cosmosByEndpoint(texts: readonly string[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const text of texts) {
    for (const m of text.matchAll(COSMOS_REGIONAL_ENDPOINT)) {
      if (findRegion("azure", m[2]) === undefined) continue;
      const regions = out.get(m[1]) ?? new Set<string>();
      regions.add(m[2]);
      out.set(m[1], regions);
    }
  }
  return out;
}

/** The data stores a function accesses. */
export function dataStoresOf(
  resources: readonly PolicyResource[],
  fn: PolicyResource,
): DataStore[] {
  const sources = [fn, ...(fn.type === AWS.lambdaFunction ? rolePolicies(resources, fn) : [])];
  const linked = new Set<PolicyResource>();
  for (const s of sources) {
    for (const deps of Object.values(known(() => s.propertyDependencies) ?? {})) {
      for (const d of deps) if (d.type in DATA_TYPES) linked.add(d);
    }
  }
  // A Spanner database lives in its instance: a function that names both (the instance to build
  // the database's path, say) reads one store, in one round trip per access.
  for (const d of [...linked]) {
    if (d.type !== GCP.spannerDatabase) continue;
    for (const i of dependenciesOf(d, "instance"))
      if (i.type === GCP.spannerInstance) linked.delete(i);
  }
  const stores: DataStore[] = [...linked].map((d) => ({
    label: `${DATA_TYPES[d.type].what} ${asString(pathOf(d.props, DATA_TYPES[d.type].nameProp)) ?? d.name}`,
    cloud: cloudOfType(d.type) as Cloud,
    regions: [...new Set(storeRegions(resources, d))],
  }));
  if (fn.type === AWS.lambdaFunction) {
    const texts = [
      ...stringsIn(pathOf(fn.props, "environment", "variables")),
      ...sources
        .slice(1)
        .flatMap((p) =>
          stringsIn(pathOf(p.props, "policy")).concat(stringsIn(pathOf(p.props, "inlinePolicies"))),
        ),
    ];
    const linkedNames = new Set(stores.map((s) => s.label));
    for (const [table, regions] of tablesByArn(texts)) {
      const label = `DynamoDB table ${table}`;
      if (!linkedNames.has(label)) stores.push({ label, cloud: "aws", regions: [...regions] });
    }
  }
  if (fn.type === AZURE.webApp) {
    const linkedNames = new Set(stores.map((s) => s.label));
    const texts = stringsIn(pathOf(fn.props, "siteConfig", "appSettings"));
    for (const [account, regions] of cosmosByEndpoint(texts)) {
      const label = `${DATA_TYPES[AZURE.cosmosAccount].what} ${account}`;
      if (!linkedNames.has(label)) stores.push({ label, cloud: "azure", regions: [...regions] });
    }
  }
  return stores;
}

/** The catalog region of a resource, if its region is known and catalogued. */
export function catalogRegionOf(r: PolicyResource): Region | undefined {
  const cloud = cloudOfType(r.type);
  const region = regionOf(r);
  return cloud && region ? findRegion(cloud, region) : undefined;
}
