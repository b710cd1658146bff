/**
 * Azure Functions adapter for the Node.js v4 programming model: HTTP, Event Hubs and Service Bus
 * queue triggers.
 *
 * The types below are the parts of `@azure/functions`' v4 signatures the adapter touches. The
 * bundle's entry passes {@link registerAzure} an `app` over the worker's `@azure/functions-core`
 * (./azure-core.ts) rather than `@azure/functions`' own, which would add 74 KB to every bundle;
 * `@azure/functions-core` is not on npm: the Functions Node.js worker provides it to the app at
 * run time, so the bundler leaves it external.
 */
import { MAX_MESSAGE_BYTES } from "../lib/codec";
import { PayloadTooLargeError } from "../lib/errors";
import {
  decodePayload,
  encodingOf,
  requestEncoding,
  invoke,
  type FunctionHandler,
  type Outcome,
} from "../lib/handler";
import { HEALTH_PATH, healthReply } from "./health";
import { httpReply, postOnlyReply, type HttpReply } from "./http";

/** The health route, relative to the host's `api/` prefix. */
const HEALTH_ROUTE = HEALTH_PATH.slice(1);

/** The part of the v4 `HttpRequest` the adapter reads. */
export interface AzureHttpRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: { get(name: string): string | null };
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** The v4 `HttpResponseInit` the adapter returns. */
export interface AzureHttpResponse {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Uint8Array;
}

/** The part of the v4 `InvocationContext` the adapter reads. */
export interface AzureInvocationContext {
  readonly invocationId: string;
  readonly triggerMetadata?: Readonly<Record<string, unknown>>;
}

/** A v4 HTTP handler. */
export type AzureHttpHandler = (
  request: AzureHttpRequest,
  context: AzureInvocationContext,
) => Promise<AzureHttpResponse>;

/** A v4 Event Hubs handler with `cardinality: "many"`. */
export type AzureEventHubHandler = (
  messages: unknown,
  context: AzureInvocationContext,
) => Promise<EventHubBatchResult>;

/** What a batch came to (the trigger ignores the return value; tests and logs read it). */
export interface EventHubBatchResult {
  readonly handled: number;
  readonly rejected: number;
}

/** The HTTP methods the adapter registers (a subset of the v4 `HttpMethod`). */
export type AzureHttpMethod = "GET" | "HEAD" | "POST" | "PUT" | "PATCH" | "DELETE";

/** The part of the v4 `app` object the entry registers with. */
export interface AzureApp {
  http(
    name: string,
    options: {
      methods: AzureHttpMethod[];
      authLevel: "function" | "anonymous";
      route: string;
      handler: AzureHttpHandler;
    },
  ): void;
  eventHub(
    name: string,
    options: {
      connection: string;
      eventHubName: string;
      cardinality: "many";
      consumerGroup: string;
      retry: {
        strategy: "exponentialBackoff";
        maxRetryCount: number;
        minimumInterval: number;
        maximumInterval: number;
      };
      handler: AzureEventHubHandler;
    },
  ): void;
  serviceBusQueue(
    name: string,
    options: {
      connection: string;
      queueName: string;
      handler: AzureServiceBusHandler;
    },
  ): void;
}

/** A v4 Service Bus queue handler (one message per invocation). */
export type AzureServiceBusHandler = (
  message: unknown,
  context: AzureInvocationContext,
) => Promise<Outcome>;

/** Options of {@link registerAzure}. */
export interface RegisterAzureOptions {
  /**
   * Also execute messages of the site's signals queue (the order function, when the app has the
   * `ServiceBusConnection` and `SIGNALS_QUEUE` settings).
   * @default false
   */
  readonly signalsQueue?: boolean;
}

/** Raised to make the Event Hubs retry policy deliver a batch again after a transient failure. */
export class RetryableBatchError extends Error {
  /** @param failed The outcomes that may succeed on a retry. */
  constructor(readonly failed: readonly Outcome[]) {
    super(
      `${failed.length} event(s) failed transiently: ${failed.map((o) => (o.ok ? "" : o.message)).join("; ")}`,
    );
    this.name = "RetryableBatchError";
  }
}

/** Wraps a handler as a v4 HTTP handler (POST, JSON or msgpack body). */
export function azureHttp(handler: FunctionHandler): AzureHttpHandler {
  return async (request, context) => {
    const contentType = request.headers.get("content-type") ?? undefined;
    const encoding = encodingOf(contentType);
    if (request.method !== "POST") return toAzure(postOnlyReply(request.method));
    const length = Number(request.headers.get("content-length") ?? "0");
    let bytes: Uint8Array | undefined;
    let readError: unknown;
    if (length > handler.maxBytes) {
      readError = new PayloadTooLargeError("body", length, handler.maxBytes);
    } else {
      try {
        bytes = new Uint8Array(await request.arrayBuffer());
      } catch (error) {
        readError = error;
      }
    }
    const outcome = await invoke(
      handler,
      () => {
        const declared = requestEncoding(contentType, "content-type");
        if (readError instanceof Error) throw readError;
        if (readError !== undefined) throw new Error("body: could not be read.");
        return decodePayload(handler, bytes ?? new Uint8Array(), declared);
      },
      { source: "azure-http", invocationId: context.invocationId },
    );
    return toAzure(httpReply(outcome, encoding));
  };
}

/**
 * The v4 HTTP handler of the health route: answers from the function's name alone, without
 * reading the body or touching the handler (see ./health.ts).
 */
export function azureHealth(handler: FunctionHandler): AzureHttpHandler {
  return (request) => Promise.resolve(toAzure(healthReply(handler.name, request.method)));
}

/**
 * Wraps a handler as a v4 Event Hubs handler. Messages arrive as Buffers (binary events),
 * strings, or values the host already parsed from JSON; bad ones are logged and skipped, and
 * only a transient failure throws, so that the retry policy redelivers the batch.
 */
export function azureEventHub(handler: FunctionHandler): AzureEventHubHandler {
  return async (messages, context) => {
    const list: unknown[] = Array.isArray(messages) ? messages : [messages];
    const failed: Outcome[] = [];
    let handled = 0;
    let rejected = 0;
    for (const [index, message] of list.entries()) {
      const outcome = await invoke(handler, () => payloadOf(handler, message), {
        source: "eventhub",
        invocationId: context.invocationId,
        index,
      });
      if (outcome.ok) handled += 1;
      else if (outcome.retry) failed.push(outcome);
      else rejected += 1;
    }
    if (failed.length > 0) throw new RetryableBatchError(failed);
    return { handled, rejected };
  };
}

/**
 * Wraps a handler as a v4 Service Bus queue handler. A transient failure throws, so the host
 * abandons the message and Service Bus delivers it again, dead-lettering it after the queue's
 * maxDeliveryCount; bad input is logged and completed, as a retry would fail the same way.
 */
export function azureServiceBus(handler: FunctionHandler): AzureServiceBusHandler {
  return async (message, context) => {
    const outcome = await invoke(handler, () => payloadOf(handler, message), {
      source: "servicebus",
      invocationId: context.invocationId,
    });
    if (!outcome.ok && outcome.retry) throw new RetryableBatchError([outcome]);
    return outcome;
  };
}

function payloadOf(handler: FunctionHandler, message: unknown): unknown {
  if (message instanceof Uint8Array) return decodePayload(handler, message, "sniff");
  if (typeof message === "string") {
    if (message.length > 2 * MAX_MESSAGE_BYTES) {
      throw new PayloadTooLargeError("message", message.length, MAX_MESSAGE_BYTES);
    }
    // Binary events travel as a JSON string of their base64 (see registerAzure).
    const bytes = BASE64.test(message)
      ? Buffer.from(message, "base64")
      : Buffer.from(message, "utf8");
    return decodePayload(handler, bytes, "sniff");
  }
  // Already parsed by the host (a JSON event): the handler validates it like any other input.
  return message;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})+(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Registers a function with the v4 `app`: HTTP trigger or Event Hubs trigger. An HTTP function
 * also gets the health route `health` (served as `/api/health`), anonymous because Front Door
 * and Route 53 probes carry no function key; it is one route per app, as every function has a
 * Function App of its own. The route accepts the methods that would otherwise reach the host's
 * 404, so that a POST to it gets the same 405 as on the other clouds.
 *
 * The v4 model cannot bind an Event Hubs batch as raw bytes (no `dataType: "binary"`; see
 * Azure/azure-functions-nodejs-library#72), and with `cardinality: "many"` the host fails on
 * events that are not JSON. Producers for Azure therefore publish each event as JSON: either
 * the message itself or a JSON string holding the base64 of a binary frame or msgpack message.
 */
export function registerAzure(
  app: AzureApp,
  handler: FunctionHandler,
  trigger: "http" | "stream",
  options: RegisterAzureOptions = {},
): void {
  if (options.signalsQueue) {
    app.serviceBusQueue(`${handler.name}-signals`, {
      // Settings from components/pipeline/azure-pipeline.ts: an identity-based connection
      // prefix and the queue's name.
      connection: "ServiceBusConnection",
      queueName: "%SIGNALS_QUEUE%",
      handler: azureServiceBus(handler),
    });
  }
  if (trigger === "http") {
    app.http(handler.name, {
      methods: ["POST"],
      authLevel: "function",
      route: handler.name,
      handler: azureHttp(handler),
    });
    app.http(HEALTH_ROUTE, {
      methods: ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"],
      authLevel: "anonymous",
      route: HEALTH_ROUTE,
      handler: azureHealth(handler),
    });
    return;
  }
  app.eventHub(handler.name, {
    // The app settings components/pipeline/azure-pipeline.ts sets on the Function App (an
    // identity-based connection prefix and the hub's name); each function reads through the
    // consumer group named after it.
    connection: "EventHubConnection",
    eventHubName: "%MARKET_DATA_HUB%",
    cardinality: "many",
    consumerGroup: handler.name,
    retry: {
      strategy: "exponentialBackoff",
      maxRetryCount: 5,
      minimumInterval: 1_000,
      maximumInterval: 30_000,
    },
    handler: azureEventHub(handler),
  });
}

function toAzure(reply: HttpReply): AzureHttpResponse {
  return {
    status: reply.status,
    headers: { "content-type": reply.contentType, ...reply.headers },
    body: reply.body,
  };
}
