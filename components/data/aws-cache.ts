/**
 * The in-region cache of an AWS site: an ElastiCache (Valkey by default) replication group in the
 * private subnets, encrypted in transit and at rest, Multi-AZ with automatic failover.
 *
 * A site-local cache authenticates through RBAC with an IAM-authenticated user, so there is no
 * password to manage and functions connect with `elasticache:Connect` on this group only; the
 * default user is disabled.
 *
 * A cache shared across sites is an ElastiCache Global Datastore: the first site creates the
 * writable primary group and the global group from it, later sites join as read-only
 * secondaries. The ElastiCache guide's prerequisites of global datastores name encryption in
 * transit, encryption at rest and the AUTH token as what they support, not RBAC user groups or
 * IAM authentication, and a secondary takes its engine, node type and encryption from the
 * global group. So a shared cache authenticates with an AUTH token: generated once, kept in a
 * Secrets Manager secret that is replicated to every secondary's region, read by the functions
 * at start-up with `secretsmanager:GetSecretValue` in their own region.
 */
import { randomInt } from "node:crypto";
import * as ec2 from "@pulumi/aws/ec2";
import * as elasticache from "@pulumi/aws/elasticache";
import * as secretsmanager from "@pulumi/aws/secretsmanager";
import * as pulumi from "@pulumi/pulumi";
import { TAG_DATA_CLASS, type DataClass, type Site } from "../../model/types";
import type { ScopedStatement } from "../access/aws-iam";
import { physicalName } from "../naming/physical-name";

/** Cache port. */
export const CACHE_PORT = 6379;

/** Length of a generated AUTH token (ElastiCache accepts 16 to 128 printable characters). */
export const AUTH_TOKEN_LENGTH = 64;

// Letters and digits only: ElastiCache allows no other characters in an AUTH token except
// !&#$^<>-, which shells and URLs treat specially.
const TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** A new random AUTH token: {@link AUTH_TOKEN_LENGTH} letters and digits from a CSPRNG. */
export function newAuthToken(): string {
  return Array.from(
    { length: AUTH_TOKEN_LENGTH },
    () => TOKEN_ALPHABET[randomInt(TOKEN_ALPHABET.length)],
  ).join("");
}

/**
 * Node types a Global Datastore accepts: size large and above of the M5, M6g, M7g, R5, R6g, R6gd,
 * R7g and C7gn families (ElastiCache guide, global datastores' prerequisites and limitations).
 */
export const GLOBAL_DATASTORE_NODE_TYPE =
  /^cache\.(m5|m6g|m7g|r5|r6g|r6gd|r7g|c7gn)\.(large|\d*xlarge)$/;

/** The part of a shared cache a site plays. */
export type AwsCacheGlobalRole =
  | {
      readonly role: "primary";
      /** Regions of the secondaries: the AUTH token's secret is replicated to each. */
      readonly replicaRegions: readonly string[];
      /**
       * The AUTH token, 16-128 letters, digits or `!&#$^<>-`.
       * @default a random 64-character token, generated on the first deployment and kept
       */
      readonly authToken?: pulumi.Input<string>;
    }
  | {
      readonly role: "secondary";
      /** The global group to join (the primary site's `globalReplicationGroupId`). */
      readonly globalReplicationGroupId: pulumi.Input<string>;
      /** The AUTH token's secret replica in this site's region. */
      readonly authSecretArn: pulumi.Input<string>;
    };

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
   * Node type (Global Datastore needs size large or above of M5, M6g, M7g, R5, R6g, R6gd, R7g or
   * C7gn; a secondary takes the primary's).
   * @default "cache.r7g.large"
   */
  nodeType?: string;
  /**
   * Nodes: one primary and `nodes - 1` replicas in other zones (at least 2 for failover).
   * @default 2
   */
  nodes?: number;
  /**
   * Global Datastore role; omit for a site-local cache.
   * @default none
   * @example { role: "primary", replicaRegions: ["eu-west-2"] }
   */
  global?: AwsCacheGlobalRole;
  /**
   * Extra tags; `data-class` is always set.
   * @default {}
   */
  tags?: Record<string, string>;
}

/** What the site's stack exports about its cache; later sites read the shared-cache fields. */
export interface AwsCacheOutputs {
  readonly endpoint: pulumi.Output<string>;
  /** The IAM-authenticated user (site-local caches). */
  readonly user?: string;
  /** The global group (the primary site of a shared cache). */
  readonly globalReplicationGroupId?: pulumi.Output<string>;
  /** The AUTH token's secret in the primary's region (the primary site of a shared cache). */
  readonly authSecretArn?: pulumi.Output<string>;
}

/**
 * An encrypted, Multi-AZ cache in one AWS site: IAM-authenticated when site-local, AUTH-token
 * protected when it is a member of a Global Datastore.
 *
 * @example
 * const cache = new AwsCache("cache", { site, environment, dataClass: "confidential",
 *   vpcId: net.vpcId, subnetIds: net.subnetIds, clientSecurityGroupId: net.functionSecurityGroupId });
 */
export class AwsCache extends pulumi.ComponentResource {
  /** Primary endpoint host (read-only on a secondary). */
  readonly endpoint: pulumi.Output<string>;
  readonly replicationGroupArn: pulumi.Output<string>;
  /** The replication group id: what an ElastiCache IAM auth token is signed for. */
  readonly replicationGroupId: pulumi.Output<string>;
  /** The IAM-authenticated user the functions connect as; absent on a shared cache. */
  readonly userName?: string;
  /** The global group id, when this site started a Global Datastore. */
  readonly globalReplicationGroupId?: pulumi.Output<string>;
  /** The AUTH token's secret in this site's region, on a shared cache. */
  readonly authSecretArn?: pulumi.Output<string>;
  /** What a function needs to connect: `elasticache:Connect`, or reading the AUTH token. */
  readonly connectStatement: ScopedStatement;
  /** The environment variables a client reads (`functions/fraud/cache-env.ts`). */
  readonly clientVariables: Readonly<Record<string, pulumi.Input<string>>>;
  /** What the site's stack exports about the cache. */
  readonly outputs: AwsCacheOutputs;

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
    const nodeType = args.nodeType ?? "cache.r7g.large";
    if (args.global?.role === "primary" && !GLOBAL_DATASTORE_NODE_TYPE.test(nodeType)) {
      throw new Error(
        `AwsCache "${name}": "nodeType" must be a Global Datastore node type for a shared cache, got "${nodeType}". Use size large or above of M5, M6g, M7g, R5, R6g, R6gd, R7g or C7gn, e.g. "cache.r7g.large".`,
      );
    }
    const id = (role: string, max: number): string =>
      physicalName(args.environment, region, role, max).toLowerCase();
    const tags = { ...args.tags, [TAG_DATA_CLASS]: args.dataClass };
    const global = args.global;

    const group = createSecurityGroup();
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
    const rbac = global === undefined ? createIamUsers() : undefined;
    const secret = global?.role === "primary" ? createAuthSecret(global) : undefined;
    const rg = new elasticache.ReplicationGroup(
      `${name}-group`,
      {
        region,
        replicationGroupId: id("cache", 40),
        description: `Cache of ${args.site.id}`,
        ...(global?.role === "secondary"
          ? // A secondary takes engine, version, node type and encryption from its global group;
            // the provider rejects them beside globalReplicationGroupId.
            { globalReplicationGroupId: global.globalReplicationGroupId }
          : {
              engine,
              engineVersion: args.engineVersion ?? "8.0",
              nodeType,
              transitEncryptionEnabled: true,
              atRestEncryptionEnabled: true,
            }),
        numCacheClusters: nodes,
        port: CACHE_PORT,
        automaticFailoverEnabled: true,
        multiAzEnabled: true,
        ...(rbac ? { userGroupIds: [rbac.userGroupId] } : {}),
        ...(secret ? { authToken: secret.token } : {}),
        subnetGroupName: subnets.name,
        securityGroupIds: [group.id],
        snapshotRetentionLimit: 1,
        tags,
      },
      child,
    );
    if (global?.role === "primary") {
      const globalGroup = new elasticache.GlobalReplicationGroup(
        `${name}-global`,
        {
          region,
          globalReplicationGroupIdSuffix: id("cache", 40),
          globalReplicationGroupDescription: `Cache shared from ${args.site.id}`,
          primaryReplicationGroupId: rg.id,
        },
        child,
      );
      this.globalReplicationGroupId = globalGroup.globalReplicationGroupId;
    }
    this.endpoint = rg.primaryEndpointAddress;
    this.replicationGroupArn = rg.arn;
    this.replicationGroupId = rg.replicationGroupId;
    this.authSecretArn =
      global?.role === "secondary" ? pulumi.output(global.authSecretArn) : secret?.arn;
    if (rbac) {
      this.userName = rbac.userName;
      this.connectStatement = {
        sid: "ConnectToCache",
        actions: ["elasticache:Connect"],
        resources: [rg.arn, rbac.userArn],
      };
      this.clientVariables = {
        TACHYON_CACHE_ENDPOINT: this.endpoint,
        TACHYON_CACHE_USER: rbac.userName,
        // The IAM auth token is signed for the replication group, not the endpoint host.
        TACHYON_CACHE_NAME: this.replicationGroupId,
      };
    } else {
      const secretArn = this.authSecretArn as pulumi.Output<string>;
      this.connectStatement = {
        sid: "ReadCacheAuthToken",
        actions: ["secretsmanager:GetSecretValue"],
        resources: [secretArn],
      };
      this.clientVariables = {
        TACHYON_CACHE_ENDPOINT: this.endpoint,
        TACHYON_CACHE_AUTH_SECRET_ARN: secretArn,
        // A secondary refuses writes; clients skip their write-back instead of failing each one.
        ...(global?.role === "secondary" ? { TACHYON_CACHE_READ_ONLY: "true" } : {}),
      };
    }
    this.outputs = {
      endpoint: this.endpoint,
      ...(this.userName !== undefined ? { user: this.userName } : {}),
      ...(this.globalReplicationGroupId !== undefined
        ? { globalReplicationGroupId: this.globalReplicationGroupId }
        : {}),
      ...(secret ? { authSecretArn: secret.arn } : {}),
    };
    this.registerOutputs({
      endpoint: this.endpoint,
      replicationGroupArn: this.replicationGroupArn,
    });

    function createSecurityGroup(): ec2.SecurityGroup {
      return new ec2.SecurityGroup(
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
    }

    function createIamUsers(): {
      userGroupId: pulumi.Output<string>;
      userName: string;
      userArn: pulumi.Output<string>;
    } {
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
      const userName = id("cache-fn", 40);
      const fnUser = new elasticache.User(
        `${name}-user`,
        {
          region,
          engine,
          userId: userName,
          userName,
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
      return { userGroupId: users.userGroupId, userName, userArn: fnUser.arn };
    }

    function createAuthSecret(primary: Extract<AwsCacheGlobalRole, { role: "primary" }>): {
      arn: pulumi.Output<string>;
      token: pulumi.Output<string>;
    } {
      const secret = new secretsmanager.Secret(
        `${name}-auth`,
        {
          region,
          name: id("cache-auth", 512),
          description: `AUTH token of the cache shared from ${args.site.id}`,
          replicas: primary.replicaRegions.map((r) => ({ region: r })),
          tags: args.tags,
        },
        child,
      );
      const version = new secretsmanager.SecretVersion(
        `${name}-auth-token`,
        {
          region,
          secretId: secret.id,
          secretString: pulumi.secret(primary.authToken ?? newAuthToken()),
        },
        // Every run draws a new random token; the first one stays, the group's AUTH with it.
        { ...child, ignoreChanges: ["secretString"] },
      );
      return {
        arn: secret.arn,
        token: pulumi.secret(version.secretString.apply((s) => s ?? "")),
      };
    }
  }
}

const TYPE = "tachyon:data:AwsCache";
