/**
 * The zod schema of `tachyon:topology` and the checks of single values (a site id, a CIDR block,
 * a venue code, a jurisdiction, ...). Checks that relate values to each other (overlaps,
 * references, residency) live in `config-checks.ts`, the AWS-only keys in `config-aws.ts`, the
 * message helpers in `config-values.ts`. Every message follows the house style
 * `<problem>, got <value>. <fix>.`; the path is added by {@link issueToProblems}.
 */
import * as z from "zod";
import { isCanonical, isPrivate, parseCidr, type Cidr } from "./cidr";
import { VIRTUAL_INTERFACE_FIELDS } from "./config-aws";
import { checked, joinPath, show, wholeNumber } from "./config-values";
import { isJurisdiction } from "./jurisdictions";
import { closestNames } from "./closest-names";
import type { Problem } from "./problems";
import { findRegion, isCloud, suggestRegionCodes } from "./regions";
import {
  CLOUDS,
  DATA_CLASSES,
  WORKLOAD_KINDS,
  type Cloud,
  type DataClass,
  type WorkloadKind,
} from "./types";
import { findVenue, suggestVenueCodes } from "./venues";

export { joinPath, show } from "./config-values";

/** Largest site address space: AWS caps a VPC's primary CIDR block at /16. */
export const MIN_SITE_PREFIX = 16;
/** Smallest site address space: a /24 still gives each of a site's subnets a /27 or more. */
export const MAX_SITE_PREFIX = 24;
/**
 * Most warm instances per latency-critical function per site. A site runs several such
 * functions, and together they draw on one regional concurrency quota (AWS Lambda's default is
 * 1,000 per region), so a larger figure is a typo more often than a plan.
 */
export const MAX_WARM_INSTANCES = 200;
/** Longest latency budget: a budget above a minute no longer describes a latency target. */
export const MAX_LATENCY_BUDGET_MS = 60_000;
/** Function memory bounds in MB: AWS Lambda's range, the narrowest of the three clouds' limits. */
export const MIN_MEMORY_MB = 128;
/** Upper bound of {@link MIN_MEMORY_MB}'s range. */
export const MAX_MEMORY_MB = 10_240;

/** The defaults of a workload's optional keys. */
export interface WorkloadDefaults {
  readonly warmInstances: number;
  readonly latencyBudgetMs: number;
  readonly dataClass: DataClass;
  readonly memoryMb: number;
}

/**
 * Defaults of each built-in workload's optional keys. Memory: 1769 MB is where Lambda grants a
 * full vCPU; portfolio valuation is compute-bound and gets two.
 */
export const WORKLOAD_DEFAULTS: Readonly<Record<WorkloadKind, WorkloadDefaults>> = {
  trading: { warmInstances: 10, latencyBudgetMs: 15, dataClass: "confidential", memoryMb: 1769 },
  fraud: { warmInstances: 5, latencyBudgetMs: 50, dataClass: "pii", memoryMb: 1769 },
  portfolio: { warmInstances: 2, latencyBudgetMs: 500, dataClass: "confidential", memoryMb: 3538 },
};

/** Example of each region code syntax, for messages. */
export const EXAMPLE_REGION: Readonly<Record<Cloud, string>> = {
  aws: "us-east-1",
  azure: "westeurope",
  gcp: "europe-west1",
};

/** Message for a bad site id, or `undefined` when `id` names a catalog region. */
export function checkSiteId(id: string): string | undefined {
  const m = /^([a-z0-9-]+):([a-z0-9-]+)$/.exec(id);
  if (!m) return `must be "<cloud>:<region>", got ${show(id)}. Write it like "aws:us-east-1".`;
  const [, cloud, region] = m;
  if (!isCloud(cloud)) {
    const near = closestNames(
      cloud,
      CLOUDS.map((c) => ({ name: c })),
      1,
    );
    const hint = near.length > 0 ? `Did you mean "${near[0]}:${region}"? ` : "";
    return `names an unknown cloud, got ${show(id)}. ${hint}Use aws, azure or gcp.`;
  }
  if (findRegion(cloud, region) === undefined) {
    const near = suggestRegionCodes(cloud, region, 3).map((code) => `${cloud}:${code}`);
    const fix =
      near.length > 0
        ? `Did you mean ${near.join(", ")}?`
        : `Use the provider's region code, e.g. "${cloud}:${EXAMPLE_REGION[cloud]}".`;
    return `names no ${cloud} region in the catalog, got ${show(id)}. ${fix}`;
  }
  return undefined;
}

/** Message for a bad site CIDR block, or `undefined` when it is fit for a site. */
export function checkSiteCidr(text: string): string | undefined {
  const c: Cidr | undefined = parseCidr(text);
  if (c === undefined) {
    return `is not an IPv4 CIDR block, got ${show(text)}. Write it like "10.10.0.0/16".`;
  }
  if (c.prefix < MIN_SITE_PREFIX || c.prefix > MAX_SITE_PREFIX) {
    const size = c.prefix < MIN_SITE_PREFIX ? "larger" : "smaller";
    return `is a /${c.prefix}, ${size} than a site's address space may be, got ${show(text)}. Use a prefix from /${MIN_SITE_PREFIX} to /${MAX_SITE_PREFIX}.`;
  }
  if (!isCanonical(c)) {
    const mask = c.prefix === 0 ? 0 : (0xffffffff << (32 - c.prefix)) >>> 0;
    const base = (c.base & mask) >>> 0;
    const fixed = `${[24, 16, 8, 0].map((s) => (base >>> s) & 0xff).join(".")}/${c.prefix}`;
    return `has host bits set, got ${show(text)}. Use the network address "${fixed}".`;
  }
  if (!isPrivate(c)) {
    return `is not in a private (RFC 1918) range, got ${show(text)}. Use a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16.`;
  }
  return undefined;
}

/** Message for an unknown venue code, or `undefined` when the catalog has it. */
export function checkVenue(code: string): string | undefined {
  if (findVenue(code) !== undefined) return undefined;
  const near = suggestVenueCodes(code, 3);
  const fix =
    near.length > 0 ? `Did you mean ${near.join(", ")}?` : "Use a venue code of the catalog.";
  return `is not a venue in the catalog, got ${show(code)}. ${fix}`;
}

/** Message for a bad jurisdiction, or `undefined` for `EU` and ISO 3166-1 alpha-2 codes. */
export function checkJurisdiction(code: string): string | undefined {
  if (isJurisdiction(code)) return undefined;
  // "UK" is the code people type; ISO 3166-1 assigns GB to the United Kingdom.
  const fix =
    code.toUpperCase() === "UK"
      ? `Use "GB" for the United Kingdom.`
      : isJurisdiction(code.toUpperCase())
        ? `Write it in upper case: "${code.toUpperCase()}".`
        : "Use an ISO 3166-1 alpha-2 country code (US, GB, DE, JP, ...) or EU.";
  return `is not a jurisdiction, got ${show(code)}. ${fix}`;
}

/** Message for a bad environment name, or `undefined`. */
export function checkEnvironment(env: string): string | undefined {
  if (/^[a-z][a-z0-9]{0,7}$/.test(env)) return undefined;
  return `must be 1 to 8 lower-case letters or digits starting with a letter, got ${show(env)}. It is part of stack and physical resource names; use e.g. "prod" or "dev".`;
}

/** Message for a bad DNS zone name, or `undefined`. */
export function checkDomain(domain: string): string | undefined {
  const labels = domain.split(".");
  const label = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
  const ok =
    domain.length <= 253 &&
    labels.length >= 2 &&
    labels.every((l) => label.test(l)) &&
    /^[a-z]/.test(labels[labels.length - 1]);
  if (ok) return undefined;
  return `is not a valid DNS domain name, got ${show(domain)}. Use lower-case labels of letters, digits and inner hyphens joined by dots, without a trailing dot, e.g. "trade.example.com".`;
}

/** Message for a bad Direct Connect connection id, or `undefined`. */
export function checkConnectionId(id: string): string | undefined {
  if (/^dxcon-[a-z0-9]{8,}$/.test(id)) return undefined;
  return `is not a Direct Connect connection id, got ${show(id)}. Use the id AWS assigned to the connection, e.g. "dxcon-ffabc123".`;
}

/** Whether `asn` is a private ASN: 64512-65534 (16-bit) or 4200000000-4294967294 (32-bit). */
export function isPrivateAsn(asn: number): boolean {
  return (
    Number.isInteger(asn) &&
    ((asn >= 64512 && asn <= 65534) || (asn >= 4_200_000_000 && asn <= 4_294_967_294))
  );
}

/** Message for a bad Amazon-side ASN, or `undefined`. */
export function checkAsn(asn: number): string | undefined {
  if (isPrivateAsn(asn)) return undefined;
  return `is not a private ASN, got ${show(asn)}. Use a number from 64512 to 65534 or from 4200000000 to 4294967294.`;
}

/** Message for a bad database name, or `undefined`. */
export function checkDatabaseName(name: string): string | undefined {
  if (/^[a-z][a-z0-9-]{0,18}[a-z0-9]$/.test(name)) return undefined;
  return `is not a valid database name, got ${show(name)}. Use 2 to 20 lower-case letters, digits or inner hyphens starting with a letter, e.g. "orders".`;
}

const dataClass = z.enum(DATA_CLASSES as [string, ...string[]]);

const site = z.strictObject({
  id: checked(checkSiteId),
  cidr: checked(checkSiteCidr),
  venues: z.array(checked(checkVenue)).optional(),
});

const workload = z.strictObject({
  sites: z.array(z.string()).min(1),
  warmInstances: wholeNumber(
    0,
    MAX_WARM_INSTANCES,
    "Set the warm instances each latency-critical function keeps per site.",
  ).optional(),
  latencyBudgetMs: z
    .number()
    .superRefine((n, ctx) => {
      if (!(n > 0 && n <= MAX_LATENCY_BUDGET_MS)) {
        const message = `must be a number of milliseconds above 0 and at most ${MAX_LATENCY_BUDGET_MS}, got ${show(n)}. Set the end-to-end p99.9 target, e.g. 15.`;
        ctx.addIssue({ code: "custom", message, input: n });
      }
    })
    .optional(),
  dataClass: dataClass.optional(),
  database: z.string().optional(),
  memoryMb: wholeNumber(
    MIN_MEMORY_MB,
    MAX_MEMORY_MB,
    "Set the memory of each function in MB, e.g. 1769.",
  ).optional(),
  globalCache: z.boolean().optional(),
});

const database = z.strictObject({
  sites: z.array(z.string()).min(1),
  dataClass,
});

const jurisdictions = z.array(checked(checkJurisdiction)).min(1);

/** The shape of `tachyon:topology`; cross-value rules are in `config-checks.ts`. */
export const TopologySchema = z.strictObject({
  environment: checked(checkEnvironment),
  sites: z.array(site).min(1),
  workloads: z
    .strictObject(
      Object.fromEntries(WORKLOAD_KINDS.map((k) => [k, workload.optional()])) as Record<
        (typeof WORKLOAD_KINDS)[number],
        z.ZodOptional<typeof workload>
      >,
    )
    .optional(),
  databases: z.record(z.string(), database).optional(),
  residency: z
    .strictObject(
      Object.fromEntries(DATA_CLASSES.map((c) => [c, jurisdictions.optional()])) as Record<
        (typeof DATA_CLASSES)[number],
        z.ZodOptional<typeof jurisdictions>
      >,
    )
    .optional(),
  dns: z.strictObject({ domain: checked(checkDomain) }),
  directConnect: z
    .strictObject({
      connectionId: checked(checkConnectionId),
      amazonSideAsn: z.number().superRefine((n, ctx) => {
        const message = checkAsn(n);
        if (message !== undefined) ctx.addIssue({ code: "custom", message, input: n });
      }),
      ...VIRTUAL_INTERFACE_FIELDS,
    })
    .optional(),
});

/** `tachyon:topology` as the schema accepts it, before defaults. */
export type TopologyInput = z.infer<typeof TopologySchema>;

// Examples named in "is required" messages, by key.
const EXAMPLES: Readonly<Record<string, string>> = {
  environment: `"prod"`,
  sites: `[{ id: "aws:us-east-1", cidr: "10.10.0.0/16" }]`,
  id: `"aws:us-east-1"`,
  cidr: `"10.10.0.0/16"`,
  dns: `{ domain: "trade.example.com" }`,
  domain: `"trade.example.com"`,
  dataClass: `"confidential"`,
  connectionId: `"dxcon-ffabc123"`,
  amazonSideAsn: "64512",
  vlan: "101",
  customerAsn: "65010",
  type: `"PARTNER"`,
};

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: "a string",
  number: "a number",
  boolean: "a boolean",
  array: "a list",
  object: "a map of keys",
};

/**
 * Turns one zod issue into problems (one per unknown key) under the config path `root`. `schema`
 * is the schema that raised it, whose keys "did you mean" suggests.
 */
export function issueToProblems(
  root: string,
  issue: z.core.$ZodIssue,
  schema: z.ZodType = TopologySchema,
): Problem[] {
  const path = issue.path.reduce<string>((p, s) => joinPath(p, s), root);
  const last = issue.path[issue.path.length - 1];
  switch (issue.code) {
    case "invalid_type": {
      const want = TYPE_NAMES[issue.expected] ?? issue.expected;
      if (issue.input === undefined) return required(path, last, want);
      return [
        {
          path,
          message: `must be ${want}, got ${show(issue.input)}. Write it as ${want}.`,
        },
      ];
    }
    case "unrecognized_keys":
      return issue.keys.map((key) => {
        const known = knownKeysAt(schema, issue.path);
        const near = closestNames(
          key,
          known.map((name) => ({ name })),
          1,
        );
        const fix =
          near.length > 0
            ? `Did you mean "${near[0]}"?`
            : `Remove it${known.length > 0 ? ` or use one of: ${known.join(", ")}` : ""}.`;
        return {
          path: joinPath(path, key),
          message: `is not a known key, got ${show(key)}. ${fix}`,
        };
      });
    case "invalid_value":
      if (issue.input === undefined) return required(path, last, "a value");
      return [
        {
          path,
          message: `must be one of ${issue.values.map(String).join(", ")}, got ${show(issue.input)}. Use one of those.`,
        },
      ];
    case "too_small":
      return [
        {
          path,
          message: `must list at least ${String(issue.minimum)}, got ${show(issue.input)}. Add an entry.`,
        },
      ];
    default:
      return [{ path, message: issue.message }];
  }
}

function required(path: string, key: PropertyKey | undefined, want: string): Problem[] {
  const example = typeof key === "string" ? EXAMPLES[key] : undefined;
  const fix = example !== undefined ? `Add it, e.g. ${example}.` : `Add ${want}.`;
  return [{ path, message: `is required, got nothing. ${fix}` }];
}

/** The keys `root` allows in the object at `path`, for "did you mean". */
function knownKeysAt(root: z.ZodType, path: readonly PropertyKey[]): string[] {
  let schema: unknown = root;
  for (const segment of path) {
    schema = unwrap(schema);
    if (schema instanceof z.ZodArray) schema = schema.element;
    else if (schema instanceof z.ZodRecord) schema = schema.valueType;
    else if (schema instanceof z.ZodObject)
      schema = (schema.shape as Record<string, unknown>)[String(segment)];
    else return [];
  }
  schema = unwrap(schema);
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

function unwrap(schema: unknown): unknown {
  return schema instanceof z.ZodOptional ? schema.unwrap() : schema;
}
