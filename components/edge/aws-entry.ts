/**
 * Entry points on AWS.
 *
 * Global stack ({@link AwsGlobalEntry}): the environment's Route 53 zone, a Global Accelerator
 * (two anycast addresses; clients enter the AWS backbone at the nearest edge) with a TLS
 * listener, an `edge.<domain>` alias to it (a name that resolves to AWS only: the edge
 * distribution's origin) and, when some site answers HTTP, the one DNS validation record of each
 * of `api.<domain>` and `edge.<domain>`.
 *
 * Regional stack ({@link AwsSiteEntry}): an internal Application Load Balancer in the site's
 * private subnets with a TLS listener and an ACM certificate validated in the zone, registered in
 * the accelerator as this region's endpoint group. Global Accelerator reaches internal load
 * balancers, so the functions have no public endpoint. The certificate covers `api.<domain>`
 * (clients that the latency record sends to AWS) and `edge.<domain>` (the edge distribution,
 * whose origin must never resolve to another cloud).
 *
 * Why the validation record lives in the global stack: ACM asks for the same CNAME for a name in
 * every region of an account, so each site's certificate is validated by one record. Owned by a
 * regional stack, destroying that site would delete it and every other site's certificate would
 * then fail its managed renewal; owned by the global stack it lives as long as the zone. The
 * global stack learns the record by requesting a certificate for `api.<domain>` itself (in
 * us-east-1, beside the edge certificate), which is why all sites must share the global stack's
 * AWS account — as the accelerator's endpoint groups already require.
 */
import * as acm from "@pulumi/aws/acm";
import * as ec2 from "@pulumi/aws/ec2";
import * as globalaccelerator from "@pulumi/aws/globalaccelerator";
import * as lb from "@pulumi/aws/lb";
import * as route53 from "@pulumi/aws/route53";
import * as pulumi from "@pulumi/pulumi";
import type { Site } from "../../model/types";
import { physicalName } from "../naming/physical-name";
import { validationRecordArgs } from "./aws-acm";

/** TLS policy of the site listeners: TLS 1.3 with 1.2 fallback. */
export const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/** Arguments of {@link AwsGlobalEntry}. */
export interface AwsGlobalEntryArgs {
  /** The environment's domain, e.g. `trade.example.com`. */
  domain: string;
  environment: string;
  /**
   * Create the DNS validation record of `api.<domain>` that every site's certificate uses.
   * @default false
   */
  apiCertificate?: boolean;
  /**
   * Tags on the zone and accelerator.
   * @default {}
   */
  tags?: Record<string, string>;
}

/** Region of the certificate that yields the shared validation record (any region gives it). */
export const ANCHOR_CERTIFICATE_REGION = "us-east-1";

/**
 * The AWS-only name of an environment, `edge.<domain>`: an alias to the accelerator, covered by
 * every site's certificate. The edge distribution's origin, because `api.<domain>` is
 * latency-routed across clouds and may answer with Front Door or the GCP load balancer.
 */
export function awsEdgeName(domain: string): string {
  return `edge.${domain}`;
}

/**
 * The environment's DNS zone and anycast entry.
 *
 * @example
 * const entry = new AwsGlobalEntry("entry", { domain: "trade.example.com", environment: "prod" });
 */
export class AwsGlobalEntry extends pulumi.ComponentResource {
  readonly zoneId: pulumi.Output<string>;
  readonly nameServers: pulumi.Output<string[]>;
  readonly acceleratorArn: pulumi.Output<string>;
  readonly listenerArn: pulumi.Output<string>;
  readonly acceleratorDnsName: pulumi.Output<string>;
  /** FQDN of the `api.<domain>` validation record, when `apiCertificate` is set. */
  readonly apiValidationFqdn?: pulumi.Output<string>;
  /** FQDN of the `edge.<domain>` validation record, when `apiCertificate` is set. */
  readonly edgeValidationFqdn?: pulumi.Output<string>;

  constructor(name: string, args: AwsGlobalEntryArgs, opts?: pulumi.ComponentResourceOptions) {
    super(GLOBAL_TYPE, name, {}, opts);
    const child = { parent: this };
    const zone = new route53.Zone(
      `${name}-zone`,
      { name: args.domain, comment: `Tachyon ${args.environment}`, tags: args.tags },
      child,
    );
    const accelerator = new globalaccelerator.Accelerator(
      `${name}-accelerator`,
      {
        name: `tachyon-${args.environment}`,
        ipAddressType: "IPV4",
        enabled: true,
        tags: args.tags,
      },
      child,
    );
    const listener = new globalaccelerator.Listener(
      `${name}-listener`,
      {
        acceleratorArn: accelerator.arn,
        protocol: "TCP",
        portRanges: [{ fromPort: 443, toPort: 443 }],
        clientAffinity: "NONE",
      },
      child,
    );
    new route53.Record(
      `${name}-edge`,
      {
        zoneId: zone.zoneId,
        name: awsEdgeName(args.domain),
        type: "A",
        aliases: [
          {
            name: accelerator.dnsName,
            zoneId: accelerator.hostedZoneId,
            evaluateTargetHealth: true,
          },
        ],
      },
      child,
    );
    if (args.apiCertificate === true) {
      const apiName = `api.${args.domain}`;
      const edgeName = awsEdgeName(args.domain);
      const anchor = new acm.Certificate(
        `${name}-api-cert`,
        {
          region: ANCHOR_CERTIFICATE_REGION,
          domainName: apiName,
          subjectAlternativeNames: [edgeName],
          validationMethod: "DNS",
          tags: args.tags,
        },
        child,
      );
      const record = new route53.Record(
        `${name}-api-cert-validation`,
        validationRecordArgs(zone.zoneId, anchor, apiName),
        child,
      );
      const edgeRecord = new route53.Record(
        `${name}-edge-cert-validation`,
        validationRecordArgs(zone.zoneId, anchor, edgeName),
        child,
      );
      // Waits for issuance, so a zone that is not delegated yet fails here, once, not in every site.
      new acm.CertificateValidation(
        `${name}-api-cert-valid`,
        {
          region: ANCHOR_CERTIFICATE_REGION,
          certificateArn: anchor.arn,
          validationRecordFqdns: [record.fqdn, edgeRecord.fqdn],
        },
        child,
      );
      this.apiValidationFqdn = record.fqdn;
      this.edgeValidationFqdn = edgeRecord.fqdn;
    }
    this.zoneId = zone.zoneId;
    this.nameServers = zone.nameServers;
    this.acceleratorArn = accelerator.arn;
    this.listenerArn = listener.arn;
    this.acceleratorDnsName = accelerator.dnsName;
    this.registerOutputs({ zoneId: this.zoneId, listenerArn: this.listenerArn });
  }
}

/** Arguments of {@link AwsSiteEntry}. */
export interface AwsSiteEntryArgs {
  site: Site;
  environment: string;
  /** The environment's domain; the certificate covers `api.<domain>` and `edge.<domain>`. */
  domain: string;
  /**
   * FQDNs of the `api.<domain>` and `edge.<domain>` validation records (global stack outputs,
   * {@link AwsGlobalEntry.apiValidationFqdn} and {@link AwsGlobalEntry.edgeValidationFqdn}); the
   * site's certificate is validated by them.
   */
  validationRecordFqdns: pulumi.Input<string>[];
  /** The accelerator listener (global stack output). */
  acceleratorListenerArn: pulumi.Input<string>;
  vpcId: pulumi.Input<string>;
  /** Private subnets, one per Availability Zone. */
  subnetIds: pulumi.Input<string>[];
  /**
   * Tags on every child.
   * @default {}
   */
  tags?: Record<string, string>;
}

/**
 * A site's internal load balancer, its certificate and its endpoint group in the accelerator.
 *
 * @example
 * const entry = new AwsSiteEntry("entry", { site, environment, domain, validationRecordFqdns, acceleratorListenerArn,
 *   vpcId: net.vpcId, subnetIds: net.subnetIds });
 */
export class AwsSiteEntry extends pulumi.ComponentResource {
  readonly loadBalancerArn: pulumi.Output<string>;
  readonly loadBalancerDnsName: pulumi.Output<string>;
  /** The TLS listener functions attach their rules to. */
  readonly listenerArn: pulumi.Output<string>;
  /** The name the certificate covers, `api.<domain>`. */
  readonly apiName: string;

  constructor(name: string, args: AwsSiteEntryArgs, opts?: pulumi.ComponentResourceOptions) {
    super(SITE_TYPE, name, {}, opts);
    const child = { parent: this };
    const region = args.site.region;
    this.apiName = `api.${args.domain}`;

    const group = new ec2.SecurityGroup(
      `${name}-sg`,
      {
        region,
        vpcId: args.vpcId,
        name: physicalName(args.environment, region, "alb"),
        description: "Internal ALB: HTTPS from Global Accelerator (client IPs preserved).",
        ingress: [
          {
            description: "HTTPS from clients through Global Accelerator",
            protocol: "tcp",
            fromPort: 443,
            toPort: 443,
            cidrBlocks: ["0.0.0.0/0"],
          },
        ],
        tags: args.tags,
      },
      child,
    );
    const alb = new lb.LoadBalancer(
      `${name}-alb`,
      {
        region,
        name: physicalName(args.environment, region, "alb", 32),
        loadBalancerType: "application",
        internal: true,
        subnets: args.subnetIds,
        securityGroups: [group.id],
        dropInvalidHeaderFields: true,
        enableDeletionProtection: true,
        idleTimeout: 60,
        tags: args.tags,
      },
      child,
    );
    const certificate = new acm.Certificate(
      `${name}-cert`,
      {
        region,
        domainName: this.apiName,
        subjectAlternativeNames: [awsEdgeName(args.domain)],
        validationMethod: "DNS",
        tags: args.tags,
      },
      child,
    );
    const validation = new acm.CertificateValidation(
      `${name}-cert-valid`,
      {
        region,
        certificateArn: certificate.arn,
        validationRecordFqdns: args.validationRecordFqdns,
      },
      child,
    );
    const listener = new lb.Listener(
      `${name}-https`,
      {
        region,
        loadBalancerArn: alb.arn,
        port: 443,
        protocol: "HTTPS",
        sslPolicy: TLS_POLICY,
        certificateArn: validation.certificateArn,
        defaultActions: [
          {
            type: "fixed-response",
            fixedResponse: { contentType: "text/plain", statusCode: "404" },
          },
        ],
        tags: args.tags,
      },
      child,
    );
    new globalaccelerator.EndpointGroup(
      `${name}-endpoint-group`,
      {
        listenerArn: args.acceleratorListenerArn,
        endpointGroupRegion: region,
        trafficDialPercentage: 100,
        endpointConfigurations: [
          { endpointId: alb.arn, weight: 100, clientIpPreservationEnabled: true },
        ],
      },
      child,
    );
    this.loadBalancerArn = alb.arn;
    this.loadBalancerDnsName = alb.dnsName;
    this.listenerArn = listener.arn;
    this.registerOutputs({
      loadBalancerArn: this.loadBalancerArn,
      loadBalancerDnsName: this.loadBalancerDnsName,
      listenerArn: this.listenerArn,
    });
  }
}

const GLOBAL_TYPE = "tachyon:edge:AwsGlobalEntry";
const SITE_TYPE = "tachyon:edge:AwsSiteEntry";
