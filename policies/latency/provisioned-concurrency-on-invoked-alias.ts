/**
 * `provisioned-concurrency-on-invoked-alias`: provisioned concurrency only warms the qualifier it
 * is configured on. A trigger or target that invokes the unqualified function (`$LATEST`) or
 * another alias or version of a function with provisioned concurrency gets cold starts despite
 * paying for warm instances. Judged: event source mappings, Lambda permissions, ALB target group
 * attachments, API Gateway (REST and HTTP) integrations, EventBridge targets, SNS subscriptions
 * and function URLs.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { lambdaTarget } from "../lib/lambda";
import { ofType } from "../lib/stack";
import { asString, pathOf } from "../lib/resource";
import { AWS } from "../lib/resource-types";
import { provisionedByQualifier } from "../lib/warm";

/** Each invoker type: its name in messages, the property naming the function, and its qualifier property. */
const INVOKERS: readonly { type: string; what: string; prop: string; qualifierProp?: string }[] = [
  { type: AWS.eventSourceMapping, what: "Event source mapping", prop: "functionName" },
  {
    type: AWS.lambdaPermission,
    what: "Lambda permission",
    prop: "function",
    qualifierProp: "qualifier",
  },
  { type: AWS.targetGroupAttachment, what: "Target group attachment", prop: "targetId" },
  { type: AWS.apiGatewayIntegration, what: "API Gateway integration", prop: "uri" },
  { type: AWS.apiGatewayV2Integration, what: "API Gateway integration", prop: "integrationUri" },
  { type: AWS.eventTarget, what: "EventBridge target", prop: "arn" },
  { type: AWS.snsTopicSubscription, what: "SNS subscription", prop: "endpoint" },
  { type: AWS.functionUrl, what: "Function URL", prop: "functionName", qualifierProp: "qualifier" },
];

/** The policy. */
export const provisionedConcurrencyOnInvokedAlias: StackValidationPolicy = {
  name: "provisioned-concurrency-on-invoked-alias",
  description:
    "Triggers and targets invoke the alias or version that has provisioned concurrency, never the unqualified function or another qualifier.",
  enforcementLevel: "mandatory",
  severity: "high",
  validateStack: (args, reportViolation) => {
    const resources = args.resources;
    const provisioned = new Map<PolicyResource, Map<string, number>>();
    const provisionedOf = (fn: PolicyResource) => {
      if (!provisioned.has(fn)) provisioned.set(fn, provisionedByQualifier(resources, fn));
      return provisioned.get(fn) as Map<string, number>;
    };
    for (const invoker of INVOKERS) {
      for (const r of ofType(resources, invoker.type)) {
        const target = lambdaTarget(resources, r, invoker.prop, invoker.qualifierProp);
        if (target === undefined || target.qualifier === undefined) continue;
        const qualifiers = [...provisionedOf(target.fn).keys()];
        if (
          qualifiers.length === 0 ||
          (target.qualifier !== null && qualifiers.includes(target.qualifier))
        )
          continue;
        const fnName = asString(pathOf(target.fn.props, "name")) ?? target.fn.name;
        const found =
          target.qualifier === null
            ? "the unqualified function ($LATEST)"
            : `qualifier "${target.qualifier}"`;
        reportViolation(
          `${invoker.what} must invoke the provisioned ${qualifiers.map((q) => `"${q}"`).join(" or ")} of function ${fnName}; found ${found}.`,
          r.urn,
        );
      }
    }
  },
};
