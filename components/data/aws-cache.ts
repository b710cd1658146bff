/**
 * The in-region cache of an AWS site: an ElastiCache (Valkey by default) replication group in the
 * private subnets, encrypted in transit and at rest, Multi-AZ with automatic failover, and
 * authenticated through RBAC with an IAM-authenticated user, so there is no password to manage and
 * functions connect with `elasticache:Connect` on this group only. The default user is disabled.
 *
 * Optionally the group joins (or starts) a Global Datastore so that several sites share
 * reference data with sub-second replication: the first site creates the global group and the
 * later sites join it as secondaries.
 */
import * as ec2 from "@pulumi/aws/ec2";
import * as elasticache from "@pulumi/aws/elasticache";
import * as pulumi from "@pulumi/pulumi";
import { TAG_DATA_CLASS, type DataClass, type Site } from "../../model/types";
import type { ScopedStatement } from "../compute/aws-function-iam";
import { physicalName } from "../compute/physical-name";

/** Cache port. */
export const CACHE_PORT = 6379;

/** Arguments of {@link AwsCache}. */
export interface AwsCacheArgs {
  site: Site;
  environment: string;
  /** Class of the cached data, carried as `data-class`. */
  dataClass: DataClass;
  vpcId: pulumi.Input<string>;
  /** Private subnets, one per Availability Zone. */
  subnetIds: pulumi.Input<string>[];
  /** Security group of the clients (the functions); only it may reach the cache port. */
  clientSecurityGroupId: pulumi.Input<string>;
  /**
   * `valkey` or `redis`.
   * @default "valkey"
   */
  engine?: "valkey" | "redis";
  /**
   * Engine version.
   * @default "8.0"
   */
  engineVersion?: string;
  /**
   * Node type (Global Datastore needs an r- or m-class node).
   * @default "cache.r7g.large"
   */
  nodeType?: string;
  /**
   * Nodes: one primary and `nodes - 1` replicas in other zones (at least 2 for failover).
   * @default 2
   */
  nodes?: number;
  /**
   * Global Datastore role: `primary` creates the global group from this site's group;
   * `{ secondaryOf }` joins the global group with that id. Omit for a site-local cache.
   * @default none
   */
  global?: "primary" | { secondaryOf: pulumi.Input<string> };
  /**
   * Extra tags; `data-class` is always set.
   * @default {}
   */
  tags?: Record<string, string>;
}

/**
 * An encrypted, Multi-AZ, IAM-authenticated cache in one AWS site.
 *
 * @example
 * const cache = new AwsCache("cache", { site, environment, dataClass: "confidential",
 *   vpcId: net.vpcId, subnetIds: net.subnetIds, clientSecurityGroupId: net.functionSecurityGroupId });
 */
export class AwsCache extends pulumi.ComponentResource {
  /** Primary endpoint host. */
  readonly endpoint: pulumi.Output<string>;
  readonly replicationGroupArn: pulumi.Output<string>;
  /** The replication group id: what an ElastiCache IAM auth token is signed for. */
  readonly replicationGroupId: pulumi.Output<string>;
  /** The IAM-authenticated user the functions connect as. */
  readonly userName: string;
  /** The global group id, when this site started a Global Datastore. */
  readonly globalReplicationGroupId?: pulumi.Output<string>;
  /** What a function needs to connect: `elasticache:Connect` on the group and the user. */
  readonly connectStatement: ScopedStatement;

  constructor(name: string, args: AwsCacheArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TYPE, name, {}, opts);
    const child = { parent: this };
    const region = args.site.region;
    const engine = args.engine ?? "valkey";
    const nodes = args.nodes ?? 2;
    if (!Number.isInteger(nodes) || nodes < 2 || nodes > 6) {
      throw new Error(
        `AwsCache "${name}": "nodes" must be 2-6 for Multi-AZ failover, got ${nodes}. Use 2 or more.`,
      );
    }
    const id = (role: string, max: number): string =>
      physicalName(args.environment, region, role, max).toLowerCase();
    const tags = { ...args.tags, [TAG_DATA_CLASS]: args.dataClass };

    const group = new ec2.SecurityGroup(
      `${name}-sg`,
      {
        region,
        vpcId: args.vpcId,
        name: id("cache", 255),
        description: "Cache: reachable from the functions only.",
        ingress: [
          {
            description: "Cache clients",
            protocol: "tcp",
            fromPort: CACHE_PORT,
            toPort: CACHE_PORT,
            securityGroups: [args.clientSecurityGroupId],
          },
        ],
        tags: args.tags,
      },
      child,
    );
    const subnets = new elasticache.SubnetGroup(
      `${name}-subnets`,
      {
        region,
        name: id("cache", 255),
        description: "Private subnets of the site",
        subnetIds: args.subnetIds,
        tags: args.tags,
      },
      child,
    );
    const disabledDefault = new elasticache.User(
      `${name}-default-user`,
      {
        region,
        engine,
        userId: id("cache-default", 40),
        userName: "default",
        accessString: "off -@all",
        authenticationMode: { type: "no-password-required" },
        tags: args.tags,
      },
      child,
    );
    // IAM authentication requires user id and user name to be equal.
    this.userName = id("cache-fn", 40);
    const fnUser = new elasticache.User(
      `${name}-user`,
      {
        region,
        engine,
        userId: this.userName,
        userName: this.userName,
        accessString: "on ~* +@all -@dangerous",
        authenticationMode: { type: "iam" },
        tags: args.tags,
      },
      child,
    );
    const users = new elasticache.UserGroup(
      `${name}-users`,
      {
        region,
        engine,
        userGroupId: id("cache-users", 40),
        userIds: [disabledDefault.userId, fnUser.userId],
        tags: args.tags,
      },
      child,
    );
    const secondary = typeof args.global === "object" ? args.global.secondaryOf : undefined;
    const rg = new elasticache.ReplicationGroup(
      `${name}-group`,
      {
        region,
        replicationGroupId: id("cache", 40),
        description: `Cache of ${args.site.id}`,
        // A secondary inherits engine, version and node type from its global group.
        engine: secondary === undefined ? engine : undefined,
        engineVersion: secondary === undefined ? (args.engineVersion ?? "8.0") : undefined,
        nodeType: secondary === undefined ? (args.nodeType ?? "cache.r7g.large") : undefined,
        globalReplicationGroupId: secondary,
        numCacheClusters: nodes,
        port: CACHE_PORT,
        automaticFailoverEnabled: true,
        multiAzEnabled: true,
        transitEncryptionEnabled: true,
        atRestEncryptionEnabled: true,
        userGroupIds: [users.userGroupId],
        subnetGroupName: subnets.name,
        securityGroupIds: [group.id],
        snapshotRetentionLimit: 1,
        tags,
      },
      child,
    );
    if (args.global === "primary") {
      const global = new elasticache.GlobalReplicationGroup(
        `${name}-global`,
        {
          region,
          globalReplicationGroupIdSuffix: id("cache", 40),
          globalReplicationGroupDescription: `Cache shared from ${args.site.id}`,
          primaryReplicationGroupId: rg.id,
        },
        child,
      );
      this.globalReplicationGroupId = global.globalReplicationGroupId;
    }
    this.endpoint = rg.primaryEndpointAddress;
    this.replicationGroupArn = rg.arn;
    this.replicationGroupId = rg.replicationGroupId;
    this.connectStatement = {
      sid: "ConnectToCache",
      actions: ["elasticache:Connect"],
      resources: [rg.arn, fnUser.arn],
    };
    this.registerOutputs({
      endpoint: this.endpoint,
      replicationGroupArn: this.replicationGroupArn,
    });
  }
}

const TYPE = "tachyon:data:AwsCache";
