/**
 * The private network of an AWS site: a VPC on the site's CIDR, private subnets across
 * Availability Zones, one private route table, a DynamoDB gateway endpoint and interface
 * endpoints with private DNS for the services the functions call, and the security groups of
 * functions and endpoints.
 *
 * There is no NAT and no route to the internet: every AWS API the functions call is reached
 * through an endpoint, which removes the NAT hop and keeps traffic on the AWS network.
 */
import * as ec2 from "@pulumi/aws/ec2";
import { getAvailabilityZonesOutput } from "@pulumi/aws/getAvailabilityZones";
import * as pulumi from "@pulumi/pulumi";
import type { Site } from "../../model/types";
import { physicalName } from "../naming/physical-name";
import { subnetCidrs } from "./aws-cidr";

/** Interface endpoints created by default: what the workloads' functions call from the VPC. */
export const DEFAULT_INTERFACE_ENDPOINTS: readonly string[] = [
  "kinesis-streams",
  "sqs",
  "xray",
  // normalize invokes order's alias for each signal (functions/trading/aws-signal-sink.ts).
  "lambda",
];

/** Private route tables per AWS site; peering builds one route per table from this count. */
export const PRIVATE_ROUTE_TABLES = 1;

/** Arguments of {@link AwsNetwork}. */
export interface AwsNetworkArgs {
  /** The AWS site; its `cidr` becomes the VPC's. */
  site: Site;
  /** Environment name, for physical names. */
  environment: string;
  /**
   * Availability Zones to spread the private subnets over.
   * @default 3
   */
  azCount?: number;
  /**
   * Services reached through interface endpoints with private DNS (the part after
   * `com.amazonaws.<region>.`).
   * @default ["kinesis-streams", "sqs", "xray", "lambda"]
   * @example ["kinesis-streams", "sqs", "xray", "sns", "monitoring"]
   */
  interfaceEndpoints?: string[];
  /**
   * Attach an internet gateway (no routes to it): Global Accelerator needs one on the VPC of an
   * internal load balancer it fronts.
   * @default false
   */
  internetGateway?: boolean;
  /**
   * Tags on every child.
   * @default {}
   */
  tags?: Record<string, string>;
}

/**
 * The private network of one AWS site.
 *
 * @example
 * const net = new AwsNetwork("net", { site, environment: "prod" });
 * export const vpcId = net.vpcId;
 */
export class AwsNetwork extends pulumi.ComponentResource {
  readonly vpcId: pulumi.Output<string>;
  /** The site's CIDR, as the VPC has it. */
  readonly cidr: string;
  /** The private subnets, one per Availability Zone. */
  readonly subnetIds: pulumi.Output<string>[];
  /** The private route tables ({@link PRIVATE_ROUTE_TABLES} of them). */
  readonly routeTableIds: pulumi.Output<string>[];
  /** Security group of the functions: HTTPS to AWS APIs, the cache port inside the VPC. */
  readonly functionSecurityGroupId: pulumi.Output<string>;
  /** Security group of the interface endpoints: HTTPS from the functions. */
  readonly endpointSecurityGroupId: pulumi.Output<string>;

  constructor(name: string, args: AwsNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TYPE, name, {}, opts);
    const region = args.site.region;
    const tag = (role: string): Record<string, string> => ({
      ...args.tags,
      Name: physicalName(args.environment, region, role),
    });
    const child = { parent: this };

    const vpc = new ec2.Vpc(
      `${name}-vpc`,
      {
        region,
        cidrBlock: args.site.cidr,
        enableDnsSupport: true,
        enableDnsHostnames: true,
        tags: tag("vpc"),
      },
      child,
    );
    const subnets = createSubnets();
    const table = new ec2.RouteTable(
      `${name}-private`,
      { region, vpcId: vpc.id, tags: tag("private") },
      child,
    );
    subnets.forEach(
      (subnet, i) =>
        new ec2.RouteTableAssociation(
          `${name}-private-${i}`,
          { region, subnetId: subnet.id, routeTableId: table.id },
          child,
        ),
    );
    const [functions, endpoints] = createSecurityGroups();
    createEndpoints();
    if (args.internetGateway) {
      new ec2.InternetGateway(`${name}-igw`, { region, vpcId: vpc.id, tags: tag("igw") }, child);
    }

    this.vpcId = vpc.id;
    this.cidr = args.site.cidr;
    this.subnetIds = subnets.map((s) => s.id);
    this.routeTableIds = [table.id];
    this.functionSecurityGroupId = functions.id;
    this.endpointSecurityGroupId = endpoints.id;
    this.registerOutputs({
      vpcId: this.vpcId,
      cidr: this.cidr,
      subnetIds: this.subnetIds,
      routeTableIds: this.routeTableIds,
    });

    function createSubnets(): ec2.Subnet[] {
      const count = args.azCount ?? 3;
      const cidrs = subnetCidrs(args.site.cidr, count);
      const zones = getAvailabilityZonesOutput({ region, state: "available" }, child);
      return cidrs.map(
        (cidrBlock, i) =>
          new ec2.Subnet(
            `${name}-private-${i}`,
            {
              region,
              vpcId: vpc.id,
              cidrBlock,
              availabilityZone: zones.names.apply((names) => names[i % names.length]),
              mapPublicIpOnLaunch: false,
              tags: tag(`private-${i}`),
            },
            child,
          ),
      );
    }

    function createSecurityGroups(): [ec2.SecurityGroup, ec2.SecurityGroup] {
      const fnGroup = new ec2.SecurityGroup(
        `${name}-functions`,
        {
          region,
          vpcId: vpc.id,
          name: physicalName(args.environment, region, "functions"),
          description: "Latency-critical functions: HTTPS to AWS endpoints, cache inside the VPC.",
          egress: [
            {
              description: "AWS APIs through VPC endpoints",
              protocol: "tcp",
              fromPort: 443,
              toPort: 443,
              cidrBlocks: ["0.0.0.0/0"],
            },
            {
              description: "Cache inside the VPC",
              protocol: "tcp",
              fromPort: 6379,
              toPort: 6379,
              cidrBlocks: [args.site.cidr],
            },
          ],
          tags: tag("functions"),
        },
        child,
      );
      const epGroup = new ec2.SecurityGroup(
        `${name}-endpoints`,
        {
          region,
          vpcId: vpc.id,
          name: physicalName(args.environment, region, "endpoints"),
          description: "Interface endpoints: HTTPS from the functions.",
          ingress: [
            {
              description: "HTTPS from the functions",
              protocol: "tcp",
              fromPort: 443,
              toPort: 443,
              securityGroups: [fnGroup.id],
            },
          ],
          tags: tag("endpoints"),
        },
        child,
      );
      return [fnGroup, epGroup];
    }

    function createEndpoints(): void {
      new ec2.VpcEndpoint(
        `${name}-dynamodb`,
        {
          region,
          vpcId: vpc.id,
          serviceName: `com.amazonaws.${region}.dynamodb`,
          vpcEndpointType: "Gateway",
          routeTableIds: [table.id],
          tags: tag("dynamodb"),
        },
        child,
      );
      for (const service of args.interfaceEndpoints ?? DEFAULT_INTERFACE_ENDPOINTS) {
        new ec2.VpcEndpoint(
          `${name}-${service}`,
          {
            region,
            vpcId: vpc.id,
            serviceName: `com.amazonaws.${region}.${service}`,
            vpcEndpointType: "Interface",
            privateDnsEnabled: true,
            subnetIds: subnets.map((s) => s.id),
            securityGroupIds: [endpoints.id],
            tags: tag(service),
          },
          child,
        );
      }
    }
  }
}

const TYPE = "tachyon:network:AwsNetwork";
