/**
 * The JSON market-data feed: quotes and trades from venues without a binary feed, in the
 * compact one-letter-key shape common to WebSocket market-data APIs, normalised into the same
 * {@link Tick} as exchange frames.
 *
 * ```json
 * { "venue": "IEX", "ticks": [
 *   { "ev": "Q", "sym": "AAPL", "bp": 189.5, "bs": 300, "ap": 189.52, "as": 200, "t": 1732780800123, "q": 41 },
 *   { "ev": "T", "sym": "AAPL", "p": 189.51, "s": 100, "t": 1732780800124, "q": 42 }
 * ] }
 * ```
 *
 * `ev` is `Q` (best bid and offer) or `T` (trade); prices are decimal numbers, sizes whole
 * shares (a quote side may be 0 when empty); `t` is Unix time in milliseconds (nanoseconds
 * since the epoch exceed 2^53 and would lose digits as a JSON number), normalised to the
 * tick's nanoseconds since midnight UTC; `q` is the venue's sequence number, strictly
 * increasing within a batch, which deduplicates redelivered batches.
 */
import { BadInputError } from "../lib/errors";
import { array, number, object, oneOf, string, type Fields } from "../lib/validate";
import { SYMBOL_PATTERN } from "./frame";
import type { Tick } from "./tick";

/** Most ticks in one batch (a batch also has to fit the function's payload limit). */
export const MAX_JSON_TICKS = 500;

/** A validated JSON quote. */
export interface JsonQuote {
  readonly ev: "Q";
  readonly sym: string;
  readonly bp: number;
  readonly bs: number;
  readonly ap: number;
  readonly as: number;
  readonly t: number;
  readonly q: number;
}

/** A validated JSON trade. */
export interface JsonTrade {
  readonly ev: "T";
  readonly sym: string;
  readonly p: number;
  readonly s: number;
  readonly t: number;
  readonly q: number;
}

/** A validated batch of one venue's JSON ticks. */
export interface JsonBatch {
  readonly venue: string;
  readonly ticks: readonly (JsonQuote | JsonTrade)[];
}

const VENUE = /^[A-Z]{2,8}$/;
const MS_PER_DAY = 86_400_000;
/** Latest `t` accepted: the largest time a JavaScript Date represents. */
const MAX_T = 8.64e15;
const SIZE = { integer: true, min: 0, max: 0xffffffff } as const;
const PRICE = { positive: true, max: 1e7 } as const;

/** Validates a JSON batch whole; throws {@link BadInputError} naming the first bad field. */
export function parseJsonBatch(value: unknown): JsonBatch {
  const o = object(value, "feed");
  const venue = string(o, "venue", "feed", {
    maxLength: 8,
    pattern: VENUE,
    hint: "a venue code such as IEX",
  });
  const items = array(o, "ticks", "feed", MAX_JSON_TICKS);
  const ticks: (JsonQuote | JsonTrade)[] = [];
  let previous = 0;
  for (let i = 0; i < items.length; i++) {
    const tick = parseJsonTick(items[i], `feed.ticks[${i}]`);
    if (tick.q <= previous) {
      throw new BadInputError(
        `feed.ticks[${i}].q`,
        `must be greater than the previous tick's ${previous}`,
        tick.q,
        "Send each batch's ticks in sequence order",
      );
    }
    previous = tick.q;
    ticks.push(tick);
  }
  return { venue, ticks };
}

function parseJsonTick(value: unknown, path: string): JsonQuote | JsonTrade {
  const o: Fields = object(value, path);
  const ev = oneOf(o, "ev", path, ["Q", "T"] as const);
  const sym = string(o, "sym", path, {
    maxLength: 8,
    pattern: SYMBOL_PATTERN,
    hint: "an upper-case ticker such as AAPL",
  });
  if (ev === "Q") {
    const bp = number(o, "bp", path, PRICE);
    const bs = number(o, "bs", path, SIZE);
    const ap = number(o, "ap", path, PRICE);
    const as = number(o, "as", path, SIZE);
    return { ev, sym, bp, bs, ap, as, t: time(o, path), q: sequence(o, path) };
  }
  const p = number(o, "p", path, PRICE);
  const s = number(o, "s", path, { ...SIZE, min: 1 });
  return { ev, sym, p, s, t: time(o, path), q: sequence(o, path) };
}

function time(o: Fields, path: string): number {
  return number(o, "t", path, { integer: true, min: 0, max: MAX_T });
}

function sequence(o: Fields, path: string): number {
  // The next expected sequence (q + 1) must be exact in a double.
  return number(o, "q", path, { integer: true, min: 1, max: Number.MAX_SAFE_INTEGER });
}

/**
 * How far behind the expected sequence a redelivery can be. A frame or batch further behind is
 * a sequence reset (a restarted feed, or the end of a jump far ahead), taken as the session's
 * new position and logged, instead of a duplicate: otherwise one bad sequence number would
 * silence the session until the instance restarts.
 */
export const REPLAY_WINDOW = 2 ** 20;

/** Nanoseconds since midnight UTC of a Unix time in milliseconds (exact: below 2^53). */
export function nanosSinceMidnight(unixMs: number): number {
  return (unixMs % MS_PER_DAY) * 1_000_000;
}

interface Quote {
  bid: number;
  bidSize: number;
  ask: number;
  askSize: number;
}

/** What one batch came to. */
export interface JsonTicks {
  readonly ticks: Tick[];
  /** Ticks skipped because an earlier delivery already produced them. */
  readonly duplicates: number;
  /** Sequence numbers missing before and between this batch's ticks. */
  readonly gap: number;
  /** The expected sequence a reset replaced ({@link REPLAY_WINDOW}), 0 when none. */
  readonly reset: number;
}

/**
 * Per-instance state of the JSON feed: the last quote per venue and symbol, so a trade tick
 * carries the current quote as frame ticks do, and the next expected sequence per venue.
 */
export class JsonFeedNormalizer {
  private readonly quotes = new Map<string, Map<string, Quote>>();
  private readonly expected = new Map<string, number>();

  /** Turns a validated batch into ticks, skipping ticks already seen from its venue. */
  ticks(batch: JsonBatch): JsonTicks {
    let next = this.expected.get(batch.venue);
    let reset = 0;
    const first = batch.ticks[0]?.q;
    if (next !== undefined && first !== undefined && next - first > REPLAY_WINDOW) {
      reset = next;
      next = undefined;
    }
    let quotes = this.quotes.get(batch.venue);
    if (quotes === undefined) {
      quotes = new Map();
      this.quotes.set(batch.venue, quotes);
    }
    const ticks: Tick[] = [];
    let duplicates = 0;
    let gap = 0;
    let expect = next;
    for (const t of batch.ticks) {
      if (next !== undefined && t.q < next) {
        duplicates += 1;
        continue;
      }
      if (expect !== undefined && t.q > expect) gap += t.q - expect;
      expect = t.q + 1;
      let quote = quotes.get(t.sym);
      if (t.ev === "Q") {
        if (quote === undefined) {
          quote = { bid: t.bp, bidSize: t.bs, ask: t.ap, askSize: t.as };
          quotes.set(t.sym, quote);
        } else {
          quote.bid = t.bp;
          quote.bidSize = t.bs;
          quote.ask = t.ap;
          quote.askSize = t.as;
        }
      }
      ticks.push({
        venue: batch.venue,
        symbol: t.sym,
        seq: t.q,
        ts: nanosSinceMidnight(t.t),
        bid: quote ? quote.bid : null,
        bidSize: quote ? quote.bidSize : null,
        ask: quote ? quote.ask : null,
        askSize: quote ? quote.askSize : null,
        last: t.ev === "T" ? t.p : null,
        lastSize: t.ev === "T" ? t.s : null,
      });
    }
    if (expect !== undefined && (next === undefined || expect > next)) {
      this.expected.set(batch.venue, expect);
    }
    return { ticks, duplicates, gap, reset };
  }

  /** Number of venue/symbol quotes held (tests assert rejected input leaves it unchanged). */
  get symbols(): number {
    let n = 0;
    for (const quotes of this.quotes.values()) n += quotes.size;
    return n;
  }
}
