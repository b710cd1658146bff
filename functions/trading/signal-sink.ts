/**
 * What every cloud's signal sink shares: signalled orders are held until a delivery succeeds, so
 * a failed attempt's orders go out first with the next batch (and `redeliver` sends them on their
 * own); past `maxPending` the oldest is dropped and logged, so a dead path cannot grow the
 * instance without bound. Orders are idempotent by id at `order`, so a resend executes once.
 * Each cloud supplies `deliver`: Lambda Invoke (./aws-signal-sink.ts), Pub/Sub publish
 * (./gcp-signal-sink.ts), Service Bus send (./azure-signal-sink.ts).
 */
import { decode } from "../lib/codec";
import { log } from "../lib/log";
import { MemoryTickSink, type TickSink } from "./normalize";

/** Some signalled orders could not be delivered; they stay pending for the next attempt. */
export class SignalDeliveryError extends Error {
  /**
   * @param failed Orders that failed in this attempt.
   * @param attempted Orders sent in this attempt.
   * @param reasons Why, one per failed order.
   */
  constructor(
    readonly failed: number,
    readonly attempted: number,
    readonly reasons: readonly string[],
  ) {
    super(
      `signals: ${failed} of ${attempted} orders were not delivered to the order function, first because ${reasons[0] ?? "of an unknown error"}. The stream record is retried and the orders are sent again.`,
    );
    this.name = "SignalDeliveryError";
  }
}

/** Options every signal sink takes. */
export interface PendingSignalOptions {
  /** Where tick batches go. @default a {@link MemoryTickSink} */
  readonly ticks?: TickSink;
  /** Most orders held for a later attempt before the oldest is dropped. @default 256 */
  readonly maxPending?: number;
}

/** A {@link TickSink} whose signalled orders are held until `deliver` succeeds. */
export abstract class PendingSignalSink implements TickSink {
  /** Orders not yet delivered, by order id, oldest first. */
  protected readonly pending = new Map<string, Readonly<Record<string, unknown>>>();
  private readonly ticks: TickSink;
  private readonly maxPending: number;

  constructor(options: PendingSignalOptions) {
    this.ticks = options.ticks ?? new MemoryTickSink();
    this.maxPending = options.maxPending ?? 256;
  }

  /** {@inheritDoc TickSink.publish} */
  publish(batch: Uint8Array, ticks: number): Promise<void> {
    return this.ticks.publish(batch, ticks);
  }

  /** Delivers every order of the msgpack batch, with those still pending. */
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

  /** Delivers the orders a failed attempt left behind; rejects if that fails again. */
  async redeliver(): Promise<void> {
    if (this.pending.size > 0) await this.deliver();
  }

  /** Orders waiting for a successful delivery. */
  get pendingOrders(): number {
    return this.pending.size;
  }

  /**
   * Delivers every pending order, removing each one delivered from {@link pending}; rejects
   * naming what failed, leaving those orders pending.
   */
  protected abstract deliver(): Promise<void>;

  private hold(order: Readonly<Record<string, unknown>>): void {
    const id = typeof order.orderId === "string" ? order.orderId : JSON.stringify(order);
    this.pending.set(id, order);
    while (this.pending.size > this.maxPending) {
      const oldest = this.pending.keys().next().value as string;
      this.pending.delete(oldest);
      log("ERROR", "signal dropped", {
        orderId: oldest,
        reason: `more than ${this.maxPending} pending`,
      });
    }
  }
}
