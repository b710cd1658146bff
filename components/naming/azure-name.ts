/**
 * Physical names of Azure resources: `tachyon-<env>-<site>-<role>` cut to each resource type's
 * length and character rules. Several Azure names are global DNS labels (storage accounts,
 * function apps, Cosmos DB accounts, namespaces), so a name that must be cut keeps a short hash of
 * the full name: two long names never collide after truncation, and the same inputs always give
 * the same name, so a redeploy never replaces a resource.
 */
import { shortHash } from "./short-hash";

/** Azure resource kinds with their own naming rules. */
export type AzureNameKind =
  | "resourceGroup"
  | "storageAccount"
  | "functionApp"
  | "cosmosAccount"
  | "namespace"
  | "frontDoor"
  | "generic";

interface Rule {
  readonly max: number;
  /** Lowercase letters and digits only (no hyphens). */
  readonly alnum: boolean;
}

// Limits from the Azure naming rules for each resource provider.
const RULES: Record<AzureNameKind, Rule> = {
  resourceGroup: { max: 90, alnum: false },
  storageAccount: { max: 24, alnum: true },
  functionApp: { max: 60, alnum: false },
  cosmosAccount: { max: 44, alnum: false },
  namespace: { max: 50, alnum: false },
  frontDoor: { max: 46, alnum: false },
  generic: { max: 80, alnum: false },
};

/**
 * The physical name of an Azure resource, e.g. `azureName("functionApp", "prod", "westeurope",
 * "order")` is `tachyon-prod-westeurope-order`. Parts are lowercased; characters the kind does not
 * allow are dropped; a name over the kind's limit is cut and ends with a hash of the full name.
 */
export function azureName(kind: AzureNameKind, ...parts: string[]): string {
  const rule = RULES[kind];
  const full = ["tachyon", ...parts].join("-").toLowerCase();
  const clean = rule.alnum
    ? full.replace(/[^a-z0-9]/g, "")
    : full.replace(/[^a-z0-9-]/g, "-").replace(/-+/g, "-");
  if (clean.length <= rule.max) return clean;
  const hash = shortHash(full);
  const keep = rule.max - hash.length - (rule.alnum ? 0 : 1);
  const head = clean.slice(0, keep).replace(/-+$/, "");
  return rule.alnum ? head + hash : `${head}-${hash}`;
}
