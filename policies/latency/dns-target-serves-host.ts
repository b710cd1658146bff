/**
 * `dns-target-serves-host`: a DNS record that sends a custom host name to a shared edge must point
 * at one that serves that host name, or clients get an error or a certificate for another name.
 *
 * - Front Door (a CNAME to `*.azurefd.net`): the host must be an AFD custom domain, and a route of
 *   that endpoint must list it; Front Door answers other Hosts with 400 and has no certificate for
 *   their SNI. https://learn.microsoft.com/azure/frontdoor/domain
 * - CloudFront (a CNAME or alias to `*.cloudfront.net`): the distribution's `aliases` must cover
 *   the host, or CloudFront answers 403 and presents no certificate for it.
 *   https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/CNAMEs.html
 * - A Google load balancer (an A record to a global address of the stack): some HTTPS proxy on
 *   that address must hold a Google-managed certificate for the host.
 *   https://cloud.google.com/load-balancing/docs/ssl-certificates/google-managed-certs
 *
 * Judged only where the stack decides it: an edge managed by another stack, a self-managed or
 * Certificate Manager certificate, or a value unknown during preview is skipped, not reported.
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { dnsName, nameCovers } from "../lib/dns";
import { asArray, asString, pathOf } from "../lib/resource";
import { AWS, AZURE, GCP } from "../lib/resource-types";
import { dnsRecordsOf, type DnsRecord } from "../lib/route53";
import { dependenciesOf, ofType } from "../lib/stack";

/** The policy. */
export const dnsTargetServesHost: StackValidationPolicy = {
  name: "dns-target-serves-host",
  description:
    "A DNS record that points a host name at Front Door, CloudFront or a Google load balancer points at one that serves that host name (custom domain on a route, alias, certificate).",
  enforcementLevel: "mandatory",
  severity: "high",
  validateStack: (args, reportViolation) => {
    const resources = args.resources;
    for (const record of dnsRecordsOf(resources)) {
      const problem =
        frontDoorProblem(record, resources) ??
        cloudFrontProblem(record, resources) ??
        googleProblem(record, resources);
      if (problem !== undefined) reportViolation(problem, record.resource.urn);
    }
  },
};

/** Ids a resource is known by: its id, self link and (GCP) name. */
function idsOf(r: PolicyResource): string[] {
  return ["id", "selfLink"]
    .map((k) => asString(pathOf(r.props, k)))
    .filter((v): v is string => v !== undefined && v !== "");
}

/** The resources of `candidates` that property `prop` of `r` names, by dependency or value. */
function referenced(
  r: PolicyResource,
  prop: string,
  values: readonly unknown[],
  candidates: readonly PolicyResource[],
): PolicyResource[] {
  const deps = dependenciesOf(r, prop).filter((d) => candidates.includes(d));
  const byValue = candidates.filter((c) =>
    idsOf(c).some((id) => values.some((v) => typeof v === "string" && v === id)),
  );
  return [...new Set([...deps, ...byValue])];
}

function frontDoorProblem(
  record: DnsRecord,
  resources: readonly PolicyResource[],
): string | undefined {
  if (record.type !== "CNAME") return undefined;
  const target = record.values.map(dnsName).find((v) => v.endsWith(".azurefd.net"));
  if (target === undefined) return undefined;
  const endpoints = ofType(resources, AZURE.afdEndpoint).filter(
    (e) => dnsName(asString(pathOf(e.props, "hostName")) ?? "") === target,
  );
  // A Standard/Premium endpoint's host name is "<endpoint name>-<hash>.<zone>.azurefd.net".
  const routes = ofType(resources, AZURE.afdRoute).filter((r) => {
    const endpoint = asString(pathOf(r.props, "endpointName"));
    return (
      dependenciesOf(r, "endpointName").some((d) => endpoints.includes(d)) ||
      (endpoint !== undefined && target.startsWith(`${endpoint.toLowerCase()}-`))
    );
  });
  const domains = ofType(resources, AZURE.afdCustomDomain);
  const mine = domains.filter(
    (d) => dnsName(asString(pathOf(d.props, "hostName")) ?? "") === record.name,
  );
  if (routes.length > 0) {
    const listed = routes.map((r) => ({
      ids: asArray(pathOf(r.props, "customDomains")).map((c) => pathOf(c, "id")),
      route: r,
    }));
    const attached = listed.some(
      ({ ids, route }) => referenced(route, "customDomains", ids, mine).length > 0,
    );
    // A listed id that no custom domain of this stack has may be the host's, from another stack.
    const unresolved = listed.some(
      ({ ids, route }) =>
        ids.length > referenced(route, "customDomains", ids, domains).length ||
        ids.some((id) => typeof id !== "string"),
    );
    if (attached || unresolved) return undefined;
    return `DNS record "${record.name}" must point at a Front Door route that lists "${record.name}" as a custom domain; found CNAME to "${target}", whose routes list ${listed.some((l) => l.ids.length > 0) ? "other custom domains only" : "no custom domain"}.`;
  }
  if (endpoints.length > 0 && mine.length === 0) {
    return `DNS record "${record.name}" must point at a Front Door with an AFD custom domain for "${record.name}"; found CNAME to "${target}" and no custom domain with that host name.`;
  }
  return undefined;
}

function cloudFrontProblem(
  record: DnsRecord,
  resources: readonly PolicyResource[],
): string | undefined {
  const targets = [...record.values, ...record.aliasNames].map(dnsName);
  const target = targets.find((v) => v.endsWith(".cloudfront.net"));
  if (target === undefined) return undefined;
  const distributions = ofType(resources, AWS.cloudfrontDistribution);
  const linked = [
    ...dependenciesOf(record.resource, "aliases"),
    ...dependenciesOf(record.resource, "records"),
  ].filter((d) => distributions.includes(d));
  const distribution =
    linked[0] ??
    distributions.find((d) => dnsName(asString(pathOf(d.props, "domainName")) ?? "") === target);
  if (distribution === undefined) return undefined;
  const aliases = asArray(pathOf(distribution.props, "aliases"));
  if (aliases.some((a) => typeof a !== "string")) return undefined;
  if (aliases.some((a) => nameCovers(a as string, record.name))) return undefined;
  return `DNS record "${record.name}" must point at a CloudFront distribution whose aliases cover "${record.name}"; found aliases ${JSON.stringify(aliases)}.`;
}

function googleProblem(
  record: DnsRecord,
  resources: readonly PolicyResource[],
): string | undefined {
  if (record.type !== "A") return undefined;
  const addresses = ofType(resources, GCP.globalAddress);
  const used = [
    ...dependenciesOf(record.resource, "records").filter((d) => addresses.includes(d)),
    ...addresses.filter((a) => {
      const ip = asString(pathOf(a.props, "address"));
      return ip !== undefined && record.values.includes(ip);
    }),
  ];
  if (used.length === 0) return undefined;
  const ips = used.map((a) => asString(pathOf(a.props, "address")));
  const rules = ofType(resources, GCP.globalForwardingRule).filter(
    (f) =>
      dependenciesOf(f, "ipAddress").some((d) => used.includes(d)) ||
      ips.includes(asString(pathOf(f.props, "ipAddress"))),
  );
  const proxies = ofType(resources, GCP.targetHttpsProxy);
  const https = rules.flatMap((f) => referenced(f, "target", [pathOf(f.props, "target")], proxies));
  if (https.length === 0) return undefined;
  const managed = ofType(resources, GCP.managedSslCertificate);
  const domains: string[] = [];
  for (const proxy of https) {
    if (pathOf(proxy.props, "certificateMap") !== undefined) return undefined;
    const listed = asArray(pathOf(proxy.props, "sslCertificates"));
    const certs = referenced(proxy, "sslCertificates", listed, managed);
    // A certificate this stack does not manage (self-managed, another stack's) may cover it.
    if (certs.length < listed.length) return undefined;
    for (const c of certs) {
      const names = asArray(pathOf(c.props, "managed", "domains"));
      if (names.some((n) => typeof n !== "string")) return undefined;
      domains.push(...(names as string[]));
    }
  }
  if (domains.some((d) => nameCovers(d, record.name))) return undefined;
  return `DNS record "${record.name}" must point at a Google load balancer with a certificate for "${record.name}"; found managed certificates for ${JSON.stringify(domains)}.`;
}
