/**
 * Answers to provider functions (invokes) under the offline engine: realistic responses for the
 * data sources programs commonly read (region, caller identity, availability zones, partition,
 * IAM policy documents, Azure and Google client config). The monitor answers anything else with
 * unknown outputs and a warning, as a preview does.
 */
import { OFFLINE_IDENTITY, type Placement } from "./computed";

type Plain = Record<string, unknown>;

/** What an invoke handler knows besides its arguments. */
export interface InvokeContext extends Placement {
  readonly token: string;
}

type Handler = (args: Plain, ctx: InvokeContext) => Plain;

/** Thrown for an invoke the offline engine cannot answer. */
export class UnknownInvokeError extends Error {
  override readonly name = "UnknownInvokeError";
  /** The SDK reports a failed monitor call by its gRPC-style `details`. */
  readonly details: string;
  constructor(readonly token: string) {
    super(
      `Invoke "${token}" has no offline answer, got a call the invoke table does not know. Answer it under "invokes" in a --mocks file.`,
    );
    this.details = this.message;
  }
}

/** The tokens the offline engine answers. */
export function knownInvokes(): string[] {
  return Object.keys(HANDLERS).sort();
}

/** Answers one invoke or throws {@link UnknownInvokeError}. */
export function answerInvoke(token: string, args: Plain, where: Placement): Plain {
  const handler = HANDLERS[token];
  if (handler === undefined) throw new UnknownInvokeError(token);
  return handler(args, { ...where, token });
}

const str = (v: unknown, fallback: string): string =>
  typeof v === "string" && v !== "" ? v : fallback;

// Zone ids follow AWS's "<region abbreviation>-az<n>" form, e.g. use1-az1 for us-east-1.
function zoneIdPrefix(region: string): string {
  const [geo = "us", direction = "east", n = "1"] = region.split("-");
  return `${geo}${direction.replace("north", "n").replace("south", "s").replace("east", "e").replace("west", "w").replace("central", "c").slice(0, 2)}${n}`;
}

function awsRegion(args: Plain, ctx: InvokeContext): string {
  return str(args["region"] ?? args["name"], ctx.region);
}

const HANDLERS: Record<string, Handler> = {
  "aws:index/getRegion:getRegion": (args, ctx) => {
    const region = awsRegion(args, ctx);
    return {
      id: region,
      name: region,
      region,
      description: `offline ${region}`,
      endpoint: `ec2.${region}.amazonaws.com`,
    };
  },
  "aws:index/getCallerIdentity:getCallerIdentity": () => ({
    id: OFFLINE_IDENTITY.awsAccountId,
    accountId: OFFLINE_IDENTITY.awsAccountId,
    arn: `arn:aws:iam::${OFFLINE_IDENTITY.awsAccountId}:user/tachyon-offline`,
    userId: "AIDAOFFLINEOFFLINE0001",
  }),
  "aws:index/getPartition:getPartition": () => ({
    id: "aws",
    partition: "aws",
    dnsSuffix: "amazonaws.com",
    reverseDnsPrefix: "com.amazonaws",
  }),
  "aws:index/getAvailabilityZones:getAvailabilityZones": (args, ctx) => {
    const region = awsRegion(args, ctx);
    const letters = ["a", "b", "c"];
    return {
      id: region,
      region,
      names: letters.map((l) => `${region}${l}`),
      zoneIds: letters.map((_, i) => `${zoneIdPrefix(region)}-az${i + 1}`),
      groupNames: [region],
      state: str(args["state"], "available"),
    };
  },
  "aws:iam/getPolicyDocument:getPolicyDocument": (args) => {
    const statements = Array.isArray(args["statements"]) ? (args["statements"] as Plain[]) : [];
    const doc = {
      Version: str(args["version"], "2012-10-17"),
      Statement: statements.map(policyStatement),
    };
    const json = JSON.stringify(doc, null, 2);
    return { id: String(json.length), json, minifiedJson: JSON.stringify(doc) };
  },
  "azure-native:authorization:getClientConfig": () => ({
    clientId: OFFLINE_IDENTITY.azureClientId,
    objectId: OFFLINE_IDENTITY.azureObjectId,
    subscriptionId: OFFLINE_IDENTITY.azureSubscriptionId,
    tenantId: OFFLINE_IDENTITY.azureTenantId,
  }),
  "gcp:organizations/getClientConfig:getClientConfig": (_args, ctx) => ({
    id: `projects/${ctx.gcpProject}/regions/${ctx.region}/zones/${ctx.region}-a`,
    accessToken: "offline-access-token",
    project: ctx.gcpProject,
    region: ctx.region,
    zone: `${ctx.region}-a`,
    defaultLabels: {},
  }),
  "gcp:organizations/getProject:getProject": (args, ctx) => {
    const project = str(args["projectId"], ctx.gcpProject);
    return {
      id: `projects/${project}`,
      projectId: project,
      name: project,
      number: OFFLINE_IDENTITY.gcpProjectNumber,
      orgId: "123456789",
      folderId: "",
      billingAccount: "000000-000000-000000",
      autoCreateNetwork: true,
      deletionPolicy: "PREVENT",
      labels: {},
      effectiveLabels: {},
      pulumiLabels: {},
      tags: {},
    };
  },
  "gcp:compute/getZones:getZones": (args, ctx) => {
    const region = str(args["region"], ctx.region);
    return {
      id: `projects/${ctx.gcpProject}/regions/${region}`,
      project: ctx.gcpProject,
      region,
      names: ["a", "b", "c"].map((z) => `${region}-${z}`),
      status: "UP",
    };
  },
};

function policyStatement(s: Plain): Plain {
  const one = (v: unknown): unknown => (Array.isArray(v) && v.length === 1 ? v[0] : v);
  const out: Plain = {};
  if (s["sid"] !== undefined) out["Sid"] = s["sid"];
  out["Effect"] = str(s["effect"], "Allow");
  for (const [from, to] of [
    ["actions", "Action"],
    ["notActions", "NotAction"],
    ["resources", "Resource"],
    ["notResources", "NotResource"],
  ] as const) {
    if (Array.isArray(s[from])) out[to] = one(s[from]);
  }
  for (const [from, to] of [
    ["principals", "Principal"],
    ["notPrincipals", "NotPrincipal"],
  ] as const) {
    if (!Array.isArray(s[from])) continue;
    const principals: Plain = {};
    for (const p of s[from] as Plain[]) principals[str(p["type"], "AWS")] = one(p["identifiers"]);
    out[to] = principals;
  }
  if (Array.isArray(s["conditions"])) {
    const conditions: Record<string, Plain> = {};
    for (const c of s["conditions"] as Plain[]) {
      const test = str(c["test"], "StringEquals");
      conditions[test] ??= {};
      conditions[test][str(c["variable"], "")] = one(c["values"]);
    }
    out["Condition"] = conditions;
  }
  return out;
}
