/**
 * Lambda entry of `fraud-score` (ALB requests). Account histories are read from the shared cache
 * first, then from the DynamoDB state table named by `TACHYON_STATE_TABLE` (the workload's global
 * table, or the site's own where that does not serve the site; the source of truth), written
 * through the signed client of functions/lib/aws-client.ts, built on first use and reused;
 * without the table, from the cache and instance memory only.
 */
import { toLambda } from "../../adapters/aws";
import { awsClientFromEnv } from "../../lib/aws-client";
import { DynamoDBTable } from "../../lib/dynamodb";
import { logStateStore } from "../../lib/state-log";
import { featureCacheFromEnv } from "../../fraud/cache-env";
import { DynamoDBHistoryStore } from "../../fraud/history-dynamodb";
import { fraudScoreFunction } from "../../fraud/score";

const table = process.env.TACHYON_STATE_TABLE;
logStateStore(
  "fraud",
  table ? { kind: "dynamodb", name: table } : undefined,
  "TACHYON_STATE_TABLE",
);

/** `index.handler`. */
export const handler = toLambda(
  fraudScoreFunction({
    cache: () =>
      featureCacheFromEnv(
        "aws",
        process.env,
        table
          ? new DynamoDBHistoryStore(new DynamoDBTable(awsClientFromEnv("dynamodb"), table))
          : undefined,
      ),
  }),
);
