/**
 * Direct Connect to exchange colocations: one Direct Connect gateway in the global stack, with
 * the private virtual interface of the topology's connection attached to it when the topology
 * gives the interface's VLAN and BGP ASN, and in each AWS site a virtual private gateway
 * associated with the gateway, advertising only the site's CIDR. Orders then travel colocation
 * -> Direct Connect -> site over private fibre, not the internet.
 */
import * as directconnect from "@pulumi/aws/directconnect";
import * as ec2 from "@pulumi/aws/ec2";
import * as pulumi from "@pulumi/pulumi";
import type { DirectConnect, Site } from "../../model/types";
import { physicalName } from "../naming/physical-name";

/** Largest ASN the interface's `bgpAsn` input takes; larger 4-byte ASNs go in `bgpAsnLong`. */
export const MAX_BGP_ASN_INPUT = 2_147_483_646;

/** Arguments of {@link AwsDirectConnectGateway}. */
export interface AwsDirectConnectGatewayArgs {
  /**
   * The topology's Direct Connect settings. With `vlan` and `customerAsn` the gateway gets the
   * connection's private virtual interface; without them the interface is left to whoever owns
   * the connection (a hosted interface from a partner, for instance).
   */
  directConnect: DirectConnect;
  /** Environment name, for the gateway's name. */
  environment: string;
  /**
   * Tags on the virtual interface (the gateway takes none).
   * @default {}
   */
  tags?: Record<string, string>;
}

/**
 * The Direct Connect gateway of an environment (a global resource) and, when the topology
 * describes it, the private virtual interface that brings the connection's BGP session to it.
 *
 * The interface is created in the provider's region, which must be the connection's own region.
 * Its BGP MD5 key is never configured: AWS generates it, and {@link bgpAuthKey} carries it as a
 * secret for the router at the colocation.
 *
 * @example
 * const dx = new AwsDirectConnectGateway("dx", { directConnect: topology.directConnect, environment });
 */
export class AwsDirectConnectGateway extends pulumi.ComponentResource {
  readonly gatewayId: pulumi.Output<string>;
  /** The private virtual interface's id, when the topology describes one. */
  readonly virtualInterfaceId?: pulumi.Output<string>;
  /** The BGP MD5 key AWS generated for the interface (a secret), when there is one. */
  readonly bgpAuthKey?: pulumi.Output<string>;

  constructor(
    name: string,
    args: AwsDirectConnectGatewayArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super(GATEWAY_TYPE, name, {}, opts);
    const dx = args.directConnect;
    const gateway = new directconnect.Gateway(
      `${name}-gateway`,
      {
        name: `tachyon-${args.environment}-dx`,
        amazonSideAsn: String(dx.amazonSideAsn),
      },
      { parent: this },
    );
    this.gatewayId = gateway.id;
    if (dx.vlan !== undefined && dx.customerAsn !== undefined) {
      const vif = new directconnect.PrivateVirtualInterface(
        `${name}-vif`,
        {
          connectionId: dx.connectionId,
          dxGatewayId: gateway.id,
          name: `tachyon-${args.environment}-dx-vif`,
          vlan: dx.vlan,
          addressFamily: "ipv4",
          ...bgpAsnInput(dx.customerAsn),
          // Both or neither (validated): without them AWS assigns a 169.254.0.0/16 pair.
          amazonAddress: dx.amazonAddress,
          customerAddress: dx.customerAddress,
          mtu: dx.mtu ?? 1500,
          tags: args.tags,
        },
        { parent: this, additionalSecretOutputs: ["bgpAuthKey"] },
      );
      this.virtualInterfaceId = vif.id;
      this.bgpAuthKey = pulumi.secret(vif.bgpAuthKey);
    }
    this.registerOutputs({
      gatewayId: this.gatewayId,
      virtualInterfaceId: this.virtualInterfaceId,
    });
  }
}

/**
 * The interface input holding a BGP ASN: `bgpAsn` takes up to 2147483646, `bgpAsnLong` (a
 * decimal string) the whole 4-byte range; exactly one may be set.
 */
export function bgpAsnInput(asn: number): { bgpAsn: number } | { bgpAsnLong: string } {
  return asn <= MAX_BGP_ASN_INPUT ? { bgpAsn: asn } : { bgpAsnLong: String(asn) };
}

/** Arguments of {@link AwsDirectConnectAttachment}. */
export interface AwsDirectConnectAttachmentArgs {
  site: Site;
  environment: string;
  /** The site's VPC. */
  vpcId: pulumi.Input<string>;
  /** The site's private route tables; they learn the colocation prefixes from the gateway. */
  routeTableIds: pulumi.Input<string>[];
  /** The environment's Direct Connect gateway, from the global stack. */
  dxGatewayId: pulumi.Input<string>;
  /**
   * Tags on the virtual private gateway.
   * @default {}
   */
  tags?: Record<string, string>;
}

/** The colocation path of a site: the venues it reaches and how. */
export interface ColocationPath {
  readonly venues: readonly string[];
  readonly via: "direct-connect";
  readonly dxGatewayId: pulumi.Input<string>;
  readonly virtualPrivateGatewayId: pulumi.Output<string>;
}

/**
 * A site's attachment to the Direct Connect gateway: virtual private gateway on the VPC, route
 * propagation into the private route tables, and the gateway association advertising the site's
 * CIDR.
 */
export class AwsDirectConnectAttachment extends pulumi.ComponentResource {
  /** The venues this site reaches and through which gateways. */
  readonly colocation: ColocationPath;

  constructor(
    name: string,
    args: AwsDirectConnectAttachmentArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super(ATTACHMENT_TYPE, name, {}, opts);
    const region = args.site.region;
    const vgw = new ec2.VpnGateway(
      `${name}-vgw`,
      {
        region,
        vpcId: args.vpcId,
        tags: { ...args.tags, Name: physicalName(args.environment, region, "vgw") },
      },
      { parent: this },
    );
    args.routeTableIds.forEach(
      (routeTableId, i) =>
        new ec2.VpnGatewayRoutePropagation(
          `${name}-propagation-${i}`,
          { region, vpnGatewayId: vgw.id, routeTableId },
          { parent: this },
        ),
    );
    new directconnect.GatewayAssociation(
      `${name}-association`,
      {
        region,
        dxGatewayId: args.dxGatewayId,
        associatedGatewayId: vgw.id,
        allowedPrefixes: [args.site.cidr],
      },
      { parent: this },
    );
    this.colocation = {
      venues: args.site.venues,
      via: "direct-connect",
      dxGatewayId: args.dxGatewayId,
      virtualPrivateGatewayId: vgw.id,
    };
    this.registerOutputs({ colocation: this.colocation });
  }
}

const GATEWAY_TYPE = "tachyon:network:AwsDirectConnectGateway";
const ATTACHMENT_TYPE = "tachyon:network:AwsDirectConnectAttachment";
