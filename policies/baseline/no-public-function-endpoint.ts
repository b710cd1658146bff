/**
 * `no-public-function-endpoint`: functions are reachable only through the paths the program
 * designs — no unauthenticated Lambda function URL, no Lambda permission for any principal
 * without a source condition, no Azure function app open to the public network, no Cloud Run
 * service or Cloud Function open to all ingress or to `allUsers`. A function meant to be public
 * says so with the tag (GCP: label) `exposure: public` (both configurable).
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { EXPOSURE_PUBLIC, TAG_EXPOSURE } from "../../model/types";
import { configOf } from "../lib/config";
import { lambdaTarget } from "../lib/lambda";
import { dependenciesOf, ofType } from "../lib/stack";
import { asArray, asString, pathOf, tagOf } from "../lib/resource";
import { AWS, AZURE, GCP } from "../lib/resource-types";
import { isUnknown } from "../lib/unknown";

/** Config of `no-public-function-endpoint`. */
export interface PublicEndpointConfig {
  /** Tag (GCP: label) key that marks an intentionally public function. */
  publicTagKey: string;
  /** Its value. */
  publicTagValue: string;
}

const EVERYONE = ["allUsers", "allAuthenticatedUsers"];

const INGRESS_ANNOTATION = "run.googleapis.com/ingress";

/** For each IAM grant type on a function: the input naming its target, and the target types. */
const GRANT_TARGETS: Readonly<Record<string, { prop: string; kinds: readonly string[] }>> = {
  // A Cloud Run service grant may target a Cloud Run function (Cloud Functions v2): the function
  // runs as a Cloud Run service of its own name, and `roles/run.invoker` on it lets callers in.
  [GCP.cloudRunIamMember]: { prop: "name", kinds: [GCP.cloudRunService, GCP.cloudFunction] },
  [GCP.cloudRunIamBinding]: { prop: "name", kinds: [GCP.cloudRunService, GCP.cloudFunction] },
  [GCP.cloudFunctionIamMember]: { prop: "cloudFunction", kinds: [GCP.cloudFunction] },
  [GCP.cloudFunctionV1IamMember]: { prop: "cloudFunction", kinds: [GCP.cloudFunctionV1] },
  [GCP.cloudFunctionV1IamBinding]: { prop: "cloudFunction", kinds: [GCP.cloudFunctionV1] },
  [GCP.cloudRunV1IamMember]: { prop: "service", kinds: [GCP.cloudRunV1Service] },
  [GCP.cloudRunV1IamBinding]: { prop: "service", kinds: [GCP.cloudRunV1Service] },
};

/** The Cloud Run service or Cloud Function an IAM grant is on. */
function iamTarget(resources: readonly PolicyResource[], grant: PolicyResource) {
  const { prop, kinds } = GRANT_TARGETS[grant.type];
  const dep = dependenciesOf(grant, prop).find((d) => kinds.includes(d.type));
  if (dep) return dep;
  const name = asString(pathOf(grant.props, prop))?.split("/").pop();
  const nameOf = (s: PolicyResource) =>
    asString(pathOf(s.props, "name")) ?? asString(pathOf(s.props, "metadata", "name"));
  return ofType(resources, ...kinds).find((s) => nameOf(s) === name);
}

/** The policy. */
export const noPublicFunctionEndpoint: StackValidationPolicy = {
  name: "no-public-function-endpoint",
  description:
    "Functions are not invocable by anyone on the internet unless tagged as public (Lambda URLs and permissions, Azure function apps, Cloud Run and Cloud Functions).",
  enforcementLevel: "mandatory",
  severity: "critical",
  configSchema: {
    properties: {
      publicTagKey: {
        type: "string",
        description: "Tag (GCP: label) key marking an intentionally public function.",
        default: TAG_EXPOSURE,
      },
      publicTagValue: { type: "string", description: "Its value.", default: EXPOSURE_PUBLIC },
    },
  },
  validateStack: (args, reportViolation) => {
    const { publicTagKey, publicTagValue } = configOf<PublicEndpointConfig>(args, {
      publicTagKey: TAG_EXPOSURE,
      publicTagValue: EXPOSURE_PUBLIC,
    });
    const isPublic = (r: PolicyResource | undefined) =>
      r !== undefined && tagOf(r, publicTagKey) === publicTagValue;
    const marker = `${publicTagKey}: ${publicTagValue}`;
    const resources = args.resources;

    for (const url of ofType(resources, AWS.functionUrl)) {
      const auth = asString(pathOf(url.props, "authorizationType"));
      if (
        auth === "NONE" &&
        !isPublic(lambdaTarget(resources, url, "functionName", "qualifier")?.fn)
      ) {
        reportViolation(
          `Lambda function URL must use authorizationType "AWS_IAM" unless its function is tagged ${marker}; found "NONE".`,
          url.urn,
        );
      }
    }
    for (const p of ofType(resources, AWS.lambdaPermission)) {
      if (asString(pathOf(p.props, "principal")) !== "*") continue;
      const conditioned = ["sourceArn", "sourceAccount", "principalOrgId"].some(
        (k) => pathOf(p.props, k) !== undefined,
      );
      if (!conditioned && !isPublic(lambdaTarget(resources, p, "function", "qualifier")?.fn)) {
        reportViolation(
          'Lambda permission for principal "*" must set sourceArn, sourceAccount or principalOrgId; found none.',
          p.urn,
        );
      }
    }
    for (const app of ofType(resources, AZURE.webApp)) {
      if (!(asString(pathOf(app.props, "kind")) ?? "").includes("functionapp") || isPublic(app))
        continue;
      const access =
        asString(pathOf(app.props, "publicNetworkAccess")) ??
        asString(pathOf(app.props, "siteConfig", "publicNetworkAccess"));
      if (access !== "Disabled") {
        reportViolation(
          `Function app must set publicNetworkAccess to "Disabled" unless tagged ${marker}; found ${access === undefined ? "the default Enabled" : `"${access}"`}.`,
          app.urn,
        );
      }
    }
    for (const svc of ofType(resources, GCP.cloudRunService)) {
      if (isPublic(svc)) continue;
      const ingress = asString(pathOf(svc.props, "ingress"));
      if (isUnknown(svc.props, "ingress")) continue;
      if (ingress === undefined || ingress === "INGRESS_TRAFFIC_ALL") {
        reportViolation(
          `Cloud Run service must restrict ingress (INGRESS_TRAFFIC_INTERNAL_ONLY or INTERNAL_LOAD_BALANCER) unless labelled ${marker}; found ${ingress ?? "the default INGRESS_TRAFFIC_ALL"}.`,
          svc.urn,
        );
      }
      if (pathOf(svc.props, "invokerIamDisabled") === true) {
        reportViolation(
          `Cloud Run service must keep the invoker IAM check unless labelled ${marker}; found invokerIamDisabled true.`,
          svc.urn,
        );
      }
    }
    for (const fn of ofType(resources, GCP.cloudFunction)) {
      const ingress = asString(pathOf(fn.props, "serviceConfig", "ingressSettings"));
      if (isUnknown(fn.props, "serviceConfig", "ingressSettings")) continue;
      if (!isPublic(fn) && (ingress === undefined || ingress === "ALLOW_ALL")) {
        reportViolation(
          `Cloud Function must set serviceConfig.ingressSettings to ALLOW_INTERNAL_ONLY or ALLOW_INTERNAL_AND_GCLB unless labelled ${marker}; found ${ingress ?? "the default ALLOW_ALL"}.`,
          fn.urn,
        );
      }
    }
    for (const svc of ofType(resources, GCP.cloudRunV1Service)) {
      if (isPublic(svc) || isUnknown(svc.props, "metadata", "annotations")) continue;
      // Cloud Run v1 sets ingress by annotation, default "all":
      // https://cloud.google.com/run/docs/securing/ingress#yaml
      const ingress = asString(pathOf(svc.props, "metadata", "annotations", INGRESS_ANNOTATION));
      if (ingress === undefined || ingress === "all") {
        reportViolation(
          `Cloud Run service must set the ${INGRESS_ANNOTATION} annotation to internal or internal-and-cloud-load-balancing unless labelled ${marker}; found ${ingress ?? "the default all"}.`,
          svc.urn,
        );
      }
    }
    for (const fn of ofType(resources, GCP.cloudFunctionV1)) {
      // Only HTTP-triggered first-generation functions have an endpoint to restrict.
      if (pathOf(fn.props, "triggerHttp") !== true || isPublic(fn)) continue;
      if (isUnknown(fn.props, "ingressSettings")) continue;
      const ingress = asString(pathOf(fn.props, "ingressSettings"));
      if (ingress === undefined || ingress === "ALLOW_ALL") {
        reportViolation(
          `Cloud Function must set ingressSettings to ALLOW_INTERNAL_ONLY or ALLOW_INTERNAL_AND_GCLB unless labelled ${marker}; found ${ingress ?? "the default ALLOW_ALL"}.`,
          fn.urn,
        );
      }
    }
    const grants = ofType(resources, ...Object.keys(GRANT_TARGETS));
    for (const g of grants) {
      const members = [pathOf(g.props, "member"), ...asArray(pathOf(g.props, "members"))];
      const open = members.find((m): m is string => typeof m === "string" && EVERYONE.includes(m));
      if (open !== undefined && !isPublic(iamTarget(resources, g))) {
        reportViolation(
          `IAM grant on a function must name its callers unless the function is labelled ${marker}; found member "${open}".`,
          g.urn,
        );
      }
    }
  },
};
