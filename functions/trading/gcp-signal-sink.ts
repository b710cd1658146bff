/**
 * The Google Cloud path of trading signals: `normalize` publishes each order its signal engine
 * raises to the site's signals topic (`TACHYON_SIGNAL_TOPIC`, `projects/<p>/topics/<t>`) with the
 * Pub/Sub REST API (`POST https://pubsub.googleapis.com/v1/{topic}:publish`,
 * https://cloud.google.com/pubsub/docs/reference/rest/v1/projects.topics/publish), authorised by
 * the service account's token from the metadata server: no SDK in the bundle. A push
 * subscription delivers each message to the `order` service (components/pipeline/gcp-signals.ts),
 * whose adapter (functions/adapters/gcp.ts) decodes `{ message: { data, attributes } }` as JSON.
 *
 * Failure: a publish is all or nothing; a non-200 answer fails the call, so `normalize` answers
 * its own push with 500 and Pub/Sub delivers the market data again. A redelivered frame's ticks
 * are duplicates that raise no signal again, so the sink keeps undelivered orders and publishes
 * them before the next frame ({@link withSignalRedelivery}). Pub/Sub delivers at least once;
 * orders are idempotent by id, so an order delivered twice executes once.
 */
import { decode } from "../lib/codec";
import { errorDetail, requestJson, type BearerTokens } from "../lib/idempotency-rest";
import { log } from "../lib/log";
import { SignalDeliveryError } from "./aws-signal-sink";
import { MemoryTickSink, type TickSink } from "./normalize";

/** Pub/Sub's REST endpoint. */
export const PUBSUB_ENDPOINT = "https://pubsub.googleapis.com";

/** Options of {@link GcpSignalSink}. */
export interface GcpSignalSinkOptions {
  /** The signals topic, `projects/<project>/topics/<topic>` (`TACHYON_SIGNAL_TOPIC`). */
  readonly topic: string;
  /** The service account's tokens, built on first use. */
  readonly tokens: () => BearerTokens;
  /** @default PUBSUB_ENDPOINT */
  readonly endpoint?: string;
  /** Deadline of one publish. @default 2000 */
  readonly timeoutMs?: number;
  /** Where tick batches go. @default a {@link MemoryTickSink} */
  readonly ticks?: TickSink;
  /** Undelivered orders kept for the next attempt; the oldest are dropped beyond it. @default 256 */
  readonly maxPending?: number;
}

/** A {@link TickSink} that publishes signalled orders to the site's Pub/Sub signals topic. */
export class GcpSignalSink implements TickSink {
  private readonly pending = new Map<string, Readonly<Record<string, unknown>>>();
  private readonly ticks: TickSink;
  private readonly url: string;

  constructor(private readonly options: GcpSignalSinkOptions) {
    if (!/^projects\/[^/]+\/topics\/[^/]+$/.test(options.topic)) {
      throw new Error(
        `TACHYON_SIGNAL_TOPIC: must be projects/<project>/topics/<topic>, got "${options.topic}". Set the topic's id.`,
      );
    }
    this.ticks = options.ticks ?? new MemoryTickSink();
    this.url = `${options.endpoint ?? PUBSUB_ENDPOINT}/v1/${options.topic}:publish`;
  }

  /** {@inheritDoc TickSink.publish} */
  publish(batch: Uint8Array, ticks: number): Promise<void> {
    return this.ticks.publish(batch, ticks);
  }

  /** Publishes every order of the msgpack batch, with those still pending, in one request. */
  async publishSignals(batch: Uint8Array): Promise<void> {
    const orders = decode(batch, "signals");
    if (!Array.isArray(orders)) {
      throw new Error(
        `signals: must be a msgpack array of orders, got ${typeof orders}. Publish the signal engine's order list.`,
      );
    }
    for (const order of orders) this.hold(order as Readonly<Record<string, unknown>>);
    await this.deliver();
  }

  /** Publishes the orders a failed attempt left behind; rejects if that fails again. */
  async redeliver(): Promise<void> {
    if (this.pending.size > 0) await this.deliver();
  }

  /** Orders waiting for a successful publish. */
  get pendingOrders(): number {
    return this.pending.size;
  }

  private hold(order: Readonly<Record<string, unknown>>): void {
    const id = typeof order.orderId === "string" ? order.orderId : JSON.stringify(order);
    this.pending.set(id, order);
    const max = this.options.maxPending ?? 256;
    while (this.pending.size > max) {
      const oldest = this.pending.keys().next().value as string;
      this.pending.delete(oldest);
      log("ERROR", "signal dropped", { orderId: oldest, reason: `more than ${max} pending` });
    }
  }

  private async deliver(): Promise<void> {
    const attempt = [...this.pending];
    const tokens = this.options.tokens();
    let reason: string;
    try {
      const response = await requestJson({
        method: "POST",
        url: this.url,
        headers: { authorization: `Bearer ${await tokens.get()}` },
        body: {
          // The order adapter reads contentType to decode the data (functions/adapters/gcp.ts).
          messages: attempt.map(([, order]) => ({
            data: Buffer.from(JSON.stringify(order), "utf8").toString("base64"),
            attributes: { contentType: "application/json" },
          })),
        },
        timeoutMs: this.options.timeoutMs ?? 2000,
      });
      if (response.status === 200) {
        for (const [id] of attempt) this.pending.delete(id);
        return;
      }
      if (response.status === 401) tokens.invalidate();
      reason = `Pub/Sub answered ${response.status} (${errorDetail(response.body)})`;
    } catch (error) {
      reason = error instanceof Error ? error.message : String(error);
    }
    throw new SignalDeliveryError(
      attempt.length,
      attempt.length,
      attempt.map(([id]) => `${id}: ${reason}`),
    );
  }
}
