/**
 * Which DynamoDB tables an AWS database gets and which function may use which. A database used
 * by the trading workload holds the `order` function's idempotency claims in a table keyed by
 * `pk` alone (functions/lib/idempotency-dynamodb.ts); a database used by the portfolio or fraud
 * workload holds its state in a table keyed by `pk` and `sk` (functions/portfolio/
 * store-dynamodb.ts, functions/fraud/history-dynamodb.ts), named `tachyon-<env>-<database>-state`. Each function is named only its
 * own table and granted only the calls its code makes, on this region's replica.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { Database, Topology, Workload, WorkloadKind } from "../../model/types";
import type { ScopedStatement } from "../access/aws-iam";

/**
 * Workloads whose state lives in a database's state table: portfolio's positions and fraud's
 * account histories (functions/fraud/history-dynamodb.ts, which sets the table's TTL attribute).
 */
export const STATE_WORKLOADS: ReadonlySet<WorkloadKind> = new Set(["portfolio", "fraud"]);

/** Physical-name suffix of a state table. */
export const STATE_TABLE_SUFFIX = "-state";

/**
 * The DynamoDB actions each function's state store calls (no more: an unused grant widens the
 * role). Actions: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html
 */
export const STATE_CLIENTS: Readonly<Record<string, readonly string[]>> = {
  "portfolio-value": ["dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"],
  "fraud-score": ["dynamodb:GetItem", "dynamodb:PutItem"],
};

/** The function that claims order ids, and what it calls. */
export const CLAIM_CLIENT = { name: "order", actions: ["dynamodb:PutItem", "dynamodb:DeleteItem"] };

/**
 * Which tables a database needs: a state table when a {@link STATE_WORKLOADS} workload uses it,
 * the claims table when trading does, and otherwise the claims-shaped table it always had.
 */
export function tablesOf(
  topology: Topology,
  database: Database,
): { claims: boolean; state: boolean } {
  const users = topology.workloads.filter((w) => w.database === database.name).map((w) => w.kind);
  const state = users.some((kind) => STATE_WORKLOADS.has(kind));
  return { claims: !state || users.includes("trading"), state };
}

/**
 * One table as a function sees it: name, the ARN of this region's replica (or of the site's own
 * claims table) and its key.
 */
export interface LocalTable {
  readonly name: pulumi.Input<string>;
  readonly arn: pulumi.Input<string>;
  /** The customer-managed KMS key of this region's replica. */
  readonly keyArn: pulumi.Input<string>;
}

/**
 * The tables of a workload's database in this region, when it has one on AWS here; for trading
 * otherwise the site's own claims table (components/deployment/aws-local-tables.ts).
 */
export interface WorkloadTables {
  readonly claims?: LocalTable;
  readonly state?: LocalTable;
}

/**
 * Environment variables and statements that give `functionName` its table, if it uses one, in
 * `region`: the table's actions, and its replica's key. DynamoDB uses a table's customer-managed
 * key with the caller's own permissions, so the role needs that key, and only through DynamoDB in
 * this region (https://docs.aws.amazon.com/kms/latest/developerguide/services-dynamodb.html).
 */
export function tableAccess(
  functionName: string,
  workload: Workload,
  tables: WorkloadTables,
  region: string,
): { variables: Record<string, pulumi.Input<string>>; statements: ScopedStatement[] } {
  const keyOf = (sid: string, table: LocalTable): ScopedStatement => ({
    sid,
    actions: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
    resources: [table.keyArn],
    condition: { StringEquals: { "kms:ViaService": `dynamodb.${region}.amazonaws.com` } },
  });
  if (functionName === CLAIM_CLIENT.name && workload.kind === "trading" && tables.claims) {
    return {
      variables: { TACHYON_IDEMPOTENCY_TABLE: tables.claims.name },
      statements: [
        { sid: "ClaimOrderIds", actions: CLAIM_CLIENT.actions, resources: [tables.claims.arn] },
        keyOf("UseOrderTableKey", tables.claims),
      ],
    };
  }
  const actions = STATE_CLIENTS[functionName];
  if (actions && STATE_WORKLOADS.has(workload.kind) && tables.state) {
    return {
      variables: { TACHYON_STATE_TABLE: tables.state.name },
      statements: [
        { sid: "WorkloadState", actions, resources: [tables.state.arn] },
        keyOf("UseStateTableKey", tables.state),
      ],
    };
  }
  return { variables: {}, statements: [] };
}
