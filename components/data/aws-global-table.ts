/**
 * A global database of the topology on AWS: one DynamoDB global table (version 2019.11.21) in the
 * global stack, created in the database's first site's region with a replica in every other of
 * its sites. Each region reads and writes its local replica, so no request crosses an ocean. With
 * one site it is a regional table, as a trading site's own order-id claims table is
 * (components/deployment/aws-local-tables.ts).
 *
 * Streams carry NEW_AND_OLD_IMAGES (a one-site table may go without), point-in-time recovery
 * and deletion protection are on for the table and every replica, and each region encrypts with
 * its own customer-managed key (replicas need a key in their own region).
 */
import * as dynamodb from "@pulumi/aws/dynamodb";
import * as kms from "@pulumi/aws/kms";
import * as pulumi from "@pulumi/pulumi";
import { TAG_DATA_CLASS, parseSiteId, type Database } from "../../model/types";

/** How the table pays for throughput. */
export type AwsTableBilling =
  | { readonly mode: "PAY_PER_REQUEST" }
  | { readonly mode: "PROVISIONED"; readonly readCapacity: number; readonly writeCapacity: number };

/** Arguments of {@link AwsGlobalTable}. */
export interface AwsGlobalTableArgs {
  /** The database from the topology; its first site is the table's home region. */
  database: Database;
  /** Environment name, for the physical table name. */
  environment: string;
  /**
   * What follows `tachyon-<environment>-<database>` in the physical name, e.g. `-state` for a
   * workload's state table beside the order claims table of the same database.
   * @default ""
   */
  nameSuffix?: string;
  /**
   * The physical table name, in place of `tachyon-<environment>-<database>` and `nameSuffix`.
   * DynamoDB allows 3 to 255 of `a-z A-Z 0-9 _ - .`
   * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html).
   * @default `tachyon-<environment>-<database><nameSuffix>`
   * @example "tachyon-prod-eu-west-1-order-claims"
   */
  tableName?: string;
  /**
   * Throughput billing.
   * @default { mode: "PAY_PER_REQUEST" }
   */
  billing?: AwsTableBilling;
  /**
   * Encryption keys: a customer-managed key per region, or DynamoDB's AWS-managed key.
   * @default "customer-managed"
   */
  encryption?: "customer-managed" | "aws-managed";
  /**
   * Sort key (a string attribute); the partition key is always the string attribute `pk`.
   * @default none: items are addressed by `pk` alone, as the idempotency store does
   * @example "sk"
   */
  rangeKey?: string;
  /**
   * Whether the table keeps a stream of item changes (NEW_AND_OLD_IMAGES). A table with replicas
   * needs it: global tables replicate through it
   * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-dynamodb-globaltable-streamspecification.html).
   * @default true
   */
  stream?: boolean;
  /**
   * Attribute holding an epoch-seconds expiry; DynamoDB deletes expired items for free.
   * @default "expiresAt"
   */
  ttlAttribute?: string;
  /**
   * Extra tags; `data-class` is always set from the database.
   * @default {}
   */
  tags?: Record<string, string>;
}

/**
 * One DynamoDB global table with replicas in the database's other sites.
 *
 * @example
 * const orders = new AwsGlobalTable("orders", { database, environment: "prod" });
 * export const ordersTable = orders.tableName;
 */
export class AwsGlobalTable extends pulumi.ComponentResource {
  readonly tableName: pulumi.Output<string>;
  readonly tableArn: pulumi.Output<string>;
  /** The region the table was created in; the others hold replicas. */
  readonly homeRegion: string;
  /** Every region holding a copy, home first. */
  readonly regions: readonly string[];
  /**
   * Region -> ARN of the customer-managed key encrypting that region's copy; empty with
   * `encryption: "aws-managed"`. A role that reads or writes a replica needs its region's key.
   */
  readonly keyArns: Readonly<Record<string, pulumi.Output<string>>>;

  constructor(name: string, args: AwsGlobalTableArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TYPE, name, {}, opts);
    const regions = tableRegions(args.database);
    const [home, ...replicaRegions] = regions;
    const stream = args.stream ?? true;
    if (!stream && replicaRegions.length > 0) {
      throw new Error(
        `databases.${args.database.name}.sites: a table without a stream cannot have replicas, got ${args.database.sites.join(", ")}. Keep the stream on or list one site.`,
      );
    }
    const tags = { ...args.tags, [TAG_DATA_CLASS]: args.database.dataClass };
    const billing = args.billing ?? { mode: "PAY_PER_REQUEST" };
    const keys = new Map<string, pulumi.Output<string>>();
    if ((args.encryption ?? "customer-managed") === "customer-managed") {
      for (const region of regions) {
        const key = new kms.Key(
          `${name}-key-${region}`,
          {
            region,
            description: `Encrypts the ${args.database.name} table replica in ${region}.`,
            enableKeyRotation: true,
            deletionWindowInDays: 30,
            tags: args.tags,
          },
          { parent: this },
        );
        keys.set(region, key.arn);
      }
    }
    const table = new dynamodb.Table(
      `${name}-table`,
      {
        region: home,
        name:
          args.tableName ??
          `tachyon-${args.environment}-${args.database.name}${args.nameSuffix ?? ""}`,
        billingMode: billing.mode,
        readCapacity: billing.mode === "PROVISIONED" ? billing.readCapacity : undefined,
        writeCapacity: billing.mode === "PROVISIONED" ? billing.writeCapacity : undefined,
        hashKey: "pk",
        rangeKey: args.rangeKey,
        attributes: [
          { name: "pk", type: "S" },
          ...(args.rangeKey === undefined ? [] : [{ name: args.rangeKey, type: "S" }]),
        ],
        streamEnabled: stream,
        streamViewType: stream ? "NEW_AND_OLD_IMAGES" : undefined,
        pointInTimeRecovery: { enabled: true },
        deletionProtectionEnabled: true,
        serverSideEncryption: { enabled: true, kmsKeyArn: keys.get(home) },
        ttl: { attributeName: args.ttlAttribute ?? "expiresAt", enabled: true },
        replicas: replicaRegions.map((regionName) => ({
          regionName,
          kmsKeyArn: keys.get(regionName),
          pointInTimeRecovery: true,
          deletionProtectionEnabled: true,
          propagateTags: true,
        })),
        tags,
      },
      { parent: this },
    );
    this.tableName = table.name;
    this.tableArn = table.arn;
    this.homeRegion = home;
    this.regions = regions;
    this.keyArns = Object.fromEntries(keys);
    this.registerOutputs({
      tableName: this.tableName,
      tableArn: this.tableArn,
      keyArns: this.keyArns,
    });
  }
}

/**
 * The regions of an AWS database, home (its first site) first. Throws when the database is not
 * an AWS database or lists a region twice.
 */
export function tableRegions(database: Database): string[] {
  const regions = database.sites.map((id) => parseSiteId(id));
  const foreign = regions.find((r) => r.cloud !== "aws");
  if (foreign !== undefined || database.cloud !== "aws") {
    throw new Error(
      `databases.${database.name}.sites: a DynamoDB global table lives on AWS only, got ${database.sites.join(", ")}. Keep one cloud per database.`,
    );
  }
  const names = regions.map((r) => r.region);
  if (new Set(names).size !== names.length || names.length === 0) {
    throw new Error(
      `databases.${database.name}.sites: each region may hold one replica, got ${names.join(", ") || "none"}. List each site once.`,
    );
  }
  return names;
}

const TYPE = "tachyon:data:AwsGlobalTable";
