/**
 * `external-key-access`: the advisory half of `customer-managed-key-access`, for stores whose
 * customer-managed key comes from outside the program (an ARN in the input, no key resource). A
 * role that reads or writes such a store and has no IAM grant on the key works only if the key's
 * policy names the role itself, which the program cannot show; so the finding is advisory.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import {
  accessesOf,
  encryptedStores,
  iamGrants,
  keyFor,
  listOf,
  roleDocuments,
} from "../lib/key-access";
import { asString, pathOf } from "../lib/resource";
import { AWS } from "../lib/resource-types";
import { ofType } from "../lib/stack";

/** The policy. */
export const externalKeyAccess: StackValidationPolicy = {
  name: "external-key-access",
  description:
    "A role that reads or writes a store encrypted with a customer-managed KMS key from outside the program is granted that key by IAM, unless the key policy names the role.",
  enforcementLevel: "advisory",
  severity: "medium",
  validateStack: (args, reportViolation) => {
    const stores = encryptedStores(args.resources);
    for (const role of ofType(args.resources, AWS.iamRole)) {
      const docs = roleDocuments(args.resources, role);
      const roleName = asString(pathOf(role.props, "name")) ?? role.name;
      for (const store of stores) {
        for (const access of accessesOf(docs, store)) {
          const key = keyFor(store, access.region);
          if (key === undefined || key.resource !== undefined || key.arn === undefined) continue;
          const iam = iamGrants(docs, key, access.needs);
          const missing = access.needs.filter((a) => !iam.includes(a));
          if (missing.length === 0) continue;
          const where = access.region === undefined ? "" : ` in ${access.region}`;
          reportViolation(
            `IAM role ${roleName} must be allowed ${listOf(missing)} on KMS key ${key.arn}, which encrypts ${store.label}${where} that the role ${access.verbs}; no policy of the role grants it and the key policy is outside the program, so only a statement there naming the role would.`,
            role.urn,
          );
        }
      }
    }
  },
};
