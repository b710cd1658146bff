/**
 * Google Cloud's private backbone: ONE global VPC (global dynamic routing, so every region's
 * subnets and Cloud Routers see each other with no peering at all), owned by the global stack
 * ({@link GcpGlobalNetwork}); each regional stack adds its site's subnet from the site's CIDR with
 * Private Google Access (Google APIs such as Spanner and Pub/Sub over internal addresses), and,
 * when given one, a Cloud Interconnect VLAN attachment with its Cloud Router to an exchange
 * colocation ({@link GcpSiteNetwork}).
 */
import * as pulumi from "@pulumi/pulumi";
import * as compute from "@pulumi/gcp/compute";

/** Arguments of {@link GcpGlobalNetwork}. */
export interface GcpGlobalNetworkArgs {
  /** Physical network name. */
  readonly networkName: string;
  /** MTU; 1460 is Google's default, 8896 suits jumbo-frame interconnects. @default 1460 */
  readonly mtu?: number;
}

/**
 * The environment's global VPC.
 *
 * @example
 * const vpc = new GcpGlobalNetwork("vpc", { networkName: "tachyon-prod" });
 */
export class GcpGlobalNetwork extends pulumi.ComponentResource {
  /** Self link of the network. */
  readonly selfLink: pulumi.Output<string>;
  /** Id of the network (`projects/<p>/global/networks/<name>`). */
  readonly networkId: pulumi.Output<string>;

  constructor(name: string, args: GcpGlobalNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super(GCP_GLOBAL_NETWORK_TYPE, name, {}, opts);
    const network = new compute.Network(
      `${name}-network`,
      {
        name: args.networkName,
        autoCreateSubnetworks: false,
        routingMode: "GLOBAL",
        mtu: args.mtu ?? 1460,
        description: "Tachyon global VPC: one subnet per site, global dynamic routing.",
      },
      { parent: this },
    );
    this.selfLink = network.selfLink;
    this.networkId = network.id;
    this.registerOutputs({ selfLink: this.selfLink, networkId: this.networkId });
  }
}

/** A Cloud Interconnect VLAN attachment to an exchange colocation. */
export interface GcpInterconnect {
  /**
   * `DEDICATED` needs the interconnect's URL; `PARTNER` needs an edge availability domain and
   * yields a pairing key for the partner.
   */
  readonly type: "DEDICATED" | "PARTNER";
  /** URL of the dedicated interconnect (DEDICATED only). */
  readonly interconnect?: string;
  /** `AVAILABILITY_DOMAIN_1` or `AVAILABILITY_DOMAIN_2` (PARTNER only). @default "AVAILABILITY_DOMAIN_1" */
  readonly edgeAvailabilityDomain?: string;
  /** Attachment bandwidth (DEDICATED), e.g. `BPS_10G`. @default "BPS_10G" */
  readonly bandwidth?: string;
  /** ASN of the Cloud Router (16550 for Partner Interconnect). @default 16550 */
  readonly asn?: number;
}

/** Arguments of {@link GcpSiteNetwork}. */
export interface GcpSiteNetworkArgs {
  /** Self link of the global VPC (from the global stack). */
  readonly network: pulumi.Input<string>;
  readonly region: string;
  /** The site's CIDR: the subnet's primary range. */
  readonly cidr: string;
  /** Physical base name. */
  readonly baseName: string;
  /** Interconnect attachment to create, if any. */
  readonly interconnect?: GcpInterconnect;
}

/**
 * A site's subnet of the global VPC and its optional interconnect.
 *
 * @example
 * new GcpSiteNetwork("net", { network: g.networkSelfLink, region: "europe-west3",
 *   cidr: "10.50.0.0/16", baseName: "tachyon-prod-europe-west3" });
 */
export class GcpSiteNetwork extends pulumi.ComponentResource {
  /** Self link of the site's subnet. */
  readonly subnetSelfLink: pulumi.Output<string>;
  /** Name of the site's subnet, as Direct VPC egress takes it. */
  readonly subnetName: pulumi.Output<string>;
  /** Pairing key a partner needs to provision a Partner Interconnect attachment. */
  readonly pairingKey?: pulumi.Output<string>;

  constructor(name: string, args: GcpSiteNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super(GCP_SITE_NETWORK_TYPE, name, {}, opts);
    const subnet = new compute.Subnetwork(
      `${name}-subnet`,
      {
        name: args.baseName,
        region: args.region,
        network: args.network,
        ipCidrRange: args.cidr,
        privateIpGoogleAccess: true,
        stackType: "IPV4_ONLY",
        // Sampled flow logs: enough to debug a path, not enough to cost much.
        logConfig: {
          aggregationInterval: "INTERVAL_5_SEC",
          flowSampling: 0.1,
          metadata: "INCLUDE_ALL_METADATA",
        },
      },
      { parent: this },
    );
    if (args.interconnect) {
      const ic = args.interconnect;
      const router = new compute.Router(
        `${name}-router`,
        {
          name: `${args.baseName}-ic`,
          region: args.region,
          network: args.network,
          bgp: {
            asn: ic.asn ?? 16550,
            // Announce the site's subnet to the colocation, not every range of the global VPC.
            advertiseMode: "CUSTOM",
            advertisedIpRanges: [{ range: args.cidr }],
          },
        },
        { parent: this },
      );
      const attachment = new compute.InterconnectAttachment(
        `${name}-attachment`,
        {
          name: `${args.baseName}-ic`,
          region: args.region,
          router: router.id,
          type: ic.type,
          ...(ic.type === "DEDICATED"
            ? { interconnect: ic.interconnect, bandwidth: ic.bandwidth ?? "BPS_10G" }
            : { edgeAvailabilityDomain: ic.edgeAvailabilityDomain ?? "AVAILABILITY_DOMAIN_1" }),
          adminEnabled: true,
          mtu: "1500",
        },
        { parent: this },
      );
      this.pairingKey = attachment.pairingKey;
    }
    this.subnetSelfLink = subnet.selfLink;
    this.subnetName = subnet.name;
    this.registerOutputs({ subnetSelfLink: this.subnetSelfLink, subnetName: this.subnetName });
  }
}

/** Type token of {@link GcpGlobalNetwork}. */
export const GCP_GLOBAL_NETWORK_TYPE = "tachyon:network:GcpGlobalNetwork";

/** Type token of {@link GcpSiteNetwork}. */
export const GCP_SITE_NETWORK_TYPE = "tachyon:network:GcpSiteNetwork";
