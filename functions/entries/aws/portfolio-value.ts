/**
 * Lambda entry of `portfolio-value` (Kinesis batches of price updates and position events).
 * Positions, option definitions and applied event ids live in the DynamoDB state table named by
 * `TACHYON_STATE_TABLE` (the workload's global table, or the site's own where that does not serve
 * the site: components/deployment/aws-local-tables.ts), written through the signed client of
 * functions/lib/aws-client.ts, built on first use and reused; without the table, in the
 * instance's memory only.
 */
import { toLambda } from "../../adapters/aws";
import { awsClientFromEnv } from "../../lib/aws-client";
import { DynamoDBTable } from "../../lib/dynamodb";
import { logStateStore } from "../../lib/state-log";
import { portfolioValueFunction } from "../../portfolio/value";
import { DynamoDBPortfolioStore } from "../../portfolio/store-dynamodb";

const table = process.env.TACHYON_STATE_TABLE;
logStateStore(
  "portfolio",
  table ? { kind: "dynamodb", name: table } : undefined,
  "TACHYON_STATE_TABLE",
);

/** `index.handler`. */
export const handler = toLambda(
  portfolioValueFunction(
    table
      ? {
          store: () =>
            new DynamoDBPortfolioStore(new DynamoDBTable(awsClientFromEnv("dynamodb"), table)),
        }
      : {},
  ),
);
