/**
 * Physical names of Google Cloud resources: `tachyon-<env>-<region>-<role>` cut to each resource
 * type's rules (RFC 1035 labels for most, 30 characters for service accounts and Spanner ids). A
 * name that must be cut keeps a short hash of the full name, so two long names never collide and
 * the same inputs always give the same name.
 */
import { shortHash } from "./short-hash";

/** Google Cloud resource kinds with their own naming rules. */
export type GcpNameKind = "resource" | "cloudRun" | "serviceAccount" | "spanner" | "bucket";

// Limits from each API's resource naming rules.
const LIMITS: Record<GcpNameKind, number> = {
  resource: 63,
  cloudRun: 49,
  serviceAccount: 30,
  spanner: 30,
  bucket: 63,
};

/**
 * The physical name of a Google Cloud resource, e.g. `gcpName("cloudRun", "prod",
 * "europe-west3", "order")` is `tachyon-prod-europe-west3-order`. Lowercase letters, digits and
 * hyphens only, starting with a letter and not ending with a hyphen.
 */
export function gcpName(kind: GcpNameKind, ...parts: string[]): string {
  const max = LIMITS[kind];
  const full = ["tachyon", ...parts].join("-").toLowerCase();
  const clean = full
    .replace(/[^a-z0-9-]/g, "-")
    .replace(/-+/g, "-")
    .replace(/-$/, "");
  if (clean.length <= max) return clean;
  const hash = shortHash(full);
  return `${clean.slice(0, max - hash.length - 1).replace(/-+$/, "")}-${hash}`;
}

/**
 * The Cloud Run service name of a function at a site. Deterministic, so the global stack can
 * point serverless NEGs at services its regional stacks create later.
 */
export function cloudRunServiceName(environment: string, region: string, fn: string): string {
  return gcpName("cloudRun", environment, region, fn);
}

/**
 * The name of a Google-managed certificate for `domain` on the load balancer named `baseName`:
 * `<baseName>-<hash of domain>`, cut to the 63 characters of an RFC 1035 label. A certificate's
 * domains cannot change in place (the provider replaces it), and a replacement under the same
 * name cannot exist beside the certificate it replaces, which the HTTPS proxy still uses
 * (https://github.com/hashicorp/terraform-provider-google/issues/6147): a name per domain lets
 * the new certificate be created, the proxy switched to it, then the old one deleted.
 */
export function gcpCertificateName(baseName: string, domain: string): string {
  const hash = shortHash(domain);
  const base = baseName.slice(0, LIMITS.resource - hash.length - 1).replace(/-+$/, "");
  return `${base}-${hash}`;
}
