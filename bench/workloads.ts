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
  /** Orders through the emulated Lambda runtime API (bench/runtime-api.ts). */
  readonly runtimeInvocations: number;
}

/** Full-size runs. */
export const FULL: Sizes = {
  frames: 4000,
  rounds: 7,
  orders: 30_000,
  transactions: 20_000,
  revaluations: 7,
  codecMessages: 20_000,
  runtimeInvocations: 5000,
};
/** Quick runs for specs: same code paths, tiny counts. */
export const QUICK: Sizes = {
  frames: 100,
  rounds: 2,
  orders: 500,
  transactions: 500,
  revaluations: 2,
  codecMessages: 500,
  runtimeInvocations: 100,
};

/** The 200 symbols every market-data and order workload trades. */
export const SYMBOLS: readonly string[] = Array.from(
  { length: 200 },
  (_, i) => `S${String(i).padStart(3, "0")}`,
);

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

/**
 * Throughput of the normalize function and of the fast parser against the DataView one. The
 * handler's rate is given per second of wall time and per second of CPU time (the process's
 * user and system time, GC threads included): on a shared machine the second is the rate one
 * core sustains, the first also counts the time other processes held the core.
 */
export async function benchNormalize(
  sizes: Sizes,
): Promise<{ msgsPerSec: number; msgsPerCpuSec: number; ratioVsDataView: number }> {
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
  const handlerCpuMs: number[] = [];
  for (let r = 0; r < sizes.rounds; r++) {
    const fn = normalizeFunction({ venue: "NASDAQ" });
    const cpu = process.cpuUsage();
    const start = now();
    for (const frame of frames) await fn.handle(fn.parse(frame));
    handlerMs.push(msSince(start));
    const used = process.cpuUsage(cpu);
    handlerCpuMs.push((used.user + used.system) / 1000);
  }
  return {
    msgsPerSec: messages / (median(handlerMs) / 1000),
    msgsPerCpuSec: messages / (median(handlerCpuMs) / 1000),
    ratioVsDataView: median(baseline) / median(fast),
  };
}

/** The order message of iteration `i`: 500 accounts over the 200 symbols, alternating sides. */
function orderBody(i: number): Record<string, unknown> {
  return {
    orderId: `o-${i}`,
    account: `acct-${i % 500}`,
    symbol: SYMBOLS[i % SYMBOLS.length],
    side: i % 2 === 0 ? "buy" : "sell",
    type: "limit",
    quantity: 10,
    limitPrice: 100.01,
  };
}

/**
 * Latency of the order function (validation, risk, idempotency claim, venue, confirmation), and
 * a floor timed alternately with it in the same loop: fixed arithmetic calibrated to the
 * warm-up's median order time, which allocates nothing (so no GC runs in it), so that a floor
 * sample is slow only when the machine (another process, an interrupt) takes the core. The
 * counts over 20 µs say how many slow samples each side has against the 30 that a 20 µs p99.9
 * of 30,000 samples allows.
 */
export async function benchOrder(sizes: Sizes): Promise<{
  p50: number;
  p99: number;
  p999: number;
  samples: number;
  over20: number;
  floorP999: number;
  floorOver20: number;
}> {
  const venue = new SimulatedVenue("SIM");
  for (const s of SYMBOLS) venue.quote(s, { bid: 99.99, ask: 100.01, size: 1_000_000 });
  const fn = orderFunction({ venues: () => new Map([["SIM", venue]]) });
  const warmup = Math.min(1000, sizes.orders);
  const warm: number[] = [];
  const samples: number[] = [];
  const floor: number[] = [];
  let spins = 0;
  for (let i = 0; i < sizes.orders + warmup; i++) {
    const body = orderBody(i);
    let start = now();
    await fn.handle(fn.parse(body));
    const us = msSince(start) * 1000;
    if (i < warmup) {
      warm.push(us);
      if (i === warmup - 1) spins = Math.round(median(warm) * spinsPerMicrosecond());
      continue;
    }
    start = now();
    spinSink[0] ^= spin(spins);
    floor.push(msSince(start) * 1000);
    samples.push(us);
  }
  return {
    p50: percentile(samples, 50),
    p99: percentile(samples, 99),
    p999: percentile(samples, 99.9),
    samples: samples.length,
    over20: samples.filter((us) => us > 20).length,
    floorP999: percentile(floor, 99.9),
    floorOver20: floor.filter((us) => us > 20).length,
  };
}

/** Keeps the floor's arithmetic observable, so that the compiler cannot drop it. */
const spinSink = new Int32Array(1);

/** `n` steps of a linear congruential generator: CPU work that allocates nothing. */
function spin(n: number): number {
  let x = 1;
  for (let k = 0; k < n; k++) x = (Math.imul(x, 1103515245) + 12345) | 0;
  return x;
}

/** Steps of {@link spin} per microsecond, from the best of a few timed runs. */
function spinsPerMicrosecond(): number {
  const n = 1_000_000;
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const start = now();
    spinSink[0] ^= spin(n);
    best = Math.min(best, msSince(start) * 1000);
  }
  return n / best;
}

/** p50 and p99 latency of fraud scoring with hot features in instance memory. */
export async function benchFraud(
  sizes: Sizes,
): Promise<{ p50: number; p99: number; samples: number }> {
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
  // The first tenth warms the feature cache and the JIT.
  const measured = samples.slice(Math.floor(n / 10));
  return {
    p50: percentile(measured, 50),
    p99: percentile(measured, 99),
    samples: measured.length,
  };
}

/**
 * A book of 10,000 distinct positions over 100 portfolios, one in `optionEvery` of them options
 * (on 500 underlyings with four contracts each).
 */
export function bigBook(optionEvery = 5): Book {
  const book = new Book(0.04);
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
    // Portfolio i % 100 holds its hundred positions in distinct underlyings (k * 5 is distinct
    // mod 500 for k < 100), so that no two events merge and the book holds 10,000 positions.
    const p = i % 100;
    const k = Math.floor(i / 100);
    const u = (p + k * 5) % 500;
    const option = i % optionEvery === 0;
    book.applyEvent({
      kind: "position",
      portfolio: `pf-${p}`,
      eventId: `e-${i}`,
      symbol: option ? `U${u} C${i % 4}` : `U${u}`,
      quantityDelta: 10 + (i % 90),
      price: 20 + u,
      ts: Date.UTC(2026, 10, 2),
    });
  }
  return book;
}

/**
 * Median over `runs` of one full revaluation of every portfolio of `book` (ms), at `asOf`, or
 * with `step` ms, one minute later each run: then time to expiry changes and every option is
 * priced again, where at a fixed time options whose underlying has not moved keep their price.
 */
function revalueMs(book: Book, asOf: number, runs: number, step = 0): number {
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const at = asOf + r * step;
    const start = now();
    for (const id of book.portfolioIds) book.revalue(id, at);
    samples.push(msSince(start));
  }
  return median(samples);
}

/**
 * Full revaluation time (median of runs, ms) of 10,000 positions with 2,000 options, at one
 * time and at a new time each run (every option priced again); of 10,000 positions with 1,000
 * options (the mix); the price-update cost on the first.
 */
export function benchPortfolio(sizes: Sizes): {
  fullMs: number;
  fullNewTimeMs: number;
  oneThousandOptionsMs: number;
  priceUpdateUs: number;
} {
  const book = bigBook();
  const asOf = Date.UTC(2026, 10, 3);
  // Unmeasured passes, at times the measured ones never use, so that both are timed compiled.
  revalueMs(book, asOf - 86_400_000, 3, 60_000);
  const fullNewTimeMs = revalueMs(book, asOf, sizes.revaluations, 60_000);
  const fullMs = revalueMs(book, asOf, sizes.revaluations);
  const oneThousandOptionsMs = revalueMs(bigBook(10), asOf, sizes.revaluations);
  const updates: number[] = [];
  for (let i = 0; i < 500; i++) {
    const start = now();
    book.applyPrice({ kind: "price", symbol: `U${i % 500}`, price: 21 + (i % 500), ts: asOf });
    updates.push(msSince(start) * 1000);
  }
  return { fullMs, fullNewTimeMs, oneThousandOptionsMs, priceUpdateUs: median(updates) };
}

/** What {@link benchCodec} measures. */
export interface CodecResult {
  /** JSON.parse time over msgpack decode time. */
  readonly ratio: number;
  /** JSON.stringify + UTF-8 time over msgpack encode time. */
  readonly encodeRatio: number;
  /** Mean encoded size of a quote tick, msgpack and JSON. */
  readonly tickBytes: number;
  readonly tickJsonBytes: number;
  /** Mean encoded size of an order, msgpack and JSON. */
  readonly orderBytes: number;
  readonly orderJsonBytes: number;
}

/**
 * msgpack (shared structures) against JSON over the pipeline's messages (ticks and orders,
 * alternating): decode and encode speed, and encoded sizes.
 */
export function benchCodec(sizes: Sizes): CodecResult {
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
  const msgpackEncodeMs: number[] = [];
  const jsonEncodeMs: number[] = [];
  for (let r = 0; r < Math.max(3, sizes.rounds); r++) {
    let start = now();
    for (const b of json) JSON.parse(b.toString("utf8"));
    jsonMs.push(msSince(start));
    start = now();
    for (const b of packed) codec.decode(b);
    msgpackMs.push(msSince(start));
    // Both encoders end at bytes on the wire, so JSON pays its UTF-8 conversion.
    start = now();
    for (const m of messages) Buffer.from(JSON.stringify(m), "utf8");
    jsonEncodeMs.push(msSince(start));
    start = now();
    for (const m of messages) codec.encode(m);
    msgpackEncodeMs.push(msSince(start));
  }
  const meanBytes = (buffers: readonly Uint8Array[], parity: number): number => {
    const picked = buffers.filter((_, i) => i % 2 === parity);
    return picked.reduce((s, b) => s + b.byteLength, 0) / picked.length;
  };
  return {
    ratio: median(jsonMs) / median(msgpackMs),
    encodeRatio: median(jsonEncodeMs) / median(msgpackEncodeMs),
    tickBytes: meanBytes(packed, 0),
    tickJsonBytes: meanBytes(json, 0),
    orderBytes: meanBytes(packed, 1),
    orderJsonBytes: meanBytes(json, 1),
  };
}

/** Silences the functions' per-invocation log lines while benchmarks run; returns a restore. */
export function quietLogs(): () => void {
  const previous = setSink(() => undefined);
  return () => setSink(previous);
}
