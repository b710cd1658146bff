/**
 * `deletion-protection`: a stray `pulumi destroy` or console click cannot drop a database —
 * DynamoDB `deletionProtectionEnabled` (table and replicas), Spanner `enableDropProtection` (the
 * API-level protection; the provider's own `deletionProtection` guards Pulumi only and must not be
 * switched off), and, since Cosmos DB has no such flag, an Azure `CanNotDelete` management lock
 * on the account (or its resource group) in the same stack.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { ofType } from "../lib/stack";
import { asArray, asString, pathOf } from "../lib/resource";
import { AWS, AZURE, AZURE_OTHER, COSMOS_ACCOUNTS, GCP } from "../lib/resource-types";
import { isUnknown } from "../lib/unknown";

/** Azure management lock resource types. */
const LOCK_TYPES = [
  AZURE.lockAtResource,
  AZURE.lockAtResourceGroup,
  AZURE.lockByScope,
  AZURE_OTHER.classicLock,
];

/** The account's name input: `accountName` in azure-native, `name` in the classic provider. */
const NAME_KEY = (account: PolicyResource) =>
  account.type === AZURE_OTHER.classicCosmosAccount ? "name" : "accountName";

/** Whether `lock` is a delete lock that covers the Cosmos DB `account`. */
function locks(lock: PolicyResource, account: PolicyResource): boolean {
  const level = asString(pathOf(lock.props, "level")) ?? asString(pathOf(lock.props, "lockLevel"));
  if (level !== "CanNotDelete" && level !== "ReadOnly") return false;
  if (lock.dependencies.includes(account)) return true;
  const accountName = asString(pathOf(account.props, NAME_KEY(account)));
  const group = asString(pathOf(account.props, "resourceGroupName"));
  const scope = asString(pathOf(lock.props, "scope")) ?? "";
  const target = asString(pathOf(lock.props, "resourceName"));
  if (accountName !== undefined && (target === accountName || scope.endsWith(`/${accountName}`)))
    return true;
  return (
    lock.type === AZURE.lockAtResourceGroup &&
    group !== undefined &&
    asString(pathOf(lock.props, "resourceGroupName")) === group
  );
}

/** The policy. */
export const deletionProtection: StackValidationPolicy = {
  name: "deletion-protection",
  description:
    "Databases cannot be deleted by accident: DynamoDB deletion protection, Spanner drop protection, a delete lock on Cosmos DB accounts.",
  enforcementLevel: "mandatory",
  severity: "high",
  validateStack: (args, reportViolation) => {
    const resources = args.resources;
    for (const table of ofType(resources, AWS.dynamodbTable)) {
      if (
        pathOf(table.props, "deletionProtectionEnabled") !== true &&
        !isUnknown(table.props, "deletionProtectionEnabled")
      ) {
        reportViolation(
          "DynamoDB table must set deletionProtectionEnabled to true; found it off.",
          table.urn,
        );
      }
      for (const replica of asArray(pathOf(table.props, "replicas"))) {
        if (pathOf(replica, "deletionProtectionEnabled") === false) {
          const region = asString(pathOf(replica, "regionName")) ?? "?";
          reportViolation(
            `DynamoDB replica must keep deletionProtectionEnabled; found it false in ${region}.`,
            table.urn,
          );
        }
      }
    }
    for (const db of ofType(resources, GCP.spannerDatabase)) {
      if (
        pathOf(db.props, "enableDropProtection") !== true &&
        !isUnknown(db.props, "enableDropProtection")
      ) {
        reportViolation(
          "Spanner database must set enableDropProtection to true; found it off.",
          db.urn,
        );
      }
      if (pathOf(db.props, "deletionProtection") === false) {
        reportViolation("Spanner database must keep deletionProtection; found it false.", db.urn);
      }
    }
    const lockResources = ofType(resources, ...LOCK_TYPES);
    // A lock whose target is not known yet (its scope is often the account's own id) may be the one.
    const undecided = lockResources.some((lock) =>
      ["level", "lockLevel", "scope", "resourceName", "resourceGroupName"].some((k) =>
        isUnknown(lock.props, k),
      ),
    );
    for (const account of ofType(resources, ...COSMOS_ACCOUNTS)) {
      if (undecided || isUnknown(account.props, NAME_KEY(account))) continue;
      if (isUnknown(account.props, "resourceGroupName")) continue;
      if (!lockResources.some((lock) => locks(lock, account))) {
        reportViolation(
          "Cosmos DB account must have a CanNotDelete management lock; found none on the account or its resource group.",
          account.urn,
        );
      }
    }
  },
};
