/**
 * The `normalize` function: raw exchange frames in, normalised msgpack ticks out.
 *
 * Each instance keeps the best bid and offer per symbol, so every tick carries the current
 * quote and the last trade whichever message produced it, and the next expected sequence
 * number per session, so that a redelivered frame (at-least-once streams) yields no duplicate
 * ticks and a gap is logged. A frame is parsed and validated whole before any state changes.
 *
 * A payload starting with `{` is a batch of the JSON feed (`json-feed.ts`) instead; a
 * MoldUDP64 session name is alphanumeric, so no frame starts with that byte. Every tick then
 * updates the instance's order books and indicators, and the signals it raises go to the sink
 * as msgpack orders for the `order` function (`signal.ts`).
 */
import { encode } from "../lib/codec";
import { BadInputError } from "../lib/errors";
import type { FunctionHandler } from "../lib/handler";
import { log } from "../lib/log";
import { MAX_FRAME_BYTES, parseFrame, type Frame } from "./frame";
import { JsonFeedNormalizer, parseJsonBatch, REPLAY_WINDOW, type JsonBatch } from "./json-feed";
import { SignalEngine, type SignalRule } from "./signal";
import { encodeTicks } from "./tick-codec";
import type { Order } from "./order";
import type { Tick } from "./tick";

/** Where tick batches go: the downstream stream (Kinesis, Event Hubs, Pub/Sub) or a test. */
export interface TickSink {
  publish(batch: Uint8Array, ticks: number): Promise<void>;
  /** Receives a msgpack array of signalled {@link Order}s; sinks without it drop signals. */
  publishSignals?(batch: Uint8Array, orders: number): Promise<void>;
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
  /** Signal batches received, oldest first, at most `capacity`. */
  readonly signals: Uint8Array[] = [];
  /** {@inheritDoc TickSink.publishSignals} */
  publishSignals(batch: Uint8Array): Promise<void> {
    this.signals.push(batch);
    if (this.signals.length > this.capacity) this.signals.shift();
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

  /**
   * Turns a parsed frame into ticks, skipping messages already seen in its session; a frame
   * more than {@link REPLAY_WINDOW} behind is a reset (`reset`: the expected sequence it replaced).
   */
  ticks(frame: Frame): { ticks: Tick[]; duplicates: number; gap: number; reset: number } {
    let next = this.expected.get(frame.session);
    let reset = 0;
    if (next !== undefined && next - frame.seq > REPLAY_WINDOW) {
      reset = next;
      next = undefined;
    }
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
    return { ticks, duplicates, gap, reset };
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
  /** The signal rule, or false for ticks only. @default the rule's defaults (`signal.ts`) */
  readonly signals?: SignalRule | false;
}

/** A validated payload: an exchange frame or a JSON feed batch. */
export type NormalizeInput = Frame | JsonBatch;

/** Parses a frame, or a JSON feed batch when the payload starts with `{`. */
export function parseNormalizeInput(payload: unknown): NormalizeInput {
  if (!(payload instanceof Uint8Array) || payload[0] !== 0x7b) return parseFrame(payload);
  let value: unknown;
  try {
    value = JSON.parse(
      Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString("utf8"),
    );
  } catch {
    throw new BadInputError("feed", "is not valid JSON", payload, "Send one JSON document");
  }
  return parseJsonBatch(value);
}

/** The `normalize` handler. */
export function normalizeFunction(deps: NormalizeDeps = {}): FunctionHandler<
  NormalizeInput,
  NormalizeResult
> & {
  readonly normalizer: Normalizer;
  readonly json: JsonFeedNormalizer;
  readonly engine: SignalEngine | undefined;
  readonly sink: TickSink;
} {
  const normalizer = new Normalizer(deps.venue ?? process.env.TACHYON_VENUE ?? "NASDAQ");
  const json = new JsonFeedNormalizer();
  const engine = deps.signals === false ? undefined : new SignalEngine(deps.signals);
  const sink = deps.sink ?? new MemoryTickSink();
  return {
    name: "normalize",
    payload: "binary",
    maxBytes: MAX_FRAME_BYTES,
    normalizer,
    json,
    engine,
    sink,
    parse: parseNormalizeInput,
    async handle(input) {
      const isFrame = "session" in input;
      const session = isFrame ? input.session : `json:${input.venue}`;
      const seq = isFrame ? input.seq : (input.ticks[0]?.q ?? 0);
      const { ticks, duplicates, gap, reset } = isFrame
        ? normalizer.ticks(input)
        : json.ticks(input);
      if (reset > 0) log("WARNING", "sequence reset", { session, seq, expected: reset });
      if (gap > 0) log("WARNING", "sequence gap", { session, seq, gap });
      const orders = engine ? signalsOf(engine, ticks) : undefined;
      if (ticks.length > 0) await sink.publish(encodeTicks(ticks) ?? encode(ticks), ticks.length);
      if (orders && sink.publishSignals) await sink.publishSignals(encode(orders), orders.length);
      return {
        session,
        seq,
        messages: isFrame ? input.count : input.ticks.length,
        ticks: ticks.length,
        duplicates,
        gap,
      };
    },
  };
}

/** Feeds ticks to the engine; the orders it signals, or undefined when none (the usual case). */
function signalsOf(engine: SignalEngine, ticks: readonly Tick[]): Order[] | undefined {
  let orders: Order[] | undefined;
  for (const tick of ticks) {
    const signal = engine.onTick(tick);
    if (signal === undefined) continue;
    log("INFO", "signal", { orderId: signal.order.orderId, reason: signal.reason });
    (orders ??= []).push(signal.order);
  }
  return orders;
}
