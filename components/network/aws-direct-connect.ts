/**
 * Direct Connect to exchange colocations: one Direct Connect gateway in the global stack, and in
 * each AWS site a virtual private gateway associated with it, advertising only the site's CIDR.
 * Orders then travel colocation -> Direct Connect -> site over private fibre, not the internet.
 */
import * as directconnect from "@pulumi/aws/directconnect";
import * as ec2 from "@pulumi/aws/ec2";
import * as pulumi from "@pulumi/pulumi";
import type { DirectConnect, Site } from "../../model/types";
import { physicalName } from "../compute/physical-name";

/** Arguments of {@link AwsDirectConnectGateway}. */
export interface AwsDirectConnectGatewayArgs {
  /** The topology's Direct Connect settings. */
  directConnect: DirectConnect;
  /** Environment name, for the gateway's name. */
  environment: string;
}

/**
 * The Direct Connect gateway of an environment (a global resource).
 *
 * @example
 * const dx = new AwsDirectConnectGateway("dx", { directConnect: topology.directConnect, environment });
 */
export class AwsDirectConnectGateway extends pulumi.ComponentResource {
  readonly gatewayId: pulumi.Output<string>;

  constructor(
    name: string,
    args: AwsDirectConnectGatewayArgs,
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super(GATEWAY_TYPE, name, {}, opts);
    const gateway = new directconnect.Gateway(
      `${name}-gateway`,
      {
        name: `tachyon-${args.environment}-dx`,
        amazonSideAsn: String(args.directConnect.amazonSideAsn),
      },
      { parent: this },
    );
    this.gatewayId = gateway.id;
    this.registerOutputs({ gatewayId: this.gatewayId });
  }
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
