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
import { errorDetail, requestJson, type BearerTokens } from "../lib/idempotency-rest";
import type { TickSink } from "./normalize";
import { PendingSignalSink, SignalDeliveryError } from "./signal-sink";

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
export class GcpSignalSink extends PendingSignalSink {
  private readonly url: string;

  constructor(private readonly options: GcpSignalSinkOptions) {
    super(options);
    if (!/^projects\/[^/]+\/topics\/[^/]+$/.test(options.topic)) {
      throw new Error(
        `TACHYON_SIGNAL_TOPIC: must be projects/<project>/topics/<topic>, got "${options.topic}". Set the topic's id.`,
      );
    }
    this.url = `${options.endpoint ?? PUBSUB_ENDPOINT}/v1/${options.topic}:publish`;
  }

  /** {@inheritDoc PendingSignalSink.deliver} */
  protected async deliver(): Promise<void> {
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
