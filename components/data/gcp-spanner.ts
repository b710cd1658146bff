/**
 * A global database on Google Cloud: a Spanner instance whose configuration covers the database's
 * sites — a base multi-region configuration for sites in several regions (external consistency
 * across regions, reads served by the nearest replica), a regional configuration for one site —
 * and one database with point-in-time recovery, drop protection and an optional CMEK key.
 */
import * as pulumi from "@pulumi/pulumi";
import * as spanner from "@pulumi/gcp/spanner";
import { TAG_DATA_CLASS, type DataClass } from "../../model/types";

import { spannerConfigFor } from "../../model/spanner-configs";

/** Arguments of {@link GcpSpannerDatabase}. */
export interface GcpSpannerDatabaseArgs {
  /** Instance id (6-30 characters). */
  readonly instanceName: string;
  /** Database id (2-30 characters). */
  readonly databaseName: string;
  /** Regions of the database's sites, in topology order. */
  readonly regions: readonly string[];
  readonly dataClass: DataClass;
  /**
   * Compute capacity in processing units (1000 = one node); multiples of 100 below 1000.
   * @default 1000
   */
  readonly processingUnits?: number;
  /** Point-in-time recovery window. @default "7d" */
  readonly versionRetentionPeriod?: string;
  /**
   * DDL statements the database is created with; appending one later applies it to the
   * existing database (statements already applied must stay, in order).
   * @default []
   * @example [spannerClaimsDdl()]
   */
  readonly ddls?: readonly string[];
  /** Cloud KMS key for customer-managed encryption; must be in the instance's region(s). */
  readonly kmsKeyName?: pulumi.Input<string>;
  /** @default {} */
  readonly labels?: Record<string, string>;
}

/**
 * A Spanner instance on the configuration covering the sites, with one database.
 *
 * @example
 * new GcpSpannerDatabase("cards", { instanceName: "tachyon-prod-cards", databaseName: "cards",
 *   regions: ["us-east4", "europe-west3", "asia-northeast1"], dataClass: "pii" });
 */
export class GcpSpannerDatabase extends pulumi.ComponentResource {
  /** Name of the instance. */
  readonly instanceName: pulumi.Output<string>;
  /** Name of the database. */
  readonly databaseName: pulumi.Output<string>;
  /** The configuration chosen. */
  readonly config: string;

  constructor(name: string, args: GcpSpannerDatabaseArgs, opts?: pulumi.ComponentResourceOptions) {
    super(GCP_SPANNER_DATABASE_TYPE, name, {}, opts);
    const problems = validateSpannerArgs(args);
    if (problems.length > 0) throw new Error(problems.join(" "));
    this.config = spannerConfigFor(args.regions);
    const multiRegion = !this.config.startsWith("regional-");
    const instance = new spanner.Instance(
      `${name}-instance`,
      {
        name: args.instanceName,
        displayName: args.instanceName,
        config: this.config,
        processingUnits: args.processingUnits ?? 1000,
        // Multi-region configurations are offered in the Enterprise Plus edition only.
        edition: multiRegion ? "ENTERPRISE_PLUS" : "ENTERPRISE",
        labels: { ...(args.labels ?? {}), [TAG_DATA_CLASS]: args.dataClass },
      },
      { parent: this },
    );
    const database = new spanner.Database(
      `${name}-db`,
      {
        instance: instance.name,
        name: args.databaseName,
        databaseDialect: "GOOGLE_STANDARD_SQL",
        versionRetentionPeriod: args.versionRetentionPeriod ?? "7d",
        deletionProtection: true,
        enableDropProtection: true,
        ...(args.ddls && args.ddls.length > 0 ? { ddls: [...args.ddls] } : {}),
        ...(args.kmsKeyName ? { encryptionConfig: { kmsKeyName: args.kmsKeyName } } : {}),
      },
      { parent: this },
    );
    this.instanceName = instance.name;
    this.databaseName = database.name;
    this.registerOutputs({
      instanceName: this.instanceName,
      databaseName: this.databaseName,
      config: this.config,
    });
  }
}

/** Every problem of the arguments, one sentence each. */
export function validateSpannerArgs(args: GcpSpannerDatabaseArgs): string[] {
  const problems: string[] = [];
  const pu = args.processingUnits ?? 1000;
  if (!Number.isInteger(pu) || pu < 100 || (pu < 1000 ? pu % 100 !== 0 : pu % 1000 !== 0)) {
    problems.push(
      `processingUnits: must be a multiple of 100 below 1000 or of 1000 above, got ${pu}. Use e.g. 100, 500, 1000 or 2000.`,
    );
  }
  if (!/^[a-z][-a-z0-9]{4,28}[a-z0-9]$/.test(args.instanceName)) {
    problems.push(
      `instanceName: must be 6-30 lowercase letters, digits or hyphens starting with a letter, got "${args.instanceName}". Use gcpName("spanner", ...).`,
    );
  }
  if (!/^[a-z][a-z0-9_-]{0,28}[a-z0-9]$/.test(args.databaseName)) {
    problems.push(
      `databaseName: must be 2-30 lowercase letters, digits, "_" or "-" starting with a letter, got "${args.databaseName}". Rename the database.`,
    );
  }
  const period = args.versionRetentionPeriod ?? "7d";
  const m = /^(\d+)([smhd])$/.exec(period);
  const hours = m ? Number(m[1]) * { s: 1 / 3600, m: 1 / 60, h: 1, d: 24 }[m[2] as "s"] : NaN;
  if (!(hours >= 1 && hours <= 168)) {
    problems.push(
      `versionRetentionPeriod: Spanner keeps versions for 1h to 7d, got "${period}". Use e.g. "7d".`,
    );
  }
  return problems;
}

/** Type token of {@link GcpSpannerDatabase}. */
export const GCP_SPANNER_DATABASE_TYPE = "tachyon:data:GcpSpannerDatabase";
