/**
 * The private backbone between two AWS sites: inter-region VPC peering, built entirely from the
 * newer site's stack. The newer site requests, the accepter is created in the earlier site's
 * region (per-resource `region`), DNS resolution is enabled on both sides and routes are added to
 * the route tables of both VPCs. The earlier site's VPC and route tables come from its stack
 * outputs, so sites deploy in topology order with no second pass.
 */
import * as ec2 from "@pulumi/aws/ec2";
import * as pulumi from "@pulumi/pulumi";
import type { Site } from "../../model/types";

/** Arguments of {@link AwsPeering}. */
export interface AwsPeeringArgs {
  /** The newer site: this stack's. */
  site: Site;
  /** The earlier AWS site to peer with. */
  peer: Site;
  /** This site's VPC. */
  vpcId: pulumi.Input<string>;
  /** This site's private route tables. */
  routeTableIds: pulumi.Input<string>[];
  /** The earlier site's VPC, from its stack outputs. */
  peerVpcId: pulumi.Input<string>;
  /** The earlier site's private route tables, from its stack outputs (one input per table). */
  peerRouteTableIds: pulumi.Input<string>[];
  /**
   * Tags on the peering connection.
   * @default {}
   */
  tags?: Record<string, string>;
}

/**
 * VPC peering from this AWS site to one earlier AWS site, with routes and DNS on both sides.
 *
 * @example
 * new AwsPeering("peer-us-east-1", {
 *   site, peer, vpcId: net.vpcId, routeTableIds: net.routeTableIds,
 *   peerVpcId: earlier.vpcId, peerRouteTableIds: [earlier.routeTableIds[0]],
 * });
 */
export class AwsPeering extends pulumi.ComponentResource {
  /** The peering connection id. */
  readonly peeringConnectionId: pulumi.Output<string>;

  constructor(name: string, args: AwsPeeringArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TYPE, name, {}, opts);
    const here = args.site.region;
    const there = args.peer.region;
    const tags = { ...args.tags, Name: `${args.site.id} to ${args.peer.id}` };

    const connection = new ec2.VpcPeeringConnection(
      `${name}-connection`,
      { region: here, vpcId: args.vpcId, peerVpcId: args.peerVpcId, peerRegion: there, tags },
      { parent: this },
    );
    const accepter = new ec2.VpcPeeringConnectionAccepter(
      `${name}-accepter`,
      { region: there, vpcPeeringConnectionId: connection.id, autoAccept: true, tags },
      { parent: this },
    );
    // Options can only be set on an active connection, each side in its own region.
    new ec2.PeeringConnectionOptions(
      `${name}-requester-options`,
      {
        region: here,
        vpcPeeringConnectionId: accepter.id,
        requester: { allowRemoteVpcDnsResolution: true },
      },
      { parent: this },
    );
    new ec2.PeeringConnectionOptions(
      `${name}-accepter-options`,
      {
        region: there,
        vpcPeeringConnectionId: accepter.id,
        accepter: { allowRemoteVpcDnsResolution: true },
      },
      { parent: this },
    );
    args.routeTableIds.forEach(
      (routeTableId, i) =>
        new ec2.Route(
          `${name}-route-${i}`,
          {
            region: here,
            routeTableId,
            destinationCidrBlock: args.peer.cidr,
            vpcPeeringConnectionId: accepter.id,
          },
          { parent: this },
        ),
    );
    args.peerRouteTableIds.forEach(
      (routeTableId, i) =>
        new ec2.Route(
          `${name}-peer-route-${i}`,
          {
            region: there,
            routeTableId,
            destinationCidrBlock: args.site.cidr,
            vpcPeeringConnectionId: accepter.id,
          },
          { parent: this },
        ),
    );
    this.peeringConnectionId = accepter.id;
    this.registerOutputs({ peeringConnectionId: this.peeringConnectionId });
  }
}

const TYPE = "tachyon:network:AwsPeering";
