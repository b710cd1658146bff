/**
 * The DynamoDB portfolio store, in the workload's state table (partition key `pk`, sort key
 * `sk`, both strings):
 *
 * | item              | pk                 | sk                 | attributes                                         |
 * | ----------------- | ------------------ | ------------------ | -------------------------------------------------- |
 * | position          | `portfolio#<id>`   | `position#<symbol>`| `quantity`, `lastFill`, `ts`, `event:<id>` per event |
 * | option definition | `options`          | `<symbol>`         | `underlying`, `right`, `strike`, `expiry`, `volatility`, `multiplier` |
 *
 * An event is one UpdateItem of its position: `ADD quantity :delta` and `SET "event:<id>"`,
 * conditional on that attribute not existing, so the id check and the change commit together
 * (DynamoDB applies a single-item write atomically) and a redelivered event fails the condition
 * instead of applying twice. Reads are strongly consistent within the region. A global table
 * resolves concurrent writes to one item in two regions last-writer-wins, so a portfolio's
 * events must be written in one region at a time (one site per portfolio stream).
 *
 * An item holds at most 400 KB: about 8,000 event ids of 40 characters per position.
 */
import { DynamoDBTable, isConditionFailure, n, num, s, str, type Item } from "../lib/dynamodb";
import type { PositionEvent } from "./book";
import type { OptionDefinition } from "./messages";
import type { PortfolioStore, StoredEvent, StoredPosition } from "./store";

const OPTIONS = "options";
const POSITION = "position#";

/** A portfolio store in a DynamoDB state table. */
export class DynamoDBPortfolioStore implements PortfolioStore {
  /** @param table The workload's state table. */
  constructor(private readonly table: DynamoDBTable) {}

  /** {@inheritDoc PortfolioStore.positions} */
  async positions(portfolio: string): Promise<StoredPosition[]> {
    const items = await this.table.partition(
      `portfolio#${portfolio}`,
      "sk, quantity, lastFill, ts",
    );
    return items.flatMap((item) => {
      const position = positionOf(item);
      return position ? [position] : [];
    });
  }

  /** {@inheritDoc PortfolioStore.options} */
  async options(): Promise<OptionDefinition[]> {
    const items = await this.table.partition(OPTIONS);
    return items.flatMap((item) => {
      const right = str(item, "right");
      const option = {
        kind: "option" as const,
        symbol: str(item, "sk") ?? "",
        underlying: str(item, "underlying") ?? "",
        right: right === "put" ? ("put" as const) : ("call" as const),
        strike: num(item, "strike") ?? NaN,
        expiry: num(item, "expiry") ?? NaN,
        volatility: num(item, "volatility") ?? NaN,
        multiplier: num(item, "multiplier") ?? NaN,
      };
      const complete =
        option.symbol !== "" &&
        option.underlying !== "" &&
        (right === "call" || right === "put") &&
        [option.strike, option.expiry, option.volatility, option.multiplier].every(Number.isFinite);
      return complete ? [option] : [];
    });
  }

  /** {@inheritDoc PortfolioStore.defineOption} */
  async defineOption(o: OptionDefinition): Promise<void> {
    await this.table.put({
      pk: s(OPTIONS),
      sk: s(o.symbol),
      underlying: s(o.underlying),
      right: s(o.right),
      strike: n(o.strike),
      expiry: n(o.expiry),
      volatility: n(o.volatility),
      multiplier: n(o.multiplier),
    });
  }

  /** {@inheritDoc PortfolioStore.applyEvent} */
  async applyEvent(e: PositionEvent): Promise<StoredEvent> {
    try {
      const after = await this.table.update(
        { pk: s(`portfolio#${e.portfolio}`), sk: s(`${POSITION}${e.symbol}`) },
        {
          UpdateExpression: "ADD quantity :delta SET lastFill = :price, ts = :ts, #event = :ts",
          ConditionExpression: "attribute_not_exists(#event)",
          ExpressionAttributeNames: { "#event": `event:${e.eventId}` },
          ExpressionAttributeValues: {
            ":delta": n(e.quantityDelta),
            ":price": n(e.price),
            ":ts": n(e.ts),
          },
          // Only the attributes this write changed, not every event id the item holds.
          ReturnValues: "UPDATED_NEW",
        },
      );
      return {
        applied: true,
        position: {
          symbol: e.symbol,
          quantity: num(after, "quantity") ?? e.quantityDelta,
          lastFill: e.price,
          ts: e.ts,
        },
      };
    } catch (error) {
      if (isConditionFailure(error)) return { applied: false };
      throw error;
    }
  }
}

function positionOf(item: Item): StoredPosition | undefined {
  const sk = str(item, "sk");
  const quantity = num(item, "quantity");
  const lastFill = num(item, "lastFill");
  if (!sk?.startsWith(POSITION) || quantity === undefined || lastFill === undefined)
    return undefined;
  return { symbol: sk.slice(POSITION.length), quantity, lastFill, ts: num(item, "ts") ?? 0 };
}
