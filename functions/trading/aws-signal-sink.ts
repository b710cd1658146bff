/**
 * The AWS path of trading signals: `normalize` hands the orders its signal engine raises to this
 * sink, which invokes the `order` function's `live` alias once per order, all at once, with the
 * Lambda Invoke API (`RequestResponse`, SigV4-signed by functions/lib/aws-client.ts) and the
 * direct-invoke {@link SignalEvent} of functions/adapters/aws.ts. One hop, no queue: the order
 * is executing a few milliseconds after the tick that raised it.
 *
 * Failure: a non-2xx answer (after the client's throttling/5xx retries), a function error
 * (`X-Amz-Function-Error`) or an outcome the order function marks retryable fails the whole
 * call, so `normalize` fails the stream record and Kinesis delivers it again. Orders are
 * idempotent by id, so sending one twice is safe. A redelivered record's ticks are duplicates
 * that raise no signal again, so the sink keeps undelivered orders and sends them before the
 * next record is handled ({@link withSignalRedelivery}); an order the order function rejects as
 * bad input is logged and dropped, as a retry would fail the same way.
 */
import { SIGNAL_SOURCE, type SignalEvent } from "../adapters/aws";
import { toAwsError, type AwsRequest, type AwsResponse } from "../lib/aws-client";
import type { FunctionHandler } from "../lib/handler";
import { log } from "../lib/log";
import type { TickSink } from "./normalize";
import { PendingSignalSink, SignalDeliveryError } from "./signal-sink";

/** What the sink needs of a client: signed requests to Lambda; `AwsClient` satisfies it. */
export interface LambdaRequester {
  request(request: AwsRequest): Promise<AwsResponse>;
}

/** Options of {@link AwsSignalSink}. */
export interface AwsSignalSinkOptions {
  /** The ARN of the `order` function's `live` alias (`TACHYON_ORDER_FUNCTION`). */
  readonly functionArn: string;
  /** The Lambda client, built on first use. */
  readonly client: () => LambdaRequester;
  /** Where tick batches go. @default a {@link MemoryTickSink} */
  readonly ticks?: TickSink;
  /** Undelivered orders kept for the next attempt; the oldest are dropped beyond it. @default 256 */
  readonly maxPending?: number;
}

/** A {@link TickSink} that executes signalled orders on AWS through the order function. */
export class AwsSignalSink extends PendingSignalSink {
  private readonly path: string;

  constructor(private readonly options: AwsSignalSinkOptions) {
    super(options);
    // The ARN is one path segment: its colons travel encoded, as the AWS SDK sends them.
    this.path = `/2015-03-31/functions/${encodeURIComponent(options.functionArn)}/invocations`;
  }

  /** {@inheritDoc PendingSignalSink.deliver} */
  protected async deliver(): Promise<void> {
    const attempt = [...this.pending];
    const results = await Promise.allSettled(attempt.map(([, order]) => this.invoke(order)));
    const reasons: string[] = [];
    results.forEach((result, i) => {
      const id = attempt[i]?.[0] ?? "";
      if (result.status === "fulfilled") this.pending.delete(id);
      else reasons.push(`${id}: ${String((result.reason as Error).message ?? result.reason)}`);
    });
    if (reasons.length > 0) throw new SignalDeliveryError(reasons.length, attempt.length, reasons);
  }

  private async invoke(order: Readonly<Record<string, unknown>>): Promise<void> {
    const event: SignalEvent = { source: SIGNAL_SOURCE, order };
    const response = await this.options.client().request({
      method: "POST",
      path: this.path,
      headers: {
        "content-type": "application/json",
        "x-amz-invocation-type": "RequestResponse",
      },
      body: JSON.stringify(event),
    });
    if (response.status < 200 || response.status >= 300) throw toAwsError(response);
    const text = response.body.toString("utf8");
    const functionError = response.headers["x-amz-function-error"];
    if (functionError) {
      throw new Error(`the order function failed (${functionError}): ${text.slice(0, 200)}`);
    }
    const outcome = parseOutcome(text);
    if (outcome.ok === true) return;
    if (outcome.ok === false && outcome.retry === false) {
      log("WARNING", "signal rejected", {
        orderId: order.orderId,
        code: outcome.code,
        reason: outcome.message,
      });
      return;
    }
    throw new Error(`the order function answered ${text.slice(0, 200)}`);
  }
}

/**
 * Wraps `normalize` so that each record first re-sends the orders an earlier record failed to
 * deliver: a failure then keeps failing records until the orders are through, instead of being
 * lost to the normaliser's duplicate suppression.
 */
export function withSignalRedelivery<I, O>(
  handler: FunctionHandler<I, O>,
  sink: Pick<AwsSignalSink, "redeliver">,
): FunctionHandler<I, O> {
  return {
    name: handler.name,
    payload: handler.payload,
    maxBytes: handler.maxBytes,
    parse: (payload) => handler.parse(payload),
    handle: async (input) => {
      await sink.redeliver();
      return handler.handle(input);
    },
  };
}

function parseOutcome(text: string): {
  ok?: unknown;
  retry?: unknown;
  code?: unknown;
  message?: unknown;
} {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === "object" && value !== null ? value : {};
  } catch {
    return {};
  }
}
