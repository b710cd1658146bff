/**
 * The Azure path of trading signals: `normalize` sends each order its signal engine raises to
 * the site's Service Bus `signals` queue with the REST API (`POST
 * https://<namespace>.servicebus.windows.net/<queue>/messages`, answered 201;
 * https://learn.microsoft.com/rest/api/servicebus/send-message-to-queue), authorised by a
 * Microsoft Entra ID token of the Function App's managed identity for `https://servicebus.azure.net`
 * (the identity holds Azure Service Bus Data Sender on that queue only): no SDK in the bundle.
 * The `order` app's Service Bus trigger executes each message (functions/adapters/azure.ts).
 *
 * Each message's `MessageId` is the order id, so the queue's duplicate detection drops an order
 * sent twice within its window; the order function is idempotent by id beyond it. A failed send
 * fails the Event Hubs batch, which the trigger's retry policy delivers again; a redelivered
 * batch's ticks are duplicates that raise no signal again, so undelivered orders are kept and
 * sent before the next batch ({@link withSignalRedelivery} of ./aws-signal-sink.ts).
 */
import { errorDetail, requestJson, type BearerTokens } from "../lib/idempotency-rest";
import type { TickSink } from "./normalize";
import { PendingSignalSink, SignalDeliveryError } from "./signal-sink";

/** The token audience of Service Bus data-plane requests. */
export const SERVICE_BUS_AUDIENCE = "https://servicebus.azure.net";

/** Options of {@link AzureSignalSink}. */
export interface AzureSignalSinkOptions {
  /** `https://<namespace>.servicebus.windows.net/<queue>` (`TACHYON_SIGNAL_QUEUE_URL`). */
  readonly queueUrl: string;
  /** The managed identity's tokens for {@link SERVICE_BUS_AUDIENCE}, built on first use. */
  readonly tokens: () => BearerTokens;
  /** Deadline of one send. @default 2000 */
  readonly timeoutMs?: number;
  /** Where tick batches go. @default a {@link MemoryTickSink} */
  readonly ticks?: TickSink;
  /** Undelivered orders kept for the next attempt; the oldest are dropped beyond it. @default 256 */
  readonly maxPending?: number;
}

/** A {@link TickSink} that sends signalled orders to the site's Service Bus signals queue. */
export class AzureSignalSink extends PendingSignalSink {
  private readonly url: string;

  constructor(private readonly options: AzureSignalSinkOptions) {
    super(options);
    const url = URL.canParse(options.queueUrl) ? new URL(options.queueUrl) : undefined;
    if (!url || !/^https?:$/.test(url.protocol) || !/^\/[^/]+$/.test(url.pathname)) {
      throw new Error(
        `TACHYON_SIGNAL_QUEUE_URL: must be https://<namespace>.servicebus.windows.net/<queue>, got "${options.queueUrl}". Set the queue's URL.`,
      );
    }
    this.url = `${options.queueUrl}/messages`;
  }

  /** {@inheritDoc PendingSignalSink.deliver} */
  protected async deliver(): Promise<void> {
    const attempt = [...this.pending];
    const results = await Promise.allSettled(attempt.map(([id, order]) => this.send(id, order)));
    const reasons: string[] = [];
    results.forEach((result, i) => {
      const id = attempt[i]?.[0] ?? "";
      if (result.status === "fulfilled") this.pending.delete(id);
      else reasons.push(`${id}: ${String((result.reason as Error).message ?? result.reason)}`);
    });
    if (reasons.length > 0) throw new SignalDeliveryError(reasons.length, attempt.length, reasons);
  }

  private async send(id: string, order: Readonly<Record<string, unknown>>): Promise<void> {
    const tokens = this.options.tokens();
    const response = await requestJson({
      method: "POST",
      url: this.url,
      headers: {
        authorization: `Bearer ${await tokens.get()}`,
        // The order id as MessageId: the queue's duplicate detection keys on it.
        brokerproperties: JSON.stringify({ MessageId: id }),
      },
      body: order,
      timeoutMs: this.options.timeoutMs ?? 2000,
    });
    if (response.status === 201) return;
    if (response.status === 401) tokens.invalidate();
    throw new Error(`Service Bus answered ${response.status} (${errorDetail(response.body)})`);
  }
}
