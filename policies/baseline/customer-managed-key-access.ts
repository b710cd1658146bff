/**
 * `customer-managed-key-access`: a role that reads or writes a store encrypted with a
 * customer-managed KMS key may also use that key — DynamoDB tables (and each replica's own key in
 * its region), SQS queues, Kinesis streams, SNS topics and Secrets Manager secrets — and a log
 * group's key lets CloudWatch Logs use it. Judged when the key and its policy are in the program,
 * so the verdict is certain; keys from outside the program are `external-key-access`'s (advisory).
 * Works on any program: roles' inline policies, role policies and attached managed policies, linked
 * to stores and keys by ARN or by the engine's property dependencies.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import {
  accessesOf,
  encryptedStores,
  iamGrants,
  keyFor,
  keyPolicyAllowsService,
  keyPolicyView,
  listOf,
  roleDocuments,
} from "../lib/key-access";
import { asString, pathOf, regionOf } from "../lib/resource";
import { AWS } from "../lib/resource-types";
import { dependenciesOf, ofType } from "../lib/stack";
import { isUnknown } from "../lib/unknown";

// CloudWatch Logs encrypts with its own service principal, which the key policy must name
// (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html).
const LOGS_ACTIONS = ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"];

/** The policy. */
export const customerManagedKeyAccess: StackValidationPolicy = {
  name: "customer-managed-key-access",
  description:
    "A role that reads or writes a store encrypted with a customer-managed KMS key of the program may use that key in the store's region, and a log group's key lets CloudWatch Logs use it.",
  enforcementLevel: "mandatory",
  severity: "high",
  validateStack: (args, reportViolation) => {
    const stores = encryptedStores(args.resources);
    for (const role of ofType(args.resources, AWS.iamRole)) {
      const docs = roleDocuments(args.resources, role);
      const roleName = asString(pathOf(role.props, "name")) ?? role.name;
      for (const store of stores) {
        for (const access of accessesOf(docs, store)) {
          const key = keyFor(store, access.region);
          if (key?.resource === undefined || access.needs.length === 0) continue;
          const view = keyPolicyView(key.resource, role, access.needs);
          if (view === undefined) continue;
          const iam = iamGrants(docs, key, access.needs);
          const missing = access.needs.filter(
            (a) => !view.direct.includes(a) && !(view.viaIam.includes(a) && iam.includes(a)),
          );
          if (missing.length === 0) continue;
          const deferred = missing.every((a) => view.viaIam.includes(a));
          const found = view.isDefault
            ? "the key has the default key policy, which leaves it to IAM, and no policy of the role grants it"
            : deferred
              ? "the key policy leaves it to IAM and no policy of the role grants it"
              : "the key policy neither names the role nor leaves it to IAM";
          const where = access.region === undefined ? "" : ` in ${access.region}`;
          reportViolation(
            `IAM role ${roleName} must be allowed ${listOf(missing)} on KMS key ${key.resource.name}, which encrypts ${store.label}${where} that the role ${access.verbs}; ${found}.`,
            role.urn,
          );
        }
      }
    }
    for (const group of ofType(args.resources, AWS.logGroup)) {
      if (isUnknown(group.props, "kmsKeyId")) continue;
      const key = dependenciesOf(group, "kmsKeyId").find((d) => d.type === AWS.kmsKey);
      const region = regionOf(group) ?? (key ? regionOf(key) : undefined);
      if (key === undefined || region === undefined) continue;
      const service = `logs.${region}.amazonaws.com`;
      if (keyPolicyAllowsService(key, service, LOGS_ACTIONS) !== false) continue;
      const name = asString(pathOf(group.props, "name")) ?? group.name;
      const found =
        pathOf(key.props, "policy") !== undefined
          ? `its key policy does not allow ${service} all of them`
          : "the key has the default key policy, which names no service";
      reportViolation(
        `KMS key ${key.name} must let ${service} use ${listOf(LOGS_ACTIONS)}, since it encrypts CloudWatch log group ${name}; ${found}.`,
        key.urn,
      );
    }
  },
};
