/**
 * Edge routing on AWS (the paper's edge-routing example), in the global stack: a CloudFront
 * distribution at `cdn.<domain>` in front of the environment's API, whose viewer-request
 * CloudFront Function sends each request to the AWS region nearest the viewer.
 *
 * How a region is pinned: the accelerator gets one extra listener per region-serving site
 * (port {@link pinnedPort}), and each site's regional stack registers only its own load balancer
 * in that listener. The origin host is `edge.<domain>`, an alias to the accelerator that every
 * region's certificate covers — not `api.<domain>`, whose latency records may answer with Front
 * Door or the GCP load balancer, which know nothing of the accelerator's ports. The function keeps
 * that host and changes only the port, so the request enters the AWS backbone at the nearest
 * accelerator edge and leaves it in the chosen region. The default origin is the accelerator's
 * shared port 443: anycast to the nearest healthy region, used when the viewer's coordinates are
 * unknown.
 *
 * What CloudFront allows and this relies on: `cf.updateRequestOrigin` exists in the
 * `cloudfront-js-2.0` runtime and only in viewer-request functions; CloudFront Functions cannot
 * call the network, so the regions are baked into the code at deploy time; the
 * `CloudFront-Viewer-Latitude`/`-Longitude` headers reach a function only when a cache or origin
 * request policy names them. API responses are never cached (the managed CachingDisabled policy).
 * Origin failover (origin groups) applies to GET, HEAD and OPTIONS only, and a pinned port has no
 * second region behind it, so a failing region is drained at the edge instead: listed under the
 * key `drained` of the distribution's KeyValueStore, which the function reads locally at the
 * edge; its viewers then go to the next nearest region. Each site's regional stack keeps that
 * list in step with its health alarm (`aws-edge-drain.ts`: an EventBridge rule on the alarm's
 * state changes invokes a function that reads the alarm's current state and lists the region
 * while it is ALARM, removing it while it is OK), so the store's ARN is a global output;
 * `aws cloudfront-keyvaluestore put-key` still drains by hand.
 * On the shared port the accelerator's own health checks do the same.
 */
import * as acm from "@pulumi/aws/acm";
import * as cloudfront from "@pulumi/aws/cloudfront";
import * as globalaccelerator from "@pulumi/aws/globalaccelerator";
import * as route53 from "@pulumi/aws/route53";
import * as pulumi from "@pulumi/pulumi";
import type { Site } from "../../model/types";
import { DRAINED_KEY } from "../../functions/edge/route";
import { validationRecordArgs } from "./aws-acm";
import { awsEdgeName } from "./aws-entry";
import { edgeFunctionCode, edgeRegions, pinnedPort } from "./aws-cdn-code";

/** AWS's managed cache policy "CachingDisabled": every TTL 0, nothing in the cache key. */
export const CACHING_DISABLED_POLICY_ID = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";

/** Route 53 hosted zone id of every CloudFront distribution, for alias records. */
export const CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2";

/** Viewer TLS floor: TLS 1.2 with the 2021 cipher set. */
export const VIEWER_TLS_POLICY = "TLSv1.2_2021";

/** Viewer headers the origin (and the edge function) receives. */
export const FORWARDED_HEADERS = [
  "Accept",
  "Content-Type",
  "CloudFront-Viewer-Country",
  "CloudFront-Viewer-Latitude",
  "CloudFront-Viewer-Longitude",
  "x-tachyon-edge-region",
];

/** Arguments of {@link AwsEdgeRouting}. */
export interface AwsEdgeRoutingArgs {
  /** The environment's domain; the distribution answers `cdn.<domain>`, origin `edge.<domain>`. */
  domain: string;
  environment: string;
  /** The environment's Route 53 zone, for the certificate and the `cdn` record. */
  zoneId: pulumi.Input<string>;
  /** The accelerator whose pinned listeners carry requests to one region each. */
  acceleratorArn: pulumi.Input<string>;
  /** The AWS sites that answer HTTP, in topology order; each gets a pinned listener. */
  sites: readonly Site[];
  /**
   * A WAF web ACL (scope CLOUDFRONT) to attach.
   * @default none
   */
  webAclArn?: pulumi.Input<string>;
  /**
   * Tags on the distribution and certificate.
   * @default {}
   */
  tags?: Record<string, string>;
}

/**
 * The edge distribution, its routing function and the accelerator listeners pinned to regions.
 *
 * @example
 * const edge = new AwsEdgeRouting("aws-edge", { domain, environment, zoneId: entry.zoneId,
 *   acceleratorArn: entry.acceleratorArn, sites: httpSites });
 */
export class AwsEdgeRouting extends pulumi.ComponentResource {
  readonly distributionId: pulumi.Output<string>;
  readonly distributionDomainName: pulumi.Output<string>;
  /** Site id -> ARN of the accelerator listener pinned to it. */
  readonly pinnedListenerArns: Record<string, pulumi.Output<string>>;
  /** The name clients use, `cdn.<domain>`. */
  readonly hostName: string;
  /** ARN of the KeyValueStore whose key `drained` the sites' drain functions write. */
  readonly keyValueStoreArn: pulumi.Output<string>;

  constructor(name: string, args: AwsEdgeRoutingArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TYPE, name, {}, opts);
    const child = { parent: this };
    this.hostName = `cdn.${args.domain}`;
    const originHost = awsEdgeName(args.domain);

    this.pinnedListenerArns = Object.fromEntries(
      args.sites.map((site) => [site.id, createPinnedListener(site).arn]),
    );
    const health = new cloudfront.KeyValueStore(
      `${name}-health`,
      {
        name: `tachyon-${args.environment}-edge-health`,
        comment: `Key "${DRAINED_KEY}": regions the edge skips, comma-separated.`,
      },
      child,
    );
    const regions = edgeRegions(args.sites);
    const fn = new cloudfront.Function(
      `${name}-router`,
      {
        name: `tachyon-${args.environment}-edge-router`,
        runtime: "cloudfront-js-2.0",
        comment: "Sends each API request to the AWS region nearest the viewer.",
        publish: true,
        keyValueStoreAssociations: [health.arn],
        code: health.arn.apply((arn) =>
          edgeFunctionCode({ originHost, regions, kvsId: keyValueStoreId(arn) }),
        ),
      },
      child,
    );
    const originRequest = new cloudfront.OriginRequestPolicy(
      `${name}-origin-request`,
      {
        name: `tachyon-${args.environment}-api`,
        comment: "API requests: the body's headers and the viewer's location.",
        headersConfig: { headerBehavior: "whitelist", headers: { items: FORWARDED_HEADERS } },
        cookiesConfig: { cookieBehavior: "none" },
        queryStringsConfig: { queryStringBehavior: "all" },
      },
      child,
    );
    const certificate = createCertificate();
    const distribution = new cloudfront.Distribution(
      `${name}-distribution`,
      {
        enabled: true,
        comment: `Tachyon ${args.environment}: edge routing to the nearest region.`,
        aliases: [this.hostName],
        httpVersion: "http2and3",
        isIpv6Enabled: true,
        priceClass: "PriceClass_All",
        webAclId: args.webAclArn,
        origins: [
          {
            originId: ANYCAST_ORIGIN,
            domainName: originHost,
            customOriginConfig: {
              httpPort: 80,
              httpsPort: 443,
              originProtocolPolicy: "https-only",
              originSslProtocols: ["TLSv1.2"],
              originKeepaliveTimeout: 60,
              originReadTimeout: 30,
            },
          },
        ],
        defaultCacheBehavior: {
          targetOriginId: ANYCAST_ORIGIN,
          viewerProtocolPolicy: "https-only",
          allowedMethods: ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"],
          cachedMethods: ["GET", "HEAD"],
          cachePolicyId: CACHING_DISABLED_POLICY_ID,
          originRequestPolicyId: originRequest.id,
          functionAssociations: [{ eventType: "viewer-request", functionArn: fn.arn }],
        },
        restrictions: { geoRestriction: { restrictionType: "none" } },
        viewerCertificate: {
          acmCertificateArn: certificate,
          sslSupportMethod: "sni-only",
          minimumProtocolVersion: VIEWER_TLS_POLICY,
        },
        tags: args.tags,
      },
      child,
    );
    new route53.Record(
      `${name}-record`,
      {
        zoneId: args.zoneId,
        name: this.hostName,
        type: "A",
        aliases: [
          {
            name: distribution.domainName,
            zoneId: CLOUDFRONT_ZONE_ID,
            evaluateTargetHealth: false,
          },
        ],
      },
      child,
    );
    this.distributionId = distribution.id;
    this.distributionDomainName = distribution.domainName;
    this.keyValueStoreArn = health.arn;
    this.registerOutputs({
      distributionId: this.distributionId,
      distributionDomainName: this.distributionDomainName,
      keyValueStoreArn: this.keyValueStoreArn,
    });

    function createPinnedListener(site: Site): globalaccelerator.Listener {
      const port = pinnedPort(site);
      return new globalaccelerator.Listener(
        `${name}-pinned-${site.region}`,
        {
          acceleratorArn: args.acceleratorArn,
          protocol: "TCP",
          portRanges: [{ fromPort: port, toPort: port }],
          clientAffinity: "NONE",
        },
        child,
      );
    }

    function createCertificate(): pulumi.Output<string> {
      // CloudFront takes viewer certificates from us-east-1 only.
      const cert = new acm.Certificate(
        `${name}-cert`,
        {
          region: "us-east-1",
          domainName: `cdn.${args.domain}`,
          validationMethod: "DNS",
          tags: args.tags,
        },
        child,
      );
      const record = new route53.Record(
        `${name}-cert-validation`,
        { ...validationRecordArgs(args.zoneId, cert, `cdn.${args.domain}`), allowOverwrite: true },
        child,
      );
      return new acm.CertificateValidation(
        `${name}-cert-valid`,
        { region: "us-east-1", certificateArn: cert.arn, validationRecordFqdns: [record.fqdn] },
        child,
      ).certificateArn;
    }
  }
}

/** The id `cf.kvs()` takes: the last segment of the store's ARN (`...:key-value-store/<id>`). */
export function keyValueStoreId(arn: string): string {
  return arn.slice(arn.lastIndexOf("/") + 1);
}

/** Origin id of the accelerator's shared (anycast) port. */
export const ANYCAST_ORIGIN = "api-anycast";

const TYPE = "tachyon:edge:AwsEdgeRouting";
