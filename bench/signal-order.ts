/**
 * The signal → order path in process, through each cloud's adapter: the orders `normalize`'s
 * signal engine raises, put in the envelope the cloud delivers them in, handed to the `order`
 * function's adapter for that cloud, and read back as the confirmation the caller sees. No
 * network and no platform: what is timed is Tachyon's code on both sides of each hop (the
 * envelope's encoding, the adapter, validation, risk, the idempotency claim, the venue, the
 * reply), the same order on each cloud, the clouds taking turns in one loop.
 *
 * - aws: the Lambda Invoke body `normalize`'s sink sends ({@link awsSignalBody},
 *   functions/trading/aws-signal-sink.ts), parsed as the runtime hands it to `toLambda`; the
 *   outcome serialised as the Invoke response and parsed as the sink reads it.
 * - azure: the Service Bus message body the sink sends ({@link azureSignalBody},
 *   functions/trading/azure-signal-sink.ts), parsed as the host hands a JSON message to the
 *   queue trigger (`azureServiceBus`); the trigger's outcome completes the message.
 * - gcp: the Pub/Sub message the sink publishes ({@link gcpSignalMessage},
 *   functions/trading/gcp-signal-sink.ts) in the push subscription's envelope
 *   ({@link gcpPushBody}), as the Functions Framework hands it to `toGcp` (parsed body and raw
 *   bytes); the 204 acknowledges it.
 */
import { SIGNAL_SOURCE, toLambda } from "../functions/adapters/aws";
import { azureServiceBus } from "../functions/adapters/azure";
import { toGcp, type GcpResponse } from "../functions/adapters/gcp";
import { decode } from "../functions/lib/codec";
import { InMemoryIdempotencyStore } from "../functions/lib/idempotency";
import { writeFrame, type FrameMessage } from "../functions/trading/frame-writer";
import { normalizeFunction, type TickSink } from "../functions/trading/normalize";
import { orderFunction } from "../functions/trading/order-function";
import { SimulatedVenue } from "../functions/trading/venue";
import { msSince, now, percentile } from "./stats";

/** The clouds whose signal path is measured, in the order of the metric names. */
export const SIGNAL_CLOUDS = ["aws", "azure", "gcp"] as const;

/** One of {@link SIGNAL_CLOUDS}. */
export type SignalCloud = (typeof SIGNAL_CLOUDS)[number];

/** A signalled order as `normalize`'s sinks hold it (decoded from the signals batch). */
export type SignalOrder = Readonly<Record<string, unknown>>;

/** The 200 symbols of the signal feed; symbol `i` trades around 50 + i. */
const SYMBOLS = Array.from({ length: 200 }, (_, i) => `S${String(i).padStart(3, "0")}`);

/**
 * The first `count` orders `normalize` signals on a feed built to signal (the rule's defaults):
 * each symbol's quotes cycle through mid 4 cents above its base with bids outweighing asks, then
 * balanced, then 4 cents below with asks outweighing bids, then balanced, so that once its EMA
 * is warm every second quote turns the rule BUY or SELL.
 */
export async function signalOrders(count: number): Promise<SignalOrder[]> {
  const orders: SignalOrder[] = [];
  const sink: TickSink = {
    publish: () => Promise.resolve(),
    publishSignals: (batch) => {
      orders.push(...(decode(batch, "signals") as SignalOrder[]));
      return Promise.resolve();
    },
  };
  const fn = normalizeFunction({ venue: "NASDAQ", sink });
  // Each symbol is quoted every 10 frames, so every EMA is warm (20 updates) after 200 frames;
  // from then on half of the 20 quotes of a frame signal.
  const maxFrames = 220 + Math.ceil(count / 10) * 2;
  let seq = 1;
  for (let f = 0; f < maxFrames && orders.length < count; f++) {
    const messages: FrameMessage[] = [];
    for (let m = 0; m < 20; m++) {
      const n = f * 20 + m;
      const locate = n % SYMBOLS.length;
      const phase = Math.floor(n / SYMBOLS.length) % 4;
      const mid = 50 + locate + (phase < 2 ? 0.04 : -0.04);
      const [bidSize, askSize] = [
        [300, 100],
        [200, 200],
        [100, 300],
        [200, 200],
      ][phase];
      messages.push({
        type: "Q",
        locate: locate + 1,
        ts: 34_200_000_000_000 + n * 1_000,
        symbol: SYMBOLS[locate],
        bid: Math.round((mid - 0.01) * 100) / 100,
        bidSize,
        ask: Math.round((mid + 0.01) * 100) / 100,
        askSize,
      });
    }
    await fn.handle(fn.parse(writeFrame("TACHYON001", seq, messages)));
    seq += messages.length;
  }
  if (orders.length < count) {
    throw new Error(
      `bench/signal-order.ts: the feed must signal ${count} orders, got ${orders.length} in ${maxFrames} frames. Lengthen the feed.`,
    );
  }
  return orders.slice(0, count);
}

/** The Lambda Invoke body the AWS sink sends for one order. */
export function awsSignalBody(order: SignalOrder): string {
  return JSON.stringify({ source: SIGNAL_SOURCE, order });
}

/** The Service Bus message body the Azure sink sends for one order. */
export function azureSignalBody(order: SignalOrder): string {
  return JSON.stringify(order);
}

/** The Pub/Sub message the GCP sink publishes for one order. */
export function gcpSignalMessage(order: SignalOrder): {
  data: string;
  attributes: { contentType: string };
} {
  return {
    data: Buffer.from(JSON.stringify(order), "utf8").toString("base64"),
    attributes: { contentType: "application/json" },
  };
}

/** The push subscription's request body for one published message. */
export function gcpPushBody(
  message: ReturnType<typeof gcpSignalMessage>,
  messageId: string,
  subscription: string,
): string {
  return JSON.stringify({
    message: { ...message, messageId, publishTime: "2026-11-02T14:30:00.000Z" },
    subscription,
  });
}

/** One delivery: resolves with whether the order function confirmed the order. */
export type SignalDelivery = (order: SignalOrder, i: number) => Promise<boolean>;

/** A fresh order function on `cloud` with its own venue and store, and the delivery into it. */
export function signalPath(cloud: SignalCloud): { deliver: SignalDelivery; venue: SimulatedVenue } {
  const venue = new SimulatedVenue("SIM");
  for (const [i, s] of SYMBOLS.entries()) {
    venue.quote(s, { bid: 50 + i - 0.01, ask: 50 + i + 0.01, size: 1_000_000 });
  }
  const store = new InMemoryIdempotencyStore();
  const order = orderFunction({ venues: () => new Map([["SIM", venue]]), store: () => store });
  if (cloud === "aws") {
    const lambda = toLambda(order);
    return {
      venue,
      deliver: async (o) => {
        const outcome = await lambda(JSON.parse(awsSignalBody(o)));
        return (JSON.parse(JSON.stringify(outcome)) as { ok?: unknown }).ok === true;
      },
    };
  }
  if (cloud === "azure") {
    const trigger = azureServiceBus(order);
    return {
      venue,
      deliver: async (o, i) => {
        const outcome = await trigger(JSON.parse(azureSignalBody(o)), { invocationId: `sb-${i}` });
        return outcome.ok;
      },
    };
  }
  const http = toGcp(order);
  const subscription = "projects/tachyon-bench/subscriptions/tachyon-bench-signals-order";
  return {
    venue,
    deliver: async (o, i) => {
      const raw = Buffer.from(gcpPushBody(gcpSignalMessage(o), String(i), subscription), "utf8");
      let status = 0;
      const response: GcpResponse = {
        status: (code) => ((status = code), response),
        set: () => response,
        send: () => undefined,
      };
      await http(
        {
          method: "POST",
          path: "/",
          headers: { "content-type": "application/json" },
          rawBody: raw,
          body: JSON.parse(raw.toString("utf8")) as unknown,
        },
        response,
      );
      return status === 204;
    },
  };
}

/** Latency of one cloud's path, in microseconds. */
export interface SignalOrderLatency {
  readonly p50: number;
  readonly p99: number;
  readonly samples: number;
}

/**
 * Delivers `count` signalled orders through each cloud's path after `warmup` unmeasured ones,
 * the clouds taking turns order by order (the first cloud rotating) so that all see the same
 * machine. Throws unless every order was confirmed and reached its cloud's venue exactly once.
 */
export async function benchSignalOrder(
  count: number,
  warmup = Math.min(1000, count),
): Promise<Record<SignalCloud, SignalOrderLatency>> {
  const orders = await signalOrders(warmup + count);
  const paths = SIGNAL_CLOUDS.map((cloud) => ({
    cloud,
    ...signalPath(cloud),
    samples: [] as number[],
  }));
  for (const [i, order] of orders.entries()) {
    for (let k = 0; k < paths.length; k++) {
      const path = paths[(i + k) % paths.length];
      const start = now();
      const confirmed = await path.deliver(order, i);
      const us = msSince(start) * 1000;
      if (!confirmed) {
        throw new Error(
          `bench/signal-order.ts: ${path.cloud} must confirm every signalled order, got none for ${JSON.stringify(order.orderId)}. Check the order function's risk limits and the venue's quotes.`,
        );
      }
      if (i >= warmup) path.samples.push(us);
    }
  }
  const result = {} as Record<SignalCloud, SignalOrderLatency>;
  for (const path of paths) {
    const once = [...path.venue.submissions.values()].every((n) => n === 1);
    if (path.venue.submissions.size !== orders.length || !once) {
      throw new Error(
        `bench/signal-order.ts: ${path.cloud}'s venue must receive each of ${orders.length} orders once, got ${path.venue.submissions.size} distinct orders. Check the signal ids.`,
      );
    }
    result[path.cloud] = {
      p50: percentile(path.samples, 50),
      p99: percentile(path.samples, 99),
      samples: path.samples.length,
    };
  }
  return result;
}
