import assert from "node:assert/strict";
import {
  AwsDirectConnectAttachment,
  AwsDirectConnectGateway,
} from "../../../components/network/aws-direct-connect";
import { AwsNetwork } from "../../../components/network/aws-network";
import { AwsPeering } from "../../../components/network/aws-peering";
import type { Site } from "../../../model/types";
import { useAwsMocks, valueOf, type Recorder } from "../aws-mocks";

const EAST: Site = {
  id: "aws:us-east-1",
  cloud: "aws",
  region: "us-east-1",
  cidr: "10.10.0.0/16",
  venues: ["NYSE"],
  index: 0,
};
const LONDON: Site = {
  id: "aws:eu-west-2",
  cloud: "aws",
  region: "eu-west-2",
  cidr: "10.20.0.0/16",
  venues: [],
  index: 1,
};

describe("AwsNetwork", () => {
  let mocks: Recorder;
  beforeEach(async () => {
    mocks = await useAwsMocks();
  });

  it("builds the VPC on the site CIDR with private subnets across three zones", async () => {
    const net = new AwsNetwork("net", { site: EAST, environment: "prod" });
    assert.equal(await valueOf(net.vpcId), "net-vpc-id");
    await mocks.settle();
    const vpc = mocks.one("aws:ec2/vpc:Vpc", "net-vpc").inputs;
    assert.equal(vpc.cidrBlock, "10.10.0.0/16");
    assert.equal(vpc.region, "us-east-1");
    assert.equal(vpc.enableDnsHostnames, true);
    const subnets = mocks
      .ofType("aws:ec2/subnet:Subnet")
      .map((s) => [s.inputs.cidrBlock, s.inputs.availabilityZone, s.inputs.mapPublicIpOnLaunch]);
    assert.deepEqual(subnets, [
      ["10.10.0.0/20", "us-east-1a", false],
      ["10.10.16.0/20", "us-east-1b", false],
      ["10.10.32.0/20", "us-east-1c", false],
    ]);
    assert.equal(mocks.ofType("aws:ec2/routeTableAssociation:RouteTableAssociation").length, 3);
    assert.equal(mocks.ofType("aws:ec2/internetGateway:InternetGateway").length, 0);
    assert.equal(mocks.ofType("aws:ec2/route:Route").length, 0);
  });

  it("adds a DynamoDB gateway endpoint and interface endpoints with private DNS", async () => {
    new AwsNetwork("net", {
      site: EAST,
      environment: "prod",
      interfaceEndpoints: ["kinesis-streams", "sqs"],
    });
    await mocks.settle();
    const gateway = mocks.one("aws:ec2/vpcEndpoint:VpcEndpoint", "net-dynamodb").inputs;
    assert.equal(gateway.serviceName, "com.amazonaws.us-east-1.dynamodb");
    assert.equal(gateway.vpcEndpointType, "Gateway");
    assert.deepEqual(gateway.routeTableIds, ["net-private-id"]);
    const interfaces = mocks
      .ofType("aws:ec2/vpcEndpoint:VpcEndpoint")
      .filter((e) => e.inputs.vpcEndpointType === "Interface")
      .map((e) => [e.inputs.serviceName, e.inputs.privateDnsEnabled, e.inputs.securityGroupIds]);
    assert.deepEqual(interfaces, [
      ["com.amazonaws.us-east-1.kinesis-streams", true, ["net-endpoints-id"]],
      ["com.amazonaws.us-east-1.sqs", true, ["net-endpoints-id"]],
    ]);
  });

  it("reaches Kinesis, SQS, X-Ray and Lambda through interface endpoints by default", async () => {
    new AwsNetwork("net", { site: LONDON, environment: "prod" });
    await mocks.settle();
    const interfaces = mocks
      .ofType("aws:ec2/vpcEndpoint:VpcEndpoint")
      .filter((e) => e.inputs.vpcEndpointType === "Interface")
      .map((e) => [e.name, e.inputs.serviceName, e.inputs.privateDnsEnabled]);
    assert.deepEqual(interfaces, [
      ["net-kinesis-streams", "com.amazonaws.eu-west-2.kinesis-streams", true],
      ["net-sqs", "com.amazonaws.eu-west-2.sqs", true],
      ["net-xray", "com.amazonaws.eu-west-2.xray", true],
      ["net-lambda", "com.amazonaws.eu-west-2.lambda", true],
    ]);
  });

  it("lets only the functions' security group reach the endpoints", async () => {
    new AwsNetwork("net", { site: EAST, environment: "prod" });
    await mocks.settle();
    const ingress = mocks.one("aws:ec2/securityGroup:SecurityGroup", "net-endpoints").inputs
      .ingress as Record<string, unknown>[];
    assert.deepEqual(
      ingress.map((r) => [r.fromPort, r.toPort, r.securityGroups]),
      [[443, 443, ["net-functions-id"]]],
    );
  });

  it("attaches an internet gateway without routes when asked", async () => {
    new AwsNetwork("net", { site: EAST, environment: "prod", internetGateway: true });
    await mocks.settle();
    assert.equal(
      mocks.one("aws:ec2/internetGateway:InternetGateway", "net-igw").inputs.vpcId,
      "net-vpc-id",
    );
    assert.equal(mocks.ofType("aws:ec2/route:Route").length, 0);
  });
});

describe("AwsPeering", () => {
  let mocks: Recorder;
  beforeEach(async () => {
    mocks = await useAwsMocks();
  });

  it("requests from the newer site, accepts in the earlier site's region and routes both ways", async () => {
    const peering = new AwsPeering("peer", {
      site: LONDON,
      peer: EAST,
      vpcId: "vpc-london",
      routeTableIds: ["rtb-london"],
      peerVpcId: "vpc-east",
      peerRouteTableIds: ["rtb-east"],
    });
    assert.equal(await valueOf(peering.peeringConnectionId), "peer-accepter-id");
    await mocks.settle();
    const connection = mocks.one(
      "aws:ec2/vpcPeeringConnection:VpcPeeringConnection",
      "peer-connection",
    ).inputs;
    assert.deepEqual(
      [connection.region, connection.vpcId, connection.peerVpcId, connection.peerRegion],
      ["eu-west-2", "vpc-london", "vpc-east", "us-east-1"],
    );
    const accepter = mocks.one(
      "aws:ec2/vpcPeeringConnectionAccepter:VpcPeeringConnectionAccepter",
      "peer-accepter",
    ).inputs;
    assert.deepEqual(
      [accepter.region, accepter.vpcPeeringConnectionId, accepter.autoAccept],
      ["us-east-1", "peer-connection-id", true],
    );
    const requesterOptions = mocks.one(
      "aws:ec2/peeringConnectionOptions:PeeringConnectionOptions",
      "peer-requester-options",
    ).inputs;
    assert.deepEqual(
      [requesterOptions.region, requesterOptions.requester],
      ["eu-west-2", { allowRemoteVpcDnsResolution: true }],
    );
    const accepterOptions = mocks.one(
      "aws:ec2/peeringConnectionOptions:PeeringConnectionOptions",
      "peer-accepter-options",
    ).inputs;
    assert.deepEqual(
      [accepterOptions.region, accepterOptions.accepter],
      ["us-east-1", { allowRemoteVpcDnsResolution: true }],
    );
    const routes = mocks
      .ofType("aws:ec2/route:Route")
      .map((r) => [
        r.name,
        r.inputs.region,
        r.inputs.routeTableId,
        r.inputs.destinationCidrBlock,
        r.inputs.vpcPeeringConnectionId,
      ]);
    assert.deepEqual(routes, [
      ["peer-route-0", "eu-west-2", "rtb-london", "10.10.0.0/16", "peer-accepter-id"],
      ["peer-peer-route-0", "us-east-1", "rtb-east", "10.20.0.0/16", "peer-accepter-id"],
    ]);
  });
});

describe("AwsDirectConnectGateway and AwsDirectConnectAttachment", () => {
  let mocks: Recorder;
  beforeEach(async () => {
    mocks = await useAwsMocks();
  });

  it("creates the gateway with the topology's Amazon-side ASN", async () => {
    const dx = new AwsDirectConnectGateway("dx", {
      environment: "prod",
      directConnect: { connectionId: "dxcon-ffabc123", amazonSideAsn: 64512 },
    });
    assert.equal(await valueOf(dx.gatewayId), "dx-gateway-id");
    await mocks.settle();
    assert.deepEqual(mocks.one("aws:directconnect/gateway:Gateway", "dx-gateway").inputs, {
      name: "tachyon-prod-dx",
      amazonSideAsn: "64512",
    });
  });

  it("associates the site's virtual private gateway advertising only the site CIDR", async () => {
    const dx = new AwsDirectConnectAttachment("dx", {
      site: EAST,
      environment: "prod",
      vpcId: "vpc-east",
      routeTableIds: ["rtb-east"],
      dxGatewayId: "dxgw-1",
    });
    assert.deepEqual(dx.colocation.venues, ["NYSE"]);
    await mocks.settle();
    const association = mocks.one(
      "aws:directconnect/gatewayAssociation:GatewayAssociation",
      "dx-association",
    ).inputs;
    assert.deepEqual(
      [
        association.region,
        association.dxGatewayId,
        association.associatedGatewayId,
        association.allowedPrefixes,
      ],
      ["us-east-1", "dxgw-1", "dx-vgw-id", ["10.10.0.0/16"]],
    );
    const propagation = mocks.one(
      "aws:ec2/vpnGatewayRoutePropagation:VpnGatewayRoutePropagation",
      "dx-propagation-0",
    ).inputs;
    assert.deepEqual(
      [propagation.vpnGatewayId, propagation.routeTableId],
      ["dx-vgw-id", "rtb-east"],
    );
  });
});
