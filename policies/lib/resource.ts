/**
 * What a policy needs to know about any resource, whatever program registered it: its cloud, its
 * tags (GCP: labels) and its region. Values the engine does not know yet (during `pulumi preview`)
 * read as `undefined` instead of aborting the whole policy.
 */
import { UnknownValueError, type PolicyProviderResource } from "@pulumi/policy";
import type { Cloud } from "../../model/types";

/** The part of a resource every policy sees: Analyze's args and AnalyzeStack's resources alike. */
export interface JudgedResource {
  readonly type: string;
  readonly props: Record<string, unknown>;
  readonly provider?: PolicyProviderResource;
}

/**
 * Runs `read` and returns its value, or `undefined` when it touches a value that is unknown during
 * preview. Stack policies read many resources; one unknown value must not silence the rest.
 */
export function known<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (e) {
    if (e instanceof UnknownValueError) return undefined;
    throw e;
  }
}

/**
 * The object behind @pulumi/policy's unknown-checking proxy. Needed for asset and archive
 * objects, whose promise-valued fields cannot be awaited through the proxy.
 */
export function unproxied<T>(value: T): T {
  if (value === null || typeof value !== "object") return value;
  const target = (value as Record<string, unknown>).__getSpecialProxyTarget;
  return (target ?? value) as T;
}

/** The cloud a resource type belongs to, or `undefined` for other packages. */
export function cloudOfType(type: string): Cloud | undefined {
  if (type.startsWith("aws:") || type === "pulumi:providers:aws") return "aws";
  if (type.startsWith("azure-native:") || type === "pulumi:providers:azure-native") return "azure";
  if (type.startsWith("azure:") || type === "pulumi:providers:azure") return "azure";
  if (type.startsWith("gcp:") || type === "pulumi:providers:gcp") return "gcp";
  return undefined;
}

/** `value` as a plain object, or `undefined`; provider config objects may arrive JSON-encoded. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  if (typeof value === "string" && value.startsWith("{")) {
    try {
      return asRecord(JSON.parse(value));
    } catch {
      return undefined;
    }
  }
  return value !== null && typeof value === "object" && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** `value` as an array, or an empty one; elements unknown during preview read as `undefined`. */
export function asArray(value: unknown): readonly unknown[] {
  if (!Array.isArray(value)) return [];
  const list: readonly unknown[] = value;
  return Array.from({ length: list.length }, (_, i) => known(() => list[i]));
}

/** `value` if it is a string, else `undefined`. */
export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** `value` if it is a finite number (numeric strings too: some providers type counts as text). */
export function asNumber(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value;
  if (typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) {
    return Number(value);
  }
  return undefined;
}

/** Reads a nested property by path, tolerating missing and unknown values on the way. */
export function pathOf(props: unknown, ...path: (string | number)[]): unknown {
  return known(() => {
    let v: unknown = props;
    for (const key of path) {
      if (v === null || typeof v !== "object") return undefined;
      v = (v as Record<string | number, unknown>)[key];
    }
    return v;
  });
}

/** String-valued entries of a tag map; entries unknown during preview are left out. */
function stringEntries(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const map = asRecord(value) ?? {};
  for (const k of Object.keys(map)) {
    const v = known(() => map[k]);
    if (typeof v === "string") out[k] = v;
  }
  return out;
}

/**
 * The tags (GCP: labels) of a resource: the provider's default tags, overridden by the resource's
 * own. AWS reads `defaultTags.tags` and `tags`/`tagsAll`; Azure `tags`; GCP `defaultLabels` and
 * `labels`/`effectiveLabels`.
 */
export function tagsOf(resource: JudgedResource): Record<string, string> {
  const cloud = cloudOfType(resource.type);
  const p = resource.props;
  const provider = resource.provider?.props;
  switch (cloud) {
    case "aws":
      return {
        ...stringEntries(pathOf(asRecord(pathOf(provider, "defaultTags")), "tags")),
        ...stringEntries(pathOf(p, "tagsAll")),
        ...stringEntries(pathOf(p, "tags")),
      };
    case "gcp":
      return {
        ...stringEntries(pathOf(provider, "defaultLabels")),
        ...stringEntries(pathOf(p, "effectiveLabels")),
        // Cloud Run v1 services keep their labels in Knative's metadata.
        ...stringEntries(pathOf(p, "metadata", "labels")),
        ...stringEntries(pathOf(p, "labels")),
      };
    default:
      return stringEntries(pathOf(p, "tags"));
  }
}

/** The value of one tag (GCP: label) of a resource. */
export function tagOf(resource: JudgedResource, key: string): string | undefined {
  return tagsOf(resource)[key];
}

/**
 * An Azure location in its code form: `"West Europe"` and `"westeurope"` both read `westeurope`.
 * Azure accepts either in `location`; the catalog lists codes.
 */
export function normalizeAzureLocation(location: string): string {
  return location.toLowerCase().replace(/[\s_-]+/g, "");
}

/** A GCP zone's region (`europe-west3-b` → `europe-west3`); a region stays as it is. */
export function gcpRegionOfZone(zone: string): string {
  return /^[a-z]+-[a-z]+\d+-[a-z]$/.test(zone) ? zone.slice(0, -2) : zone;
}

/**
 * The region a resource lives in: its own `region` (AWS v7, GCP) or `location` (Azure, GCP) input,
 * else its provider's `region`/`location`. Azure locations are normalised to codes; GCP zones to
 * their region. `undefined` when neither says (or the value is unknown during preview).
 */
export function regionOf(resource: JudgedResource): string | undefined {
  const cloud = cloudOfType(resource.type);
  const own = (key: string) => asString(pathOf(resource.props, key));
  const fromProvider = (key: string) => asString(pathOf(resource.provider?.props, key));
  switch (cloud) {
    case "aws":
      return own("region") ?? fromProvider("region");
    case "azure": {
      const location = own("location") ?? fromProvider("location");
      return location === undefined ? undefined : normalizeAzureLocation(location);
    }
    case "gcp": {
      const region = own("region") ?? own("location") ?? own("zone") ?? fromProvider("region");
      return region === undefined ? undefined : gcpRegionOfZone(region.toLowerCase());
    }
    default:
      return undefined;
  }
}
