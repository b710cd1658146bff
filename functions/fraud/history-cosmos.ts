/**
 * Account histories in the fraud workload's Cosmos DB database, in its main container
 * (partitioned on `/id`, TTL on with no default: components/data/azure-cosmos.ts), one
 * document per account: `{ id: "fraud-history:<account>", history, expiresAt, ttl }`.
 *
 * A read is one point read, a write one upsert of the whole document (the later write wins, as
 * on DynamoDB). `ttl` is the document's own time to live in seconds after its last write, which
 * Cosmos DB honours because the container's `defaultTtl` is -1; an expired document is no longer
 * returned by reads even before it is deleted
 * (https://learn.microsoft.com/en-us/azure/cosmos-db/nosql/time-to-live). `expiresAt` (epoch
 * seconds) makes the same expiry visible to the instance's clock, as on DynamoDB.
 */
import type { CosmosContainer } from "../lib/cosmos";
import { log } from "../lib/log";
import type { FeatureCache } from "./cache";
import type { AccountHistory } from "./features";
import { expiresAtSeconds, HISTORY_TTL_DAYS, historyOf } from "./history";

/** An account's history document. */
export interface HistoryDocument {
  readonly id: string;
  readonly history: unknown;
  /** Epoch seconds. */
  readonly expiresAt: number;
  /** Seconds after the last write (Cosmos DB's per-item TTL). */
  readonly ttl: number;
}

/** Account histories in a Cosmos DB container. */
export class CosmosHistoryStore implements FeatureCache {
  /**
   * @param container The workload's main container.
   * @param now Clock for `expiresAt`, epoch milliseconds. @default Date.now
   */
  constructor(
    private readonly container: CosmosContainer,
    private readonly now: () => number = Date.now,
  ) {}

  /** {@inheritDoc FeatureCache.get} */
  async get(account: string): Promise<AccountHistory | undefined> {
    const found = await this.container.read<HistoryDocument>(`fraud-history:${account}`);
    if (!found || !(found.doc.expiresAt * 1000 > this.now())) return undefined;
    const history = historyOf(found.doc.history);
    if (!history) log("WARNING", "stored account history is not readable, ignored", { account });
    return history;
  }

  /** {@inheritDoc FeatureCache.set} */
  async set(account: string, history: AccountHistory): Promise<void> {
    await this.container.upsert<HistoryDocument>({
      id: `fraud-history:${account}`,
      history,
      expiresAt: expiresAtSeconds(this.now(), HISTORY_TTL_DAYS),
      ttl: HISTORY_TTL_DAYS * 86_400,
    });
  }
}
