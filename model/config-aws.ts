/**
 * The AWS-only keys of `tachyon:topology`: the Direct Connect private virtual interface
 * (`directConnect.vlan`, `customerAsn`, peer addresses, `mtu`, and the refused `bgpAuthKey`) and
 * the shared cache of a workload (`workloads.<kind>.globalCache`), with the rules that relate
 * them to the rest of the topology.
 */
import * as z from "zod";
import { overlaps, parseCidr } from "./cidr";
import { checked, joinPath, show, wholeNumber } from "./config-values";
import type { Problem } from "./problems";
import { CACHED_WORKLOADS, PRIVATE_VIF_MTUS, WORKLOAD_KINDS } from "./types";

type Raw = Record<string, unknown>;

function isRecord(value: unknown): value is Raw {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function entries(value: unknown): [string, unknown][] {
  return isRecord(value) ? Object.entries(value) : [];
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Largest BGP ASN: 4-byte ASNs run to 4294967295, which RFC 7300 reserves. */
export const MAX_ASN = 4_294_967_294;

/** Message for a bad customer-side BGP ASN (public or private), or `undefined`. */
export function checkCustomerAsn(asn: number): string | undefined {
  if (Number.isInteger(asn) && asn >= 1 && asn <= MAX_ASN) return undefined;
  return `is not a BGP ASN, got ${show(asn)}. Use your router's ASN, a whole number from 1 to ${MAX_ASN}, e.g. 65010.`;
}

/**
 * Message for a bad BGP peer address of a private virtual interface, or `undefined`: a host
 * address with its prefix, in a /30 (not its network or broadcast address) or a /31.
 */
export function checkPeerAddress(text: string): string | undefined {
  const c = parseCidr(text);
  if (c === undefined || (c.prefix !== 30 && c.prefix !== 31)) {
    return `is not a BGP peer address in a /30 or /31, got ${show(text)}. Write the address with its prefix, e.g. "169.254.255.1/30".`;
  }
  const host = c.base & (c.prefix === 30 ? 3 : 1);
  if (c.prefix === 30 && (host === 0 || host === 3)) {
    return `is the ${host === 0 ? "network" : "broadcast"} address of its /30, got ${show(text)}. Use one of the two host addresses, e.g. "169.254.255.1/30" and "169.254.255.2/30".`;
  }
  return undefined;
}

/** The private virtual interface's keys of `directConnect`, each judged on its own. */
export const VIRTUAL_INTERFACE_FIELDS = {
  vlan: wholeNumber(
    1,
    4094,
    "Use the 802.1Q VLAN tag assigned to this interface on the connection.",
  ).optional(),
  customerAsn: z
    .number()
    .superRefine((n, ctx) => {
      const message = checkCustomerAsn(n);
      if (message !== undefined) ctx.addIssue({ code: "custom", message, input: n });
    })
    .optional(),
  amazonAddress: checked(checkPeerAddress).optional(),
  customerAddress: checked(checkPeerAddress).optional(),
  mtu: z
    .number()
    .superRefine((n, ctx) => {
      if ((PRIVATE_VIF_MTUS as readonly number[]).includes(n)) return;
      const message = `is not an MTU a private virtual interface accepts, got ${show(n)}. Use 1500, or 9001 for jumbo frames.`;
      ctx.addIssue({ code: "custom", message, input: n });
    })
    .transform((n) => n as (typeof PRIVATE_VIF_MTUS)[number])
    .optional(),
  bgpAuthKey: z
    .unknown()
    .superRefine((value, ctx) => {
      if (value === undefined) return;
      // The value is a credential: the message names its kind, never its text.
      const message = `must not be written in the topology, got ${typeof value === "string" ? "a key (not shown)" : "a value (not shown)"}. Remove it: AWS then generates the BGP MD5 key, which the global stack exports as the secret output aws.dxBgpAuthKey for your router.`;
      ctx.addIssue({ code: "custom", message, input: undefined });
    })
    .optional(),
};

/** Every cross-value problem of the AWS-only keys of a raw `tachyon:topology` under `root`. */
export function crossCheckAws(root: string, raw: Raw, siteIds: Set<string>): Problem[] {
  const problems: Problem[] = [];
  if (isRecord(raw.directConnect)) {
    checkVirtualInterface(joinPath(root, "directConnect"), raw.directConnect, problems);
  }
  checkGlobalCaches(root, raw.workloads, siteIds, problems);
  return problems;
}

/** Direct Connect settings as messages may show them: a BGP key written there stays hidden. */
export function shownDirectConnect(dx: Raw): Raw {
  return dx.bgpAuthKey === undefined ? dx : { ...dx, bgpAuthKey: "(not shown)" };
}

/**
 * AWS regions that host ElastiCache Global Datastore clusters (commercial partition), from the
 * ElastiCache guide's "Prerequisites and limitations" of global datastores.
 */
export const GLOBAL_DATASTORE_REGIONS: ReadonlySet<string> = new Set([
  "af-south-1",
  "ap-east-1",
  "ap-south-1",
  "ap-south-2",
  "ap-southeast-1",
  "ap-southeast-2",
  "ap-southeast-3",
  "ap-southeast-4",
  "ap-southeast-5",
  "ap-southeast-7",
  "ap-northeast-1",
  "ap-northeast-2",
  "ap-northeast-3",
  "ca-central-1",
  "ca-west-1",
  "eu-central-1",
  "eu-central-2",
  "eu-west-1",
  "eu-west-2",
  "eu-west-3",
  "eu-north-1",
  "eu-south-1",
  "eu-south-2",
  "il-central-1",
  "me-south-1",
  "me-central-1",
  "mx-central-1",
  "sa-east-1",
  "us-east-1",
  "us-east-2",
  "us-west-1",
  "us-west-2",
]);

/** A Global Datastore replicates its primary cluster to at most this many other regions. */
export const MAX_GLOBAL_DATASTORE_SECONDARIES = 2;

/**
 * `workloads.<kind>.globalCache`: the workload must read the cache, and its AWS sites must be
 * two or three Global Datastore regions (one primary, at most two secondaries).
 */
function checkGlobalCaches(
  root: string,
  raw: unknown,
  known: Set<string>,
  problems: Problem[],
): void {
  for (const [kind, w] of entries(raw)) {
    if (!(WORKLOAD_KINDS as readonly string[]).includes(kind) || !isRecord(w)) continue;
    if (w.globalCache !== true) continue;
    const at = joinPath(joinPath(joinPath(root, "workloads"), kind), "globalCache");
    if (!(CACHED_WORKLOADS as readonly string[]).includes(kind)) {
      problems.push({
        path: at,
        message: `needs a workload whose functions read the site cache (${CACHED_WORKLOADS.join(", ")}), got true on ${kind}. Remove the key; ${kind} keeps no cache to share.`,
      });
      continue;
    }
    const aws = list(w.sites).filter(
      (id): id is string => typeof id === "string" && id.startsWith("aws:") && known.has(id),
    );
    const unique = [...new Set(aws)];
    if (unique.length < 2) {
      problems.push({
        path: at,
        message: `needs at least two aws sites in workloads.${kind}.sites to replicate between, got true with ${unique.length === 0 ? "none" : unique.join(", ")}. Add an aws site to the workload or remove the key.`,
      });
    } else if (unique.length > MAX_GLOBAL_DATASTORE_SECONDARIES + 1) {
      problems.push({
        path: at,
        message: `needs at most ${MAX_GLOBAL_DATASTORE_SECONDARIES + 1} aws sites: a Global Datastore replicates to at most ${MAX_GLOBAL_DATASTORE_SECONDARIES} other regions, got true with ${unique.join(", ")}. Keep three aws sites in the workload or remove the key.`,
      });
    }
    for (const id of unique) {
      const region = id.slice("aws:".length);
      if (GLOBAL_DATASTORE_REGIONS.has(region)) continue;
      problems.push({
        path: at,
        message: `needs every aws site of workloads.${kind} in a Global Datastore region, got true with ${id}. Move the workload to another region or remove the key.`,
      });
    }
  }
}

/**
 * The private virtual interface keys of `directConnect`: VLAN and customer ASN together, the
 * customer ASN distinct from Amazon's, and the two BGP peer addresses both or neither, distinct
 * hosts of one /30 or /31. Single values are judged by the schema.
 */
function checkVirtualInterface(at: string, dx: Raw, problems: Problem[]): void {
  const vifKeys = ["vlan", "customerAsn", "amazonAddress", "customerAddress", "mtu"];
  const set = vifKeys.filter((k) => dx[k] !== undefined);
  if (set.length > 0) {
    for (const key of ["vlan", "customerAsn"]) {
      if (dx[key] !== undefined) continue;
      const example = key === "vlan" ? "101" : "65010";
      problems.push({
        path: joinPath(at, key),
        message: `is required for the private virtual interface that ${set.join(", ")} describe${set.length === 1 ? "s" : ""}, got nothing. Add it, e.g. ${example}, or remove ${set.join(", ")}.`,
      });
    }
  }
  if (
    typeof dx.customerAsn === "number" &&
    typeof dx.amazonSideAsn === "number" &&
    dx.customerAsn === dx.amazonSideAsn
  ) {
    problems.push({
      path: joinPath(at, "customerAsn"),
      message: `equals amazonSideAsn, got ${show(dx.customerAsn)}. BGP peers over the interface need two different ASNs; use your router's own ASN.`,
    });
  }
  const amazon = dx.amazonAddress;
  const customer = dx.customerAddress;
  if ((amazon === undefined) !== (customer === undefined)) {
    const missing = amazon === undefined ? "amazonAddress" : "customerAddress";
    const given = amazon === undefined ? "customerAddress" : "amazonAddress";
    problems.push({
      path: joinPath(at, missing),
      message: `is required together with ${given}, got nothing. Set both BGP peer addresses, or neither and let AWS assign a pair from 169.254.0.0/16.`,
    });
    return;
  }
  if (typeof amazon !== "string" || typeof customer !== "string") return;
  const a = parseCidr(amazon);
  const c = parseCidr(customer);
  if (a === undefined || c === undefined || ![30, 31].includes(a.prefix)) return;
  if (c.prefix !== a.prefix || !overlaps(a, c)) {
    problems.push({
      path: joinPath(at, "customerAddress"),
      message: `is not in the same /${a.prefix} as amazonAddress ${amazon}, got ${show(customer)}. Use the other host address of that subnet.`,
    });
  } else if (a.base === c.base) {
    problems.push({
      path: joinPath(at, "customerAddress"),
      message: `is the same address as amazonAddress, got ${show(customer)}. Use the other host address of that /${a.prefix}.`,
    });
  }
}
