/**
 * Pulumi's property wire format: the special signature objects that mark secrets, resource
 * references, assets and archives, and the sentinel string of an unknown value.
 */

/** Key of every signature object. */
export const SIG_KEY = "4dabf18193072939515e22adb298388d";
/** Signature of a secret: `{ [SIG_KEY]: SECRET_SIG, value }`. */
export const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
/** Signature of a resource reference: `{ [SIG_KEY]: RESOURCE_SIG, urn, id?, packageVersion? }`. */
export const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
/** Signature of an output value: `{ [SIG_KEY]: OUTPUT_SIG, value?, secret?, dependencies? }`. */
export const OUTPUT_SIG = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
/** The string that stands for a value not known until the resource exists. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Wraps a value as a secret. */
export function secretValue(value: unknown): Record<string, unknown> {
  return { [SIG_KEY]: SECRET_SIG, value };
}

/** True for a signature object with the given signature. */
export function hasSig(value: unknown, sig: string): value is Record<string, unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    (value as Record<string, unknown>)[SIG_KEY] === sig
  );
}

/**
 * Replaces resource references by the resource's id (custom resources) or URN (components), as
 * the engine does when it marshals properties for a plugin that does not accept references.
 */
export function downgradeResourceRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(downgradeResourceRefs);
  if (typeof value !== "object" || value === null) return value;
  if (hasSig(value, RESOURCE_SIG)) {
    const id = value["id"];
    return typeof id === "string" && id !== "" ? id : value["urn"];
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = downgradeResourceRefs(v);
  return out;
}

/** A wire value turned into plain JSON, and whether any part of it was secret. */
export interface Plain {
  readonly value: unknown;
  readonly secret: boolean;
}

/** Unwraps secrets and output values, drops unknowns, turns resource references into ids/URNs. */
export function toPlain(value: unknown): Plain {
  if (value === UNKNOWN) return { value: undefined, secret: false };
  if (Array.isArray(value)) {
    const items = value.map(toPlain);
    return { value: items.map((i) => i.value), secret: items.some((i) => i.secret) };
  }
  if (typeof value !== "object" || value === null) return { value, secret: false };
  if (hasSig(value, SECRET_SIG)) return { value: toPlain(value["value"]).value, secret: true };
  if (hasSig(value, OUTPUT_SIG)) {
    const inner = toPlain(value["value"]);
    return { value: inner.value, secret: inner.secret || value["secret"] === true };
  }
  if (hasSig(value, RESOURCE_SIG)) return { value: downgradeResourceRefs(value), secret: false };
  const out: Record<string, unknown> = {};
  let secret = false;
  for (const [k, v] of Object.entries(value)) {
    const p = toPlain(v);
    if (p.value !== undefined) out[k] = p.value;
    secret ||= p.secret;
  }
  return { value: out, secret };
}
