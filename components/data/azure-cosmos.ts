/**
 * A global database on Azure: one Cosmos DB (SQL API) account with a location per database site,
 * writable in every location (multi-region writes), so each site reads and writes its nearest
 * replica with single-digit-millisecond latency; continuous backup (point-in-time restore), no
 * keys (Entra ID only), no public network access — sites reach it through private endpoints — and
 * a CanNotDelete lock on the account.
 */
import * as pulumi from "@pulumi/pulumi";
import * as authorization from "@pulumi/azure-native/authorization";
import * as cosmosdb from "@pulumi/azure-native/cosmosdb";
import { TAG_DATA_CLASS, type DataClass } from "../../model/types";

/** Cosmos DB consistency levels, strongest first. */
export type CosmosConsistency =
  "Strong" | "BoundedStaleness" | "Session" | "ConsistentPrefix" | "Eventual";

/** Arguments of {@link AzureCosmosDatabase}. */
export interface AzureCosmosDatabaseArgs {
  readonly resourceGroupName: pulumi.Input<string>;
  /** Physical account name (3-44 lowercase letters, digits, hyphens; globally unique). */
  readonly accountName: string;
  /** Azure regions of the database's sites, in topology order: the first is the failover primary. */
  readonly locations: readonly string[];
  readonly dataClass: DataClass;
  /**
   * Default consistency. Session gives read-your-writes per client at local-replica latency;
   * Strong needs one location and `multiRegionWrites: false`, and reads from two replicas
   * (https://learn.microsoft.com/en-us/azure/cosmos-db/consistency-levels).
   * @default "Session"
   */
  readonly consistency?: CosmosConsistency;
  /** SQL database name. @default "tachyon" */
  readonly databaseName?: string;
  /** Container name. @default "items" */
  readonly containerName?: string;
  /**
   * Partition key path of the container; a high-cardinality key keeps hot partitions away.
   * @default "/id"
   * @example "/accountId"
   */
  readonly partitionKeyPath?: string;
  /**
   * Name of a second container for order-id claims (the order function's idempotency store):
   * partitioned on `/id`, TTL on with each claim carrying its own `ttl`, and nothing indexed,
   * because claims are only ever read by id.
   * @default none: no claims container
   * @example "order-claims"
   */
  readonly claimsContainerName?: string;
  /**
   * An account that holds order-id claims only (a trading site's own store): no data container,
   * only the claims container, which `claimsContainerName` must then name.
   * @default false
   */
  readonly claimsOnly?: boolean;
  /**
   * Accept writes in every location. Off for a single-location account: the setting gains it
   * nothing there and cannot be turned off once the account exists
   * (https://github.com/Azure/azure-cli/issues/10282).
   * @default true
   */
  readonly multiRegionWrites?: boolean;
  /**
   * Notes of the account's CanNotDelete lock: what the account holds, for whoever meets the lock.
   * @default "Global database: ..." ("Order-id claims store: ..." with `claimsOnly`)
   */
  readonly lockNotes?: string;
  /** Zone-redundant replicas in every location (not offered in every region). @default false */
  readonly zoneRedundant?: boolean;
  /** Continuous backup retention tier. @default "Continuous7Days" */
  readonly backupTier?: "Continuous7Days" | "Continuous30Days";
  /** Tags besides `data-class`. @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * A multi-region-write Cosmos DB account with one SQL database and container (with `claimsOnly`,
 * the claims container alone).
 *
 * @example
 * new AzureCosmosDatabase("orders", { resourceGroupName: rg.name,
 *   accountName: "tachyon-prod-orders", locations: ["westeurope", "eastus"], dataClass: "pii" });
 */
export class AzureCosmosDatabase extends pulumi.ComponentResource {
  /** Resource id of the account: the target of private endpoints and role assignments. */
  readonly accountId: pulumi.Output<string>;
  /** Name of the account. */
  readonly accountName: pulumi.Output<string>;
  /** Name of the SQL database. */
  readonly databaseName: pulumi.Output<string>;
  /** Name of the data container; none in a claims-only account. */
  readonly containerName?: pulumi.Output<string>;
  /** Name of the claims container, when one was asked for. */
  readonly claimsContainerName?: pulumi.Output<string>;

  constructor(name: string, args: AzureCosmosDatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super(AZURE_COSMOS_DATABASE_TYPE, name, {}, opts);
    const problems = validateCosmosArgs(args);
    if (problems.length > 0) throw new Error(problems.join(" "));
    const tags = { ...(args.tags ?? {}), [TAG_DATA_CLASS]: args.dataClass };

    const account = new cosmosdb.DatabaseAccount(
      `${name}-account`,
      {
        resourceGroupName: args.resourceGroupName,
        accountName: args.accountName,
        location: args.locations[0],
        kind: "GlobalDocumentDB",
        databaseAccountOfferType: "Standard",
        locations: args.locations.map((locationName, failoverPriority) => ({
          locationName,
          failoverPriority,
          isZoneRedundant: args.zoneRedundant ?? false,
        })),
        enableMultipleWriteLocations: args.multiRegionWrites ?? true,
        enableAutomaticFailover: true,
        consistencyPolicy: { defaultConsistencyLevel: args.consistency ?? "Session" },
        backupPolicy: {
          type: "Continuous",
          continuousModeProperties: { tier: args.backupTier ?? "Continuous7Days" },
        },
        disableLocalAuth: true,
        disableKeyBasedMetadataWriteAccess: true,
        publicNetworkAccess: "Disabled",
        minimalTlsVersion: "Tls12",
        tags,
      },
      { parent: this },
    );
    // Continuous backup restores data, not a deleted account: the lock guards the account itself.
    new authorization.ManagementLockByScope(
      `${name}-lock`,
      {
        scope: account.id,
        lockName: "cannot-delete",
        level: "CanNotDelete",
        notes:
          args.lockNotes ??
          (args.claimsOnly
            ? "Order-id claims store: remove this lock deliberately before deleting the account."
            : "Global database: remove this lock deliberately before deleting the account."),
      },
      { parent: this },
    );
    const database = new cosmosdb.SqlResourceSqlDatabase(
      `${name}-db`,
      {
        resourceGroupName: args.resourceGroupName,
        accountName: account.name,
        databaseName: args.databaseName ?? "tachyon",
        resource: { id: args.databaseName ?? "tachyon" },
        tags,
      },
      { parent: this },
    );
    const container = args.claimsOnly
      ? undefined
      : new cosmosdb.SqlResourceSqlContainer(
          `${name}-container`,
          {
            resourceGroupName: args.resourceGroupName,
            accountName: account.name,
            databaseName: database.name,
            containerName: args.containerName ?? "items",
            resource: {
              id: args.containerName ?? "items",
              partitionKey: { paths: [args.partitionKeyPath ?? "/id"], kind: "Hash", version: 2 },
              // -1: TTL on without a container default, so a document with its own `ttl` (fraud's
              // account histories) expires and one without (portfolio state) never does
              // (https://learn.microsoft.com/en-us/azure/cosmos-db/nosql/time-to-live).
              defaultTtl: -1,
              // With writes in every region, the newest write (by server timestamp) wins a conflict.
              conflictResolutionPolicy: { mode: "LastWriterWins", conflictResolutionPath: "/_ts" },
            },
            tags,
          },
          { parent: this },
        );

    const claims = args.claimsContainerName
      ? new cosmosdb.SqlResourceSqlContainer(
          `${name}-claims`,
          {
            resourceGroupName: args.resourceGroupName,
            accountName: account.name,
            databaseName: database.name,
            containerName: args.claimsContainerName,
            resource: {
              id: args.claimsContainerName,
              partitionKey: { paths: ["/id"], kind: "Hash", version: 2 },
              // -1: TTL on without a container default; each claim document sets its own ttl.
              defaultTtl: -1,
              indexingPolicy: {
                indexingMode: "consistent",
                automatic: true,
                includedPaths: [],
                excludedPaths: [{ path: "/*" }],
              },
              conflictResolutionPolicy: { mode: "LastWriterWins", conflictResolutionPath: "/_ts" },
            },
            tags,
          },
          { parent: this },
        )
      : undefined;

    this.accountId = account.id;
    this.accountName = account.name;
    this.databaseName = database.name;
    if (container) this.containerName = container.name;
    if (claims) this.claimsContainerName = claims.name;
    this.registerOutputs({
      accountId: this.accountId,
      accountName: this.accountName,
      databaseName: this.databaseName,
      containerName: this.containerName,
      claimsContainerName: this.claimsContainerName,
    });
  }
}

/** Every problem of the arguments, as `<property>: <problem>, got <value>. <fix>.` sentences. */
export function validateCosmosArgs(args: AzureCosmosDatabaseArgs): string[] {
  const problems: string[] = [];
  if (args.locations.length === 0) {
    problems.push(
      `locations: must list at least one Azure region, got []. Add the database's sites.`,
    );
  }
  const dupes = args.locations.filter((l, i) => args.locations.indexOf(l) !== i);
  if (dupes.length > 0) {
    problems.push(
      `locations: each region may appear once, got "${dupes[0]}" twice. Remove the duplicate site.`,
    );
  }
  if (args.consistency === "Strong" && args.locations.length > 1) {
    problems.push(
      `consistency: "Strong" is not available with multiple write locations, got "Strong". Use "BoundedStaleness" or "Session".`,
    );
  }
  if (args.consistency === "Strong" && args.multiRegionWrites !== false) {
    problems.push(
      `multiRegionWrites: must be false with "Strong" consistency, got ${String(args.multiRegionWrites ?? true)}. Set multiRegionWrites: false or use "Session".`,
    );
  }
  if (
    args.claimsContainerName !== undefined &&
    args.claimsContainerName === (args.containerName ?? "items")
  ) {
    problems.push(
      `claimsContainerName: must differ from the data container, got "${args.claimsContainerName}". Name the claims container e.g. "order-claims".`,
    );
  }
  if (args.claimsOnly === true && args.claimsContainerName === undefined) {
    problems.push(
      `claimsContainerName: must be set in a claims-only account, got none. Name the claims container e.g. "order-claims".`,
    );
  }
  if (!/^[a-z0-9][a-z0-9-]{1,42}[a-z0-9]$/.test(args.accountName)) {
    problems.push(
      `accountName: must be 3-44 lowercase letters, digits or hyphens, got "${args.accountName}". Use azureName("cosmosAccount", ...).`,
    );
  }
  return problems;
}

/** The claims container Tachyon creates in each Azure database that trading uses. */
export const ORDER_CLAIMS_CONTAINER = "order-claims";

/** Type token of {@link AzureCosmosDatabase}. */
export const AZURE_COSMOS_DATABASE_TYPE = "tachyon:data:AzureCosmosDatabase";
