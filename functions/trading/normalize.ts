/**
 * The `normalize` function: raw exchange frames in, normalised msgpack ticks out.
 *
 * Each instance keeps the best bid and offer per symbol, so every tick carries the current
 * quote and the last trade whichever message produced it, and the next expected sequence
 * number per session, so that a redelivered frame (at-least-once streams) yields no duplicate
 * ticks and a gap is logged. A frame is parsed and validated whole before any state changes.
 */
import { encode } from "../lib/codec";
import type { FunctionHandler } from "../lib/handler";
import { log } from "../lib/log";
import { MAX_FRAME_BYTES, parseFrame, type Frame } from "./frame";

/** A normalised tick (the codec's shared "tick" structure: keep the key order). */
export interface Tick {
  readonly venue: string;
  readonly symbol: string;
  readonly seq: number;
  readonly ts: number;
  readonly bid: number | null;
  readonly bidSize: number | null;
  readonly ask: number | null;
  readonly askSize: number | null;
  readonly last: number | null;
  readonly lastSize: number | null;
}

/** Where tick batches go: the downstream stream (Kinesis, Event Hubs, Pub/Sub) or a test. */
export interface TickSink {
  publish(batch: Uint8Array, ticks: number): Promise<void>;
}

/** A sink that keeps the last batches in memory (tests, and instances without a stream). */
export class MemoryTickSink implements TickSink {
  /** Batches received, oldest first, at most `capacity`. */
  readonly batches: Uint8Array[] = [];
  /** @param capacity Batches kept before the oldest is dropped. */
  constructor(private readonly capacity = 1024) {}
  /** {@inheritDoc TickSink.publish} */
  publish(batch: Uint8Array): Promise<void> {
    this.batches.push(batch);
    if (this.batches.length > this.capacity) this.batches.shift();
    return Promise.resolve();
  }
}

/** What one frame came to. */
export interface NormalizeResult {
  readonly session: string;
  readonly seq: number;
  readonly messages: number;
  readonly ticks: number;
  /** Messages skipped because an earlier delivery already produced them. */
  readonly duplicates: number;
  /** Messages missing between the previous frame and this one. */
  readonly gap: number;
}

interface Quote {
  bid: number;
  bidSize: number;
  ask: number;
  askSize: number;
}

/** Per-instance normaliser state; exposed for tests and benchmarks. */
export class Normalizer {
  private readonly quotes = new Map<string, Quote>();
  private readonly expected = new Map<string, number>();

  /** @param venue The venue code stamped on every tick (e.g. NASDAQ). */
  constructor(readonly venue: string) {}

  /** Turns a parsed frame into ticks, skipping messages already seen in its session. */
  ticks(frame: Frame): { ticks: Tick[]; duplicates: number; gap: number } {
    const next = this.expected.get(frame.session);
    const gap = next !== undefined && frame.seq > next ? frame.seq - next : 0;
    const ticks: Tick[] = [];
    let duplicates = 0;
    for (const e of frame.events) {
      if (next !== undefined && e.seq < next) {
        duplicates += 1;
        continue;
      }
      let quote = this.quotes.get(e.symbol);
      if (e.type === "Q") {
        if (!quote) {
          quote = { bid: e.bid, bidSize: e.bidSize, ask: e.ask, askSize: e.askSize };
          this.quotes.set(e.symbol, quote);
        } else {
          quote.bid = e.bid;
          quote.bidSize = e.bidSize;
          quote.ask = e.ask;
          quote.askSize = e.askSize;
        }
      }
      ticks.push({
        venue: this.venue,
        symbol: e.symbol,
        seq: e.seq,
        ts: e.ts,
        bid: quote ? quote.bid : null,
        bidSize: quote ? quote.bidSize : null,
        ask: quote ? quote.ask : null,
        askSize: quote ? quote.askSize : null,
        last: e.type === "P" ? e.price : null,
        lastSize: e.type === "P" ? e.size : null,
      });
    }
    const end = frame.seq + frame.count;
    if (next === undefined || end > next) this.expected.set(frame.session, end);
    return { ticks, duplicates, gap };
  }

  /** Number of symbols with a quote (tests assert rejected frames leave it unchanged). */
  get symbols(): number {
    return this.quotes.size;
  }
}

/** Dependencies of {@link normalizeFunction}. */
export interface NormalizeDeps {
  /** @default process.env.TACHYON_VENUE ?? "NASDAQ" */
  readonly venue?: string;
  /** @default a {@link MemoryTickSink} */
  readonly sink?: TickSink;
}

/** The `normalize` handler. */
export function normalizeFunction(deps: NormalizeDeps = {}): FunctionHandler<
  Frame,
  NormalizeResult
> & {
  readonly normalizer: Normalizer;
  readonly sink: TickSink;
} {
  const normalizer = new Normalizer(deps.venue ?? process.env.TACHYON_VENUE ?? "NASDAQ");
  const sink = deps.sink ?? new MemoryTickSink();
  return {
    name: "normalize",
    payload: "binary",
    maxBytes: MAX_FRAME_BYTES,
    normalizer,
    sink,
    parse: parseFrame,
    async handle(frame) {
      const { ticks, duplicates, gap } = normalizer.ticks(frame);
      if (gap > 0) log("WARNING", "sequence gap", { session: frame.session, seq: frame.seq, gap });
      if (ticks.length > 0) await sink.publish(encode(ticks), ticks.length);
      return {
        session: frame.session,
        seq: frame.seq,
        messages: frame.count,
        ticks: ticks.length,
        duplicates,
        gap,
      };
    },
  };
}
