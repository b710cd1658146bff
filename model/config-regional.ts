/**
 * The optional keys of a regional stack that connect its site to the outside: the Azure
 * ExpressRoute circuit (`tachyon:expressRouteCircuitId`), the Google Cloud Interconnect
 * attachment (`tachyon:interconnect`), the address alerts go to (`tachyon:alertEmail`) and the
 * role API Gateway logs with in an AWS account shared with other stacks
 * (`tachyon:apiGatewayLogRoleArn`).
 *
 * They are per site, not per topology, because circuits and attachments are ordered per metro
 * and on-call rotations follow regions. Each applies to the sites of certain clouds only; a key
 * set where no deployment reads it is reported rather than ignored, so a stack never looks
 * connected when it is not.
 */
import * as z from "zod";
import { isPrivateAsn, issueToProblems, joinPath, show } from "./config-schema";
import type { Problem } from "./problems";
import type { Cloud, SiteId } from "./types";

/** Regional config key: resource id of the ExpressRoute circuit an Azure site connects to. */
export const EXPRESS_ROUTE_CIRCUIT_KEY = "tachyon:expressRouteCircuitId";
/** Regional config key: the Cloud Interconnect VLAN attachment of a GCP site. */
export const INTERCONNECT_KEY = "tachyon:interconnect";
/** Regional config key: the e-mail address a site's alerts notify. */
export const ALERT_EMAIL_KEY = "tachyon:alertEmail";
/**
 * Regional config key: an existing IAM role for the region's API Gateway CloudWatch Logs setting.
 * That setting is one per account and region; a site that sets it to a role of its own fights
 * every other stack of the account that does the same, and leaves the setting pointing at a
 * deleted role when the site is destroyed. With this key the site creates no role and sets the
 * account to the given one, which outlives the site.
 */
export const APIGW_LOG_ROLE_KEY = "tachyon:apiGatewayLogRoleArn";
/** The optional keys of a regional stack, in the order the config reference lists them. */
export const REGIONAL_OPTION_KEYS: readonly string[] = [
  EXPRESS_ROUTE_CIRCUIT_KEY,
  INTERCONNECT_KEY,
  ALERT_EMAIL_KEY,
  APIGW_LOG_ROLE_KEY,
];

/**
 * The clouds whose site deployments read each optional key. `alertEmail` is read by every cloud:
 * AWS sites subscribe it to their SNS alarm topic, Azure sites add it to their action group, GCP
 * sites make it their notification channel.
 */
export const OPTION_CLOUDS: Readonly<Record<string, readonly Cloud[]>> = {
  [EXPRESS_ROUTE_CIRCUIT_KEY]: ["azure"],
  [INTERCONNECT_KEY]: ["gcp"],
  [ALERT_EMAIL_KEY]: ["aws", "azure", "gcp"],
  [APIGW_LOG_ROLE_KEY]: ["aws"],
};

/** Attachment types Tachyon creates: on its own interconnect, or through a partner's. */
export const INTERCONNECT_TYPES = ["DEDICATED", "PARTNER"] as const;
/** Edge availability domains a PARTNER attachment may ask for. */
export const EDGE_AVAILABILITY_DOMAINS = [
  "AVAILABILITY_DOMAIN_ANY",
  "AVAILABILITY_DOMAIN_1",
  "AVAILABILITY_DOMAIN_2",
] as const;
/** Bandwidths of a DEDICATED attachment, as the Compute API names them. */
export const INTERCONNECT_BANDWIDTHS = [
  "BPS_50M",
  "BPS_100M",
  "BPS_200M",
  "BPS_300M",
  "BPS_400M",
  "BPS_500M",
  "BPS_1G",
  "BPS_2G",
  "BPS_5G",
  "BPS_10G",
  "BPS_20G",
  "BPS_50G",
  "BPS_100G",
  "BPS_400G",
] as const;
/** Google's ASN, which a Cloud Router for a Layer 3 Partner Interconnect must use. */
export const GOOGLE_PARTNER_ASN = 16550;

/** A Cloud Interconnect VLAN attachment to an exchange colocation (`tachyon:interconnect`). */
export interface InterconnectConfig {
  /** `DEDICATED` needs the interconnect's URL; `PARTNER` yields a pairing key for the partner. */
  readonly type: (typeof INTERCONNECT_TYPES)[number];
  /** URL of the dedicated interconnect (DEDICATED only). */
  readonly interconnect?: string;
  /** Edge availability domain (PARTNER only). @default "AVAILABILITY_DOMAIN_1" */
  readonly edgeAvailabilityDomain?: (typeof EDGE_AVAILABILITY_DOMAINS)[number];
  /** Attachment bandwidth (DEDICATED only; a partner sets its own). @default "BPS_10G" */
  readonly bandwidth?: (typeof INTERCONNECT_BANDWIDTHS)[number];
  /** ASN of the attachment's Cloud Router. @default 16550 */
  readonly asn?: number;
}

/** The validated optional keys of a regional stack; a key left out is not set. */
export interface RegionalOptions {
  /** ExpressRoute circuit resource id (Azure sites). */
  readonly expressRouteCircuitId?: string;
  /** Interconnect attachment (GCP sites). */
  readonly interconnect?: InterconnectConfig;
  /** Address alerts notify (every site). */
  readonly alertEmail?: string;
  /** Existing role for the region's API Gateway CloudWatch Logs setting (AWS sites). */
  readonly apiGatewayLogRoleArn?: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Azure's naming rules: resource groups 1-90 of letters, digits, _ ( ) - . and not ending in a
// period; ExpressRoute circuits 1-80 of letters, digits, _ . - starting with a letter or digit
// and ending with a letter, digit or underscore.
const RESOURCE_GROUP = /^[\w().-]{0,89}[\w()-]$/;
const CIRCUIT_NAME = /^[A-Za-z0-9](?:[\w.-]{0,78}\w)?$/;
const CIRCUIT_ID_EXAMPLE =
  "/subscriptions/<subscription-guid>/resourceGroups/<group>/providers/Microsoft.Network/expressRouteCircuits/<circuit>";

/** Message for a bad ExpressRoute circuit resource id, or `undefined`. */
export function checkExpressRouteCircuitId(id: string): string | undefined {
  // ARM ids are case-insensitive in their fixed segments; tools print them in several casings.
  const m =
    /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Network\/expressRouteCircuits\/([^/]+)$/i.exec(
      id,
    );
  if (!m) {
    return `is not an ExpressRoute circuit resource id, got ${show(id)}. Use the circuit's id as "az network express-route show --query id" prints it: "${CIRCUIT_ID_EXAMPLE}".`;
  }
  const [, subscription, group, circuit] = m;
  if (!GUID.test(subscription)) {
    return `names a subscription that is not a GUID, got ${show(subscription)}. Use the id of the circuit's subscription, of the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx in hexadecimal digits.`;
  }
  if (!RESOURCE_GROUP.test(group)) {
    return `names a resource group Azure cannot have, got ${show(group)}. Use the circuit's resource group: 1 to 90 letters, digits, underscores, hyphens, periods or parentheses, not ending in a period.`;
  }
  if (!CIRCUIT_NAME.test(circuit)) {
    return `names a circuit Azure cannot have, got ${show(circuit)}. Use the circuit's name: 1 to 80 letters, digits, underscores, hyphens or periods, starting with a letter or digit and ending with a letter, digit or underscore.`;
  }
  return undefined;
}

const EMAIL_LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

/** Message for a value that is not one plausible e-mail address, or `undefined`. */
export function checkAlertEmail(email: string): string | undefined {
  const at = email.lastIndexOf("@");
  const local = email.slice(0, at);
  const labels = email.slice(at + 1).split(".");
  const ok =
    at > 0 &&
    email.length <= 254 &&
    local.length <= 64 &&
    EMAIL_LOCAL.test(local) &&
    labels.length >= 2 &&
    labels.every((l) => DOMAIN_LABEL.test(l)) &&
    /^[A-Za-z]{2,}$/.test(labels[labels.length - 1]);
  if (ok) return undefined;
  return `is not an e-mail address, got ${show(email)}. Give one address like "oncall@trade.example.com"; to reach several people, use a distribution list.`;
}

// IAM role ARNs: partition, 12-digit account, optional path, and a name of 1-64 characters of
// letters, digits and + = , . @ _ - (IAM's rules for role names).
const ROLE_ARN =
  /^arn:aws(?:-cn|-us-gov)?:iam::\d{12}:role\/(?:[\x21-\x7e]*\/)?([\w+=,.@-]{1,64})$/;

/** Message for a value that is not an IAM role ARN, or `undefined`. */
export function checkRoleArn(arn: string): string | undefined {
  if (ROLE_ARN.test(arn)) return undefined;
  return `is not an IAM role ARN, got ${show(arn)}. Use the ARN of the role the account's API Gateway logs with, as "aws apigateway get-account --query cloudwatchRoleArn" prints it: "arn:aws:iam::<account-id>:role/<name>".`;
}

/** Message for a bad interconnect URL, or `undefined`. */
export function checkInterconnectUrl(url: string): string | undefined {
  const m =
    /^(?:https:\/\/(?:www|compute)\.googleapis\.com\/compute\/(?:v1|beta)\/)?projects\/([^/\s]+)\/global\/interconnects\/([^/\s]+)$/.exec(
      url,
    );
  if (m && /^[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$/.test(m[2])) return undefined;
  return `is not an interconnect URL, got ${show(url)}. Use "projects/<project>/global/interconnects/<name>" or the full URL "gcloud compute interconnects describe" prints as selfLink.`;
}

function checked(check: (s: string) => string | undefined): z.ZodType<string> {
  return z.string().superRefine((s, ctx) => {
    const message = check(s);
    if (message !== undefined) ctx.addIssue({ code: "custom", message, input: s });
  });
}

/** The shape of `tachyon:interconnect`; rules between its fields are in {@link parseInterconnect}. */
export const InterconnectSchema = z.strictObject({
  type: z.enum(INTERCONNECT_TYPES),
  interconnect: checked(checkInterconnectUrl).optional(),
  edgeAvailabilityDomain: z.enum(EDGE_AVAILABILITY_DOMAINS).optional(),
  bandwidth: z.enum(INTERCONNECT_BANDWIDTHS).optional(),
  asn: z
    .number()
    .superRefine((n, ctx) => {
      if (n === GOOGLE_PARTNER_ASN || isPrivateAsn(n)) return;
      const message = `is neither Google's ASN ${GOOGLE_PARTNER_ASN} nor a private ASN, got ${show(n)}. Use ${GOOGLE_PARTNER_ASN} for a Layer 3 partner, else a number from 64512 to 65534 or from 4200000000 to 4294967294.`;
      ctx.addIssue({ code: "custom", message, input: n });
    })
    .optional(),
});

/** A parsed value, or every problem found. */
export type Checked<T> = { readonly value: T } | { readonly problems: Problem[] };

/**
 * Validates a `tachyon:interconnect` value (an object, or the JSON text Pulumi hands a program):
 * each field's type and allowed values, then what each attachment type requires and refuses.
 */
export function parseInterconnect(
  raw: unknown,
  root = INTERCONNECT_KEY,
): Checked<InterconnectConfig> {
  let value = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw) as unknown;
    } catch {
      value = raw;
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return {
      problems: [
        {
          path: root,
          message: `must be a map with type and its fields, got ${show(value)}. Write it like { type: PARTNER, edgeAvailabilityDomain: AVAILABILITY_DOMAIN_1 }.`,
        },
      ],
    };
  }
  const parsed = InterconnectSchema.safeParse(value, { reportInput: true });
  const problems = parsed.success
    ? []
    : parsed.error.issues.flatMap((i) => issueToProblems(root, i, InterconnectSchema));
  problems.push(...interconnectRules(root, value as Record<string, unknown>));
  if (problems.length > 0 || !parsed.success) return { problems: inFieldOrder(root, problems) };
  return { value: parsed.data };
}

// Field problems and rule problems arrive in two passes: report them in the schema's field order
// (unknown keys last), as the config reference lists the fields.
function inFieldOrder(root: string, problems: Problem[]): Problem[] {
  const fields = Object.keys(InterconnectSchema.shape);
  const rank = (p: Problem): number => {
    const i = fields.indexOf(p.path.slice(root.length + 1));
    return i === -1 ? fields.length : i;
  };
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank(a.p) - rank(b.p) || a.i - b.i)
    .map(({ p }) => p);
}

// What each attachment type requires and refuses, read from the raw value so that these are
// reported together with any malformed field.
function interconnectRules(root: string, ic: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  const at = (key: string): string => joinPath(root, key);
  if (ic.type === "DEDICATED") {
    if (ic.interconnect === undefined) {
      problems.push({
        path: at("interconnect"),
        message: `is required for a DEDICATED attachment, got nothing. Add the interconnect's URL, "projects/<project>/global/interconnects/<name>".`,
      });
    }
    if (ic.edgeAvailabilityDomain !== undefined) {
      problems.push({
        path: at("edgeAvailabilityDomain"),
        message: `applies to PARTNER attachments only, got ${show(ic.edgeAvailabilityDomain)}. Remove it: a DEDICATED attachment lies in its interconnect's domain.`,
      });
    }
  }
  if (ic.type === "PARTNER") {
    if (ic.interconnect !== undefined) {
      problems.push({
        path: at("interconnect"),
        message: `is not taken by a PARTNER attachment, got ${show(ic.interconnect)}. Remove it or use type "DEDICATED".`,
      });
    }
    if (ic.bandwidth !== undefined) {
      problems.push({
        path: at("bandwidth"),
        message: `is set by the partner on a PARTNER attachment, got ${show(ic.bandwidth)}. Remove it and order the bandwidth from the partner.`,
      });
    }
  }
  return problems;
}

/**
 * Validates the optional keys of a regional stack. `site` is the stack's site when
 * `tachyon:site` is valid: a key its cloud does not read is then reported; without it only the
 * values themselves are checked.
 */
export function parseRegionalOptions(
  config: Record<string, unknown>,
  site: { readonly id: SiteId; readonly cloud: Cloud } | undefined,
): { options: RegionalOptions; problems: Problem[] } {
  const problems: Problem[] = [];
  const options: MutableOptions = {};
  for (const key of REGIONAL_OPTION_KEYS) {
    const raw = config[key];
    if (raw === undefined) continue;
    const clouds = OPTION_CLOUDS[key];
    if (site !== undefined && !clouds.includes(site.cloud)) {
      problems.push({ path: key, message: wrongCloud(raw, site.id, clouds) });
      continue;
    }
    if (key === INTERCONNECT_KEY) {
      const result = parseInterconnect(raw);
      if ("problems" in result) problems.push(...result.problems);
      else options.interconnect = result.value;
      continue;
    }
    const { check, what, set } = STRING_OPTIONS[key];
    const message =
      typeof raw === "string"
        ? check(raw)
        : `must be a string, got ${show(raw)}. Write it as ${what}.`;
    if (message !== undefined) problems.push({ path: key, message });
    else set(options, raw as string);
  }
  return { options, problems };
}

type MutableOptions = { -readonly [K in keyof RegionalOptions]: RegionalOptions[K] };

/** The string-valued optional keys: their check, what they hold, and where they go. */
const STRING_OPTIONS: Readonly<
  Record<
    string,
    {
      check: (s: string) => string | undefined;
      what: string;
      set: (o: MutableOptions, v: string) => void;
    }
  >
> = {
  [EXPRESS_ROUTE_CIRCUIT_KEY]: {
    check: checkExpressRouteCircuitId,
    what: "a resource id",
    set: (o, v) => (o.expressRouteCircuitId = v),
  },
  [ALERT_EMAIL_KEY]: {
    check: checkAlertEmail,
    what: "an e-mail address",
    set: (o, v) => (o.alertEmail = v),
  },
  [APIGW_LOG_ROLE_KEY]: {
    check: checkRoleArn,
    what: "an IAM role ARN",
    set: (o, v) => (o.apiGatewayLogRoleArn = v),
  },
};

/** Reports the regional optional keys set in a global stack's config. */
export function regionalOptionsInGlobal(config: Record<string, unknown>): Problem[] {
  return REGIONAL_OPTION_KEYS.filter((key) => config[key] !== undefined).map((key) => ({
    path: key,
    message: `belongs in regional stacks only, got ${show(config[key])}. Move it to the stack of the ${OPTION_CLOUDS[key].length === 3 ? "" : `${OPTION_CLOUDS[key].join(" or ")} `}site it serves.`,
  }));
}

function wrongCloud(raw: unknown, site: SiteId, clouds: readonly Cloud[]): string {
  const sites = `${clouds.join(" and ")} sites`;
  const article = /^[aeiou]/.test(clouds[0]) ? "an" : "a";
  const fix = `Remove it or move it to the stack of ${article} ${clouds.join(" or ")} site.`;
  return `is read by ${sites} only and this stack deploys ${site}, got ${show(raw)}. ${fix}`;
}
