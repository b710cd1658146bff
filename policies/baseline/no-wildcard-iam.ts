/**
 * `no-wildcard-iam`: no grant of everything. AWS policy statements that allow `*` or a whole
 * service (`dynamodb:*`), or use `NotAction` to allow; GCP's primitive roles (owner, editor);
 * Azure Owner, Contributor or User Access Administrator assigned at subscription (or wider) scope;
 * Cosmos DB Built-in Data Contributor (every data action) assigned on a whole account.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { configOf } from "../lib/config";
import { forTypes } from "../lib/policy";
import { asArray, asRecord, asString, pathOf } from "../lib/resource";
import { AWS, AZURE, AZURE_OTHER, GCP } from "../lib/resource-types";

/** Config of `no-wildcard-iam`. */
export interface WildcardIamConfig {
  /** Actions allowed despite containing a wildcard, e.g. `["xray:*"]`. */
  allowedActions: string[];
  /** GCP roles refused at project level. */
  forbiddenGcpRoles: string[];
}

/** Built-in Azure role definition ids too broad to assign subscription-wide. */
export const AZURE_BROAD_ROLES: Readonly<Record<string, string>> = {
  "8e3af657-a8ff-443c-a75c-2fe8c4bcb635": "Owner",
  "b24988ac-6180-42a0-ab88-20f7382dd24c": "Contributor",
  "18d7d88d-d35e-4fb5-a5c3-7773c20a72d9": "User Access Administrator",
};

/**
 * The Cosmos DB data-plane role granting every data action (readMetadata, containers/* and
 * items/*: https://learn.microsoft.com/azure/cosmos-db/nosql/security/reference-data-plane-roles).
 */
export const COSMOS_DATA_CONTRIBUTOR = "00000000-0000-0000-0000-000000000002";

/** The Cosmos DB SQL role-assignment types (azure-native v3 and v1/v2, classic). */
const COSMOS_ROLE_ASSIGNMENTS: readonly string[] = [
  AZURE.cosmosSqlRoleAssignment,
  AZURE_OTHER.documentdbSqlRoleAssignment,
  AZURE_OTHER.classicCosmosSqlRoleAssignment,
];

/**
 * Whether a Cosmos DB role assignment's scope is the whole account: `/` or the account's resource
 * id, rather than `/dbs/<db>` or `/dbs/<db>/colls/<container>` under it
 * (https://learn.microsoft.com/azure/cosmos-db/how-to-setup-rbac#role-assignments).
 */
function isCosmosAccountScope(scope: string): boolean {
  return scope === "/" || /\/databaseAccounts\/[^/]+\/?$/i.test(scope);
}

/** The statements of an IAM policy document given as JSON text or an object. */
function statementsOf(document: unknown): Record<string, unknown>[] {
  const doc = asRecord(document);
  const statements = pathOf(doc, "Statement");
  return (Array.isArray(statements) ? statements : [statements]).flatMap((s) => {
    const r = asRecord(s);
    return r ? [r] : [];
  });
}

/** The wildcard grants of an IAM policy document, as message fragments. */
export function wildcardGrants(document: unknown, allowed: readonly string[]): string[] {
  return statementsOf(document).flatMap((s) => {
    if (s.Effect !== "Allow") return [];
    if (s.NotAction !== undefined) return [`an Allow statement with NotAction`];
    const actions = [s.Action].flat().filter((a): a is string => typeof a === "string");
    return actions
      .filter((a) => (a === "*" || a.endsWith(":*")) && !allowed.includes(a))
      .map((a) => `action "${a}"`);
  });
}

/** Whether an Azure scope is a whole subscription or a management group. */
function isSubscriptionScope(scope: string): boolean {
  return (
    /^\/subscriptions\/[^/]+\/?$/i.test(scope) || /managementGroups\//i.test(scope) || scope === "/"
  );
}

/** The policy. */
export const noWildcardIam: ResourceValidationPolicy = {
  name: "no-wildcard-iam",
  description:
    "IAM grants name their actions: no wildcard AWS actions, no GCP primitive roles, no Azure Owner/Contributor at subscription scope, no Cosmos DB Data Contributor on a whole account.",
  enforcementLevel: "mandatory",
  severity: "high",
  configSchema: {
    properties: {
      allowedActions: {
        type: "array",
        items: { type: "string" },
        description: 'AWS actions allowed despite their wildcard, e.g. "xray:*".',
        default: [],
      },
      forbiddenGcpRoles: {
        type: "array",
        items: { type: "string" },
        description: "GCP roles refused in project IAM.",
        default: ["roles/owner", "roles/editor"],
      },
    },
  },
  validateResource: forTypes(
    [
      AWS.iamPolicy,
      AWS.iamRolePolicy,
      AWS.iamRole,
      GCP.projectIamMember,
      GCP.projectIamBinding,
      AZURE.roleAssignment,
      ...COSMOS_ROLE_ASSIGNMENTS,
    ],
    (args, reportViolation) => {
      const config = configOf<WildcardIamConfig>(args, {
        allowedActions: [],
        forbiddenGcpRoles: ["roles/owner", "roles/editor"],
      });
      const p = args.props;
      if (COSMOS_ROLE_ASSIGNMENTS.includes(args.type)) {
        const roleId = (asString(pathOf(p, "roleDefinitionId")) ?? "").split("/").pop() ?? "";
        const scope = asString(pathOf(p, "scope"));
        if (
          roleId === COSMOS_DATA_CONTRIBUTOR &&
          scope !== undefined &&
          isCosmosAccountScope(scope)
        ) {
          reportViolation(
            `Cosmos DB role assignment must grant Data Contributor on a database or container; found it on the whole account at scope "${scope}".`,
          );
        }
        return;
      }
      switch (args.type) {
        case AWS.iamPolicy:
        case AWS.iamRolePolicy:
          for (const grant of wildcardGrants(pathOf(p, "policy"), config.allowedActions)) {
            reportViolation(`IAM policy must name the actions it allows; found ${grant}.`);
          }
          return;
        case AWS.iamRole:
          for (const inline of asArray(pathOf(p, "inlinePolicies"))) {
            for (const grant of wildcardGrants(pathOf(inline, "policy"), config.allowedActions)) {
              reportViolation(
                `IAM role inline policy must name the actions it allows; found ${grant}.`,
              );
            }
          }
          return;
        case AZURE.roleAssignment: {
          const roleId = (asString(pathOf(p, "roleDefinitionId")) ?? "").split("/").pop() ?? "";
          const role = AZURE_BROAD_ROLES[roleId.toLowerCase()];
          const scope = asString(pathOf(p, "scope")) ?? "";
          if (role !== undefined && isSubscriptionScope(scope)) {
            reportViolation(
              `Role assignment must grant a narrower role or scope than ${role}; found ${role} at scope "${scope}".`,
            );
          }
          return;
        }
        default: {
          const role = asString(pathOf(p, "role")) ?? "";
          if (config.forbiddenGcpRoles.includes(role)) {
            reportViolation(
              `Project IAM grant must use a predefined or custom role; found "${role}".`,
            );
          }
        }
      }
    },
  ),
};
