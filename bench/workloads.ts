/**
 * In-process workload benchmarks. Every loop is bounded by an iteration count; every ratio is
 * measured in the same run as its baseline, with the two sides alternated round by round.
 */
import { createCodec } from "../functions/lib/codec";
import { parseFrame, parseFrameDataView } from "../functions/trading/frame";
import { writeFrame, type FrameMessage } from "../functions/trading/frame-writer";
import { normalizeFunction } from "../functions/trading/normalize";
import { orderFunction } from "../functions/trading/order-function";
import { SimulatedVenue } from "../functions/trading/venue";
import { MemoryFeatureCache, TieredFeatureCache } from "../functions/fraud/cache";
import { fraudScoreFunction } from "../functions/fraud/score";
import { generateTransactions } from "../functions/fraud/synthetic";
import { mulberry32 } from "../functions/fraud/random";
import { Book } from "../functions/portfolio/book";
import { setSink } from "../functions/lib/log";
import { median, msSince, now, percentile } from "./stats";

/** Iteration counts; the quick mode (specs) divides them. */
export interface Sizes {
  readonly frames: number;
  readonly rounds: number;
  readonly orders: number;
  readonly transactions: number;
  readonly revaluations: number;
  readonly codecMessages: number;
}

/** Full-size runs. */
export const FULL: Sizes = {
  frames: 4000,
  rounds: 7,
  orders: 30_000,
  transactions: 20_000,
  revaluations: 7,
  codecMessages: 20_000,
};
/** Quick runs for specs: same code paths, tiny counts. */
export const QUICK: Sizes = {
  frames: 100,
  rounds: 2,
  orders: 500,
  transactions: 500,
  revaluations: 2,
  codecMessages: 500,
};

const SYMBOLS = Array.from({ length: 200 }, (_, i) => `S${String(i).padStart(3, "0")}`);

/** A market-data session: frames of 20 messages, 70% quotes and 30% trades over 200 symbols. */
export function marketFrames(count: number): Uint8Array[] {
  const random = mulberry32(7);
  const frames: Uint8Array[] = [];
  let seq = 1;
  for (let f = 0; f < count; f++) {
    const messages: FrameMessage[] = [];
    for (let m = 0; m < 20; m++) {
      const locate = Math.floor(random() * SYMBOLS.length);
      const symbol = SYMBOLS[locate];
      const mid = 50 + locate;
      const ts = 34_200_000_000_000 + (seq + m) * 1_000;
      messages.push(
        random() < 0.7
          ? {
              type: "Q",
              locate: locate + 1,
              ts,
              symbol,
              bid: mid - 0.01,
              bidSize: 100,
              ask: mid + 0.01,
              askSize: 200,
            }
          : {
              type: "P",
              locate: locate + 1,
              ts,
              symbol,
              side: "B",
              price: mid,
              size: 100,
              match: seq + m,
            },
      );
    }
    frames.push(writeFrame("TACHYON001", seq, messages));
    seq += messages.length;
  }
  return frames;
}

/** Throughput of the normalize function and of the fast parser against the DataView one. */
export async function benchNormalize(
  sizes: Sizes,
): Promise<{ msgsPerSec: number; ratioVsDataView: number }> {
  const frames = marketFrames(sizes.frames);
  const messages = frames.length * 20;
  const fast: number[] = [];
  const baseline: number[] = [];
  for (let r = 0; r < sizes.rounds; r++) {
    let start = now();
    for (const frame of frames) parseFrameDataView(frame);
    baseline.push(msSince(start));
    start = now();
    for (const frame of frames) parseFrame(frame);
    fast.push(msSince(start));
  }
  const handlerMs: number[] = [];
  for (let r = 0; r < sizes.rounds; r++) {
    const fn = normalizeFunction({ venue: "NASDAQ" });
    const start = now();
    for (const frame of frames) await fn.handle(fn.parse(frame));
    handlerMs.push(msSince(start));
  }
  return {
    msgsPerSec: messages / (median(handlerMs) / 1000),
    ratioVsDataView: median(baseline) / median(fast),
  };
}

/** Latency of the order function (validation, risk, idempotency claim, venue, confirmation). */
export async function benchOrder(sizes: Sizes): Promise<{ p50: number; p999: number }> {
  const venue = new SimulatedVenue("SIM");
  for (const s of SYMBOLS) venue.quote(s, { bid: 99.99, ask: 100.01, size: 1_000_000 });
  const fn = orderFunction({ venues: () => new Map([["SIM", venue]]) });
  const warmup = Math.min(1000, sizes.orders);
  const samples: number[] = [];
  for (let i = 0; i < sizes.orders + warmup; i++) {
    const body = {
      orderId: `o-${i}`,
      account: `acct-${i % 500}`,
      symbol: SYMBOLS[i % SYMBOLS.length],
      side: i % 2 === 0 ? "buy" : "sell",
      type: "limit",
      quantity: 10,
      limitPrice: 100.01,
    };
    const start = now();
    await fn.handle(fn.parse(body));
    const us = msSince(start) * 1000;
    if (i >= warmup) samples.push(us);
  }
  return { p50: percentile(samples, 50), p999: percentile(samples, 99.9) };
}

/** p99 latency of fraud scoring with hot features in instance memory. */
export async function benchFraud(sizes: Sizes): Promise<{ p99: number }> {
  const all = generateTransactions({ seed: 11, accounts: 400, days: 20 });
  const fn = fraudScoreFunction({
    cache: () => new TieredFeatureCache(undefined, new MemoryFeatureCache()),
  });
  const samples: number[] = [];
  const n = Math.min(sizes.transactions, all.length);
  for (let i = 0; i < n; i++) {
    const start = now();
    await fn.handle(fn.parse((all[i] as { tx: unknown }).tx));
    samples.push(msSince(start) * 1000);
  }
  return { p99: percentile(samples.slice(Math.floor(n / 10)), 99) };
}

/** A book of 10,000 positions over 100 portfolios, a fifth of them options. */
export function bigBook(): Book {
  const book = new Book(0.04);
  const random = mulberry32(3);
  const expiry = Date.UTC(2027, 5, 18);
  for (let u = 0; u < 500; u++) {
    const underlying = `U${u}`;
    book.applyPrice({ kind: "price", symbol: underlying, price: 20 + u, ts: 0 });
    for (let k = 0; k < 4; k++) {
      book.defineOption(`${underlying} C${k}`, {
        underlying,
        right: k % 2 === 0 ? "call" : "put",
        strike: 20 + u + (k - 2) * 5,
        expiry,
        volatility: 0.2 + 0.05 * k,
        multiplier: 100,
      });
    }
  }
  for (let i = 0; i < 10_000; i++) {
    const u = Math.floor(random() * 500);
    const option = i % 5 === 0;
    book.applyEvent({
      kind: "position",
      portfolio: `pf-${i % 100}`,
      eventId: `e-${i}`,
      symbol: option ? `U${u} C${i % 4}` : `U${u}`,
      quantityDelta: 10 + (i % 90),
      price: 20 + u,
      ts: Date.UTC(2026, 10, 2),
    });
  }
  return book;
}

/** Full revaluation time of the 10,000-position book (median of runs, ms). */
export function benchPortfolio(sizes: Sizes): { fullMs: number; priceUpdateUs: number } {
  const book = bigBook();
  const asOf = Date.UTC(2026, 10, 3);
  const runs: number[] = [];
  for (let r = 0; r < sizes.revaluations; r++) {
    const start = now();
    for (const id of book.portfolioIds) book.revalue(id, asOf);
    runs.push(msSince(start));
  }
  const updates: number[] = [];
  for (let i = 0; i < 500; i++) {
    const start = now();
    book.applyPrice({ kind: "price", symbol: `U${i % 500}`, price: 21 + (i % 500), ts: asOf });
    updates.push(msSince(start) * 1000);
  }
  return { fullMs: median(runs), priceUpdateUs: median(updates) };
}

/** msgpack (shared structures) decode throughput over JSON.parse's, same messages. */
export function benchCodec(sizes: Sizes): { ratio: number } {
  const codec = createCodec();
  const messages = Array.from({ length: sizes.codecMessages }, (_, i) =>
    i % 2 === 0
      ? {
          venue: "NASDAQ",
          symbol: SYMBOLS[i % 200],
          seq: i,
          ts: 34_200_000_000_000 + i,
          bid: 100.01,
          bidSize: 300,
          ask: 100.03,
          askSize: 500,
          last: 100.02,
          lastSize: 100,
        }
      : {
          orderId: `o-${i}`,
          account: "acct-1",
          symbol: SYMBOLS[i % 200],
          side: "buy",
          type: "limit",
          quantity: 100,
          limitPrice: 100.02,
          venue: "NASDAQ",
        },
  );
  const packed = messages.map((m) => codec.encode(m));
  const json = messages.map((m) => Buffer.from(JSON.stringify(m), "utf8"));
  const msgpackMs: number[] = [];
  const jsonMs: number[] = [];
  for (let r = 0; r < Math.max(3, sizes.rounds); r++) {
    let start = now();
    for (const b of json) JSON.parse(b.toString("utf8"));
    jsonMs.push(msSince(start));
    start = now();
    for (const b of packed) codec.decode(b);
    msgpackMs.push(msSince(start));
  }
  return { ratio: median(jsonMs) / median(msgpackMs) };
}

/** Silences the functions' per-invocation log lines while benchmarks run; returns a restore. */
export function quietLogs(): () => void {
  const previous = setSink(() => undefined);
  return () => setSink(previous);
}
