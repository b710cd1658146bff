/**
 * Account histories in the fraud workload's DynamoDB state table (partition key `pk`, sort key
 * `sk`, both strings; components/deployment/aws-tables.ts), one item per account:
 *
 * | pk                | sk        | attributes                                                 |
 * | ----------------- | --------- | ---------------------------------------------------------- |
 * | `account#<id>`    | `history` | `history` (the history as JSON), `expiresAt` (epoch seconds) |
 *
 * A read is one strongly consistent GetItem, a write one PutItem of the whole item: the calls
 * `fraud-score` is granted, and nothing else. `expiresAt` is the table's TTL attribute, a Number
 * of epoch seconds, {@link HISTORY_TTL_DAYS} after the write; DynamoDB deletes an expired item
 * within days, not at once, so a read also treats an item past its `expiresAt` as absent
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/howitworks-ttl.html).
 * Two instances scoring the same account at the same moment each write their own history and
 * the later write wins, losing the other's transaction from the history (not the decision).
 */
import { log } from "../lib/log";
import { type DynamoDBTable, n, num, s, str } from "../lib/dynamodb";
import type { FeatureCache } from "./cache";
import type { AccountHistory } from "./features";
import { expiresAtSeconds, HISTORY_TTL_DAYS, historyOf } from "./history";

const SK = "history";

/** Account histories in a DynamoDB state table. */
export class DynamoDBHistoryStore implements FeatureCache {
  /**
   * @param table The workload's state table.
   * @param now Clock for `expiresAt`, epoch milliseconds. @default Date.now
   */
  constructor(
    private readonly table: DynamoDBTable,
    private readonly now: () => number = Date.now,
  ) {}

  /** {@inheritDoc FeatureCache.get} */
  async get(account: string): Promise<AccountHistory | undefined> {
    const item = await this.table.get({ pk: s(`account#${account}`), sk: s(SK) });
    const expiresAt = num(item, "expiresAt");
    const json = str(item, "history");
    if (json === undefined || expiresAt === undefined || expiresAt * 1000 <= this.now())
      return undefined;
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      parsed = undefined;
    }
    const history = historyOf(parsed);
    if (!history) log("WARNING", "stored account history is not readable, ignored", { account });
    return history;
  }

  /** {@inheritDoc FeatureCache.set} */
  async set(account: string, history: AccountHistory): Promise<void> {
    await this.table.put({
      pk: s(`account#${account}`),
      sk: s(SK),
      history: s(JSON.stringify(history)),
      expiresAt: n(expiresAtSeconds(this.now(), HISTORY_TTL_DAYS)),
    });
  }
}
