/**
 * Google Cloud's anycast entry point: a global external Application Load Balancer. One global IP
 * is announced from every Google edge; a client's TLS (and QUIC) handshake ends at the nearest
 * edge, and the request rides Google's backbone to the closest region whose Cloud Run service is
 * healthy.
 *
 * Where the pieces live: the URL map needs backend services, and a backend service can only list
 * network endpoint groups that exist — so the global stack owns the whole chain, including one
 * serverless NEG per HTTP function and GCP site. A serverless NEG names its Cloud Run service by
 * name only and may exist before the service does; the names are deterministic
 * (`cloudRunServiceName`), so each regional stack just creates its service under that name and
 * the load balancer starts sending it traffic. No cycle, no second pass; until a site's service
 * exists, outlier detection keeps traffic on the other sites.
 */
import * as pulumi from "@pulumi/pulumi";
import * as compute from "@pulumi/gcp/compute";
import { HEALTH_PATH } from "../../functions/adapters/health";
import { cloudRunServiceName, gcpCertificateName } from "../naming/gcp-name";
import { shortHash } from "../naming/short-hash";

/** One HTTP function served by the load balancer, and the GCP regions it runs in. */
export interface GcpEntryFunction {
  readonly name: string;
  readonly regions: readonly string[];
}

/** Arguments of {@link GcpGlobalEntry}. */
export interface GcpGlobalEntryArgs {
  readonly environment: string;
  /** Physical base name of the load balancer's parts. */
  readonly baseName: string;
  /**
   * Host names clients and health checks use, e.g. `["api.trade.example.com",
   * "gcp.api.trade.example.com"]`: one Google-managed certificate each, so that a name whose
   * provisioning fails does not hold back the others (a managed certificate is issued only when
   * every domain on it passes).
   */
  readonly domains: readonly string[];
  /** HTTP functions; paths `/<name>` and `/<name>/*` route to each. */
  readonly functions: readonly GcpEntryFunction[];
  /** Consecutive 5xx replies before a region's endpoint is ejected. @default 5 */
  readonly consecutiveErrors?: number;
  /** Seconds an ejected endpoint stays out. @default 30 */
  readonly ejectionSeconds?: number;
  /**
   * Cloud Armor throttle: requests a client IP may send per minute before it gets 429. Trading
   * clients come from few addresses at high rates, so the default is generous.
   * @default 6000
   */
  readonly requestsPerMinutePerIp?: number;
}

/**
 * Global address, serverless NEGs, backend services with outlier detection behind a Cloud Armor
 * policy (per-IP throttle, adaptive layer-7 DDoS defence), URL map, managed certificate, HTTPS
 * proxy (QUIC on, TLS 1.2+) and forwarding rule.
 *
 * @example
 * new GcpGlobalEntry("entry", { environment: "prod", baseName: "tachyon-prod",
 *   domains: ["api.trade.example.com", "gcp.api.trade.example.com"],
 *   functions: [{ name: "order", regions: ["us-east4"] }] });
 */
export class GcpGlobalEntry extends pulumi.ComponentResource {
  /** The anycast IPv4 address. */
  readonly address: pulumi.Output<string>;
  /** Backend service id per function. */
  readonly backendServices: Record<string, pulumi.Output<string>>;
  /** Id of the URL map. */
  readonly urlMapId: pulumi.Output<string>;

  constructor(name: string, args: GcpGlobalEntryArgs, opts?: pulumi.ComponentResourceOptions) {
    super(GCP_GLOBAL_ENTRY_TYPE, name, {}, opts);
    if (args.functions.length === 0) {
      throw new Error(
        `functions: the load balancer needs at least one HTTP function, got []. Place an HTTP workload on a GCP site.`,
      );
    }
    if (args.domains.length === 0) {
      throw new Error(
        `domains: the load balancer needs at least one host name for its certificates, got []. Name the host names clients use.`,
      );
    }
    const repeated = args.domains.find((d, i) => args.domains.indexOf(d) !== i);
    if (repeated !== undefined) {
      throw new Error(
        `domains: each host name gets a certificate of its own, got "${repeated}" twice. List each host name once.`,
      );
    }
    const parent = { parent: this };
    const address = new compute.GlobalAddress(
      `${name}-address`,
      { name: args.baseName, ipVersion: "IPV4", addressType: "EXTERNAL" },
      parent,
    );
    // Cloud Armor runs at Google's edge, before a request costs a Cloud Run instance anything.
    const anyAddress = { versionedExpr: "SRC_IPS_V1", config: { srcIpRanges: ["*"] } };
    const armor = new compute.SecurityPolicy(
      `${name}-armor`,
      {
        name: args.baseName,
        type: "CLOUD_ARMOR",
        adaptiveProtectionConfig: { layer7DdosDefenseConfig: { enable: true } },
        rules: [
          {
            priority: 1000,
            action: "throttle",
            description: "Per-client-IP rate limit.",
            match: anyAddress,
            rateLimitOptions: {
              conformAction: "allow",
              exceedAction: "deny(429)",
              enforceOnKey: "IP",
              rateLimitThreshold: { count: args.requestsPerMinutePerIp ?? 6000, intervalSec: 60 },
            },
          },
          // Cloud Armor requires the default rule, at the lowest priority, in every policy.
          {
            priority: 2147483647,
            action: "allow",
            description: "Default rule.",
            match: anyAddress,
          },
        ],
      },
      parent,
    );
    this.backendServices = {};
    const services: Record<string, compute.BackendService> = {};
    for (const fn of args.functions) {
      const backends = fn.regions.map((region) => {
        const neg = new compute.RegionNetworkEndpointGroup(
          `${name}-${fn.name}-${region}`,
          {
            name: `${args.baseName}-${fn.name}-${region}`.slice(0, 63),
            region,
            networkEndpointType: "SERVERLESS",
            // A Cloud Run function (Cloud Functions v2) is reached through its Cloud Run service;
            // the `cloudFunction` NEG is for 1st gen functions only
            // (https://cloud.google.com/load-balancing/docs/negs/serverless-neg-concepts).
            cloudRun: { service: cloudRunServiceName(args.environment, region, fn.name) },
          },
          parent,
        );
        return { group: neg.id };
      });
      const service = new compute.BackendService(
        `${name}-${fn.name}`,
        {
          name: `${args.baseName}-${fn.name}`,
          loadBalancingScheme: "EXTERNAL_MANAGED",
          protocol: "HTTPS",
          backends,
          // Serverless NEGs take no health checks; outlier detection ejects a failing region.
          outlierDetection: {
            consecutiveErrors: args.consecutiveErrors ?? 5,
            enforcingConsecutiveErrors: 100,
            interval: { seconds: 10 },
            baseEjectionTime: { seconds: args.ejectionSeconds ?? 30 },
            maxEjectionPercent: 50,
          },
          logConfig: { enable: true, sampleRate: 0.1 },
          securityPolicy: armor.selfLink,
        },
        parent,
      );
      services[fn.name] = service;
      this.backendServices[fn.name] = service.id;
    }
    const first = services[args.functions[0].name];
    const urlMap = new compute.URLMap(
      `${name}-urls`,
      {
        name: args.baseName,
        defaultService: first.id,
        // Any host: the same load balancer answers the latency-routed name and its own.
        hostRules: [{ hosts: ["*"], pathMatcher: "functions" }],
        pathMatchers: [
          {
            name: "functions",
            defaultService: first.id,
            // The first function also answers the health path, the latency record's health check.
            pathRules: args.functions.map((fn, i) => ({
              paths: [`/${fn.name}`, `/${fn.name}/*`, ...(i === 0 ? [HEALTH_PATH] : [])],
              service: services[fn.name].id,
            })),
          },
        ],
      },
      parent,
    );
    // A domain change must not replace a certificate in place: the provider cannot update its
    // domains, and the replacement fails whichever way it runs (create first: the name exists;
    // delete first, as the provider asks for an explicitly named resource: the proxy still uses
    // it, https://github.com/hashicorp/terraform-provider-google/issues/6147). So each domain's
    // certificate has a logical and a physical name of its own: a changed domain is a new
    // certificate, created before the proxy switches to it, and the old one is deleted after.
    const certificates = args.domains.map(
      (domain) =>
        new compute.ManagedSslCertificate(
          `${name}-certificate-${shortHash(domain)}`,
          {
            name: gcpCertificateName(args.baseName, domain),
            type: "MANAGED",
            managed: { domains: [domain] },
          },
          parent,
        ),
    );
    // Without a policy the proxy accepts TLS 1.0; MODERN with a 1.2 floor drops the weak suites.
    const sslPolicy = new compute.SSLPolicy(
      `${name}-tls`,
      { name: args.baseName, profile: "MODERN", minTlsVersion: "TLS_1_2" },
      parent,
    );
    const proxy = new compute.TargetHttpsProxy(
      `${name}-proxy`,
      {
        name: args.baseName,
        urlMap: urlMap.id,
        sslCertificates: certificates.map((c) => c.id),
        sslPolicy: sslPolicy.id,
        // HTTP/3 saves a round trip on connection setup for clients that speak it.
        quicOverride: "ENABLE",
        // Reused client connections skip the handshake entirely.
        httpKeepAliveTimeoutSec: 610,
      },
      parent,
    );
    new compute.GlobalForwardingRule(
      `${name}-https`,
      {
        name: args.baseName,
        target: proxy.id,
        ipAddress: address.address,
        ipProtocol: "TCP",
        portRange: "443",
        loadBalancingScheme: "EXTERNAL_MANAGED",
      },
      parent,
    );
    this.address = address.address;
    this.urlMapId = urlMap.id;
    this.registerOutputs({ address: this.address, urlMapId: this.urlMapId });
  }
}

/** Type token of {@link GcpGlobalEntry}. */
export const GCP_GLOBAL_ENTRY_TYPE = "tachyon:edge:GcpGlobalEntry";
