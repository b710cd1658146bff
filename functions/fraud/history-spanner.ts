/**
 * Account histories in the fraud workload's Spanner database, in the table of
 * {@link spannerHistoryDdl}: one row per account, the history as JSON text and the commit's
 * wall-clock time. A read is one strong read by key, a write one single-use `insertOrUpdate`
 * commit (the later write wins, as on DynamoDB and Cosmos DB). The table's row deletion policy
 * removes a row {@link HISTORY_TTL_DAYS} days after `UpdatedAt`, within about three days of it
 * (https://cloud.google.com/spanner/docs/ttl), so a read also treats an older row as absent.
 */
import { log } from "../lib/log";
import type { SpannerDatabase } from "../lib/spanner";
import type { FeatureCache } from "./cache";
import type { AccountHistory } from "./features";
import { HISTORY_TTL_DAYS, historyOf } from "./history";

const TABLE = "AccountHistories";
const COLUMNS = ["History", "UpdatedAt"];

/**
 * The table's DDL. Append it after every statement the database already has: changing or
 * reordering an earlier statement replaces the database.
 */
export function spannerHistoryDdl(): string[] {
  return [
    `CREATE TABLE ${TABLE} (Account STRING(64) NOT NULL, History STRING(MAX) NOT NULL, ` +
      "UpdatedAt TIMESTAMP NOT NULL) PRIMARY KEY (Account), " +
      `ROW DELETION POLICY (OLDER_THAN(UpdatedAt, INTERVAL ${HISTORY_TTL_DAYS} DAY))`,
  ];
}

/** Account histories in a Spanner database. */
export class SpannerHistoryStore implements FeatureCache {
  /**
   * @param db The workload's database.
   * @param now Clock for `UpdatedAt`, epoch milliseconds. @default Date.now
   */
  constructor(
    private readonly db: SpannerDatabase,
    private readonly now: () => number = Date.now,
  ) {}

  /** {@inheritDoc FeatureCache.get} */
  async get(account: string): Promise<AccountHistory | undefined> {
    const [row] = await this.db.read(TABLE, COLUMNS, { keys: [[account]] });
    if (!row) return undefined;
    const [json, updatedAt] = row;
    const written = typeof updatedAt === "string" ? Date.parse(updatedAt) : NaN;
    if (!(written + HISTORY_TTL_DAYS * 86_400_000 > this.now())) return undefined;
    let parsed: unknown;
    try {
      parsed = typeof json === "string" ? JSON.parse(json) : undefined;
    } catch {
      parsed = undefined;
    }
    const history = historyOf(parsed);
    if (!history) log("WARNING", "stored account history is not readable, ignored", { account });
    return history;
  }

  /** {@inheritDoc FeatureCache.set} */
  async set(account: string, history: AccountHistory): Promise<void> {
    await this.db.write([
      {
        insertOrUpdate: {
          table: TABLE,
          columns: ["Account", ...COLUMNS],
          values: [[account, JSON.stringify(history), new Date(this.now()).toISOString()]],
        },
      },
    ]);
  }
}
