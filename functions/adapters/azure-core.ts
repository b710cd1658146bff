/**
 * The Azure Functions v4 programming model, reduced to what Tachyon registers: HTTP, Event Hubs
 * and Service Bus queue triggers, spoken directly to `@azure/functions-core` (the API the
 * Node.js worker gives the app at run time).
 *
 * `@azure/functions` does the same for every binding, HTTP streaming, hooks and MCP; bundled, it
 * was 74 KB of a 134 KB bundle (the metafile of `functions/dist/azure/order`), twice what the
 * other clouds' bundles weigh. This module keeps the same worker contract: the programming model
 * (`name`, `version`, `getInvocationModel`), the function metadata (bindings keyed by name,
 * `retryOptions`) and the RPC shapes of the invocation (`inputData`, `returnValue`), as
 * `@azure/functions` 4.16.5 builds them (src/ProgrammingModel.ts, src/InvocationModel.ts,
 * src/converters/toCoreFunctionMetadata.ts, toRpcHttp.ts, fromRpcTypedData.ts), with HTTP
 * streaming off, so the host sends the whole body in the invocation request.
 */
import type { AzureApp, AzureHttpRequest, AzureInvocationContext } from "./azure";

/** An RPC typed value (the fields of `RpcTypedData` the two triggers use). */
export interface AzureRpcTypedData {
  readonly string?: string | null;
  readonly json?: string | null;
  readonly bytes?: Uint8Array | null;
  readonly stream?: Uint8Array | null;
  readonly http?: AzureRpcHttp | null;
  readonly collectionBytes?: { readonly bytes?: Uint8Array[] | null } | null;
  readonly collectionString?: { readonly string?: string[] | null } | null;
}

/** An RPC HTTP request or response (`RpcHttpData`). */
export interface AzureRpcHttp {
  readonly method?: string | null;
  readonly url?: string | null;
  readonly headers?: Readonly<Record<string, string>> | null;
  readonly body?: AzureRpcTypedData | null;
  readonly statusCode?: string | null;
  readonly cookies?: readonly unknown[] | null;
  readonly enableContentNegotiation?: boolean | null;
}

/** A binding of the function metadata (`RpcBindingInfo` plus the trigger's own options). */
export interface AzureBinding {
  readonly type: string;
  readonly direction: "in" | "out";
  readonly [option: string]: unknown;
}

/** The metadata the worker registers a function with (`FunctionMetadata`). */
export interface AzureFunctionMetadata {
  readonly name: string;
  readonly bindings: Readonly<Record<string, AzureBinding>>;
  readonly retryOptions?: {
    readonly strategy: "exponentialBackoff";
    readonly retryStrategy: "exponentialBackoff";
    readonly maxRetryCount: number;
    readonly minimumInterval: { readonly seconds: number };
    readonly maximumInterval: { readonly seconds: number };
  };
}

/** What the worker hands the invocation model (`CoreInvocationContext`). */
export interface AzureCoreInvocationContext {
  readonly invocationId: string;
  readonly metadata: AzureFunctionMetadata;
  readonly request: {
    readonly inputData?:
      readonly { readonly name?: string | null; readonly data?: AzureRpcTypedData | null }[] | null;
  };
}

/** The invocation model the worker drives for each invocation. */
export interface AzureInvocationModel {
  getArguments(): Promise<{ context: AzureInvocationContext; inputs: unknown[] }>;
  invokeFunction(
    context: AzureInvocationContext,
    inputs: unknown[],
    callback: AzureCallback,
  ): Promise<unknown>;
  getResponse(
    context: AzureInvocationContext,
    result: unknown,
  ): Promise<{ invocationId: string; outputData: never[]; returnValue?: AzureRpcTypedData }>;
}

/** The programming model the app sets once (`ProgrammingModel`). */
export interface AzureProgrammingModel {
  readonly name: string;
  readonly version: string;
  getInvocationModel(context: AzureCoreInvocationContext): AzureInvocationModel;
}

/** A registered function body: the trigger's inputs, then the context. */
export type AzureCallback = (...args: never[]) => unknown;

/** The part of `@azure/functions-core` the app calls. */
export interface AzureCore {
  setProgrammingModel(model: AzureProgrammingModel): void;
  registerFunction(metadata: AzureFunctionMetadata, callback: AzureCallback): unknown;
}

/** The programming model's name and version, as the worker logs them. */
export const PROGRAMMING_MODEL = { name: "tachyon", version: "1.0.0" } as const;

const TRIGGER = "trigger";
const RETURN = "$return";

/** The worker's core API; the bundler leaves `@azure/functions-core` external. */
export function loadAzureCore(): AzureCore {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- provided by the worker, not on npm
  return require("@azure/functions-core") as AzureCore;
}

/**
 * An {@link AzureApp} registering with the worker's core API: sets the programming model on
 * the first registration, as `@azure/functions`' `app.generic` does.
 */
export function coreApp(core: AzureCore): AzureApp {
  let modelSet = false;
  const register = (metadata: AzureFunctionMetadata, callback: AzureCallback): void => {
    if (!modelSet) {
      core.setProgrammingModel(programmingModel());
      modelSet = true;
    }
    core.registerFunction(metadata, callback);
  };
  return {
    http(name, { handler, ...options }) {
      register(
        {
          name,
          bindings: {
            [TRIGGER]: {
              ...options,
              type: "httpTrigger",
              direction: "in",
              properties: NOT_DEFERRED,
            },
            [RETURN]: { type: "http", direction: "out" },
          },
        },
        handler,
      );
    },
    serviceBusQueue(name, { handler, ...options }) {
      register(
        {
          name,
          bindings: {
            [TRIGGER]: {
              ...options,
              type: "serviceBusTrigger",
              direction: "in",
              properties: NOT_DEFERRED,
            },
          },
        },
        handler,
      );
    },
    eventHub(name, { handler, retry, ...options }) {
      register(
        {
          name,
          bindings: {
            [TRIGGER]: {
              ...options,
              type: "eventHubTrigger",
              direction: "in",
              properties: NOT_DEFERRED,
            },
          },
          // RpcDuration in whole seconds, as toRpcDuration rounds.
          retryOptions: {
            strategy: retry.strategy,
            retryStrategy: retry.strategy,
            maxRetryCount: retry.maxRetryCount,
            minimumInterval: { seconds: Math.round(retry.minimumInterval / 1000) },
            maximumInterval: { seconds: Math.round(retry.maximumInterval / 1000) },
          },
        },
        handler,
      );
    },
  };
}

const NOT_DEFERRED = { supportsDeferredBinding: "false" } as const;

/** The programming model: one invocation model per invocation. */
export function programmingModel(): AzureProgrammingModel {
  return { ...PROGRAMMING_MODEL, getInvocationModel: invocationModel };
}

function invocationModel(core: AzureCoreInvocationContext): AzureInvocationModel {
  const http = core.metadata.bindings[TRIGGER]?.type === "httpTrigger";
  return {
    getArguments() {
      const inputs = (core.request.inputData ?? [])
        .filter((binding) => binding.name === TRIGGER)
        .map((binding) => (http ? httpRequest(binding.data?.http) : fromTyped(binding.data)));
      return Promise.resolve({ context: { invocationId: core.invocationId }, inputs });
    },
    async invokeFunction(context, inputs, callback) {
      return await (callback as (...args: unknown[]) => unknown)(...inputs, context);
    },
    getResponse(_context, result) {
      // An HTTP function answers through its `$return` binding; any other hands its return
      // value back to the host, which ignores it (InvocationModel.getResponse).
      const returnValue = http ? toRpcHttp(result) : { json: JSON.stringify(result ?? null) };
      return Promise.resolve({ invocationId: core.invocationId, outputData: [], returnValue });
    },
  };
}

/** The request the HTTP adapter reads, over the RPC request. */
export function httpRequest(data: AzureRpcHttp | null | undefined): AzureHttpRequest {
  const headers = new Map(
    Object.entries(data?.headers ?? {}).map(([key, value]) => [key.toLowerCase(), value]),
  );
  const body = data?.body;
  const bytes = body?.bytes
    ? Uint8Array.from(body.bytes)
    : new TextEncoder().encode(body?.string ?? "");
  return {
    method: (data?.method ?? "GET").toUpperCase(),
    url: data?.url ?? "",
    headers: { get: (name) => headers.get(name.toLowerCase()) ?? null },
    arrayBuffer: () => Promise.resolve(bytes.slice().buffer),
  };
}

function toRpcHttp(result: unknown): AzureRpcTypedData {
  const reply = result as { status: number; headers: Record<string, string>; body: Uint8Array };
  return {
    http: {
      statusCode: String(reply.status),
      headers: { ...reply.headers },
      cookies: [],
      enableContentNegotiation: false,
      body: { bytes: Buffer.from(reply.body) },
    },
  };
}

/** An RPC value as `@azure/functions` hands it to a non-HTTP handler (fromRpcTypedData). */
export function fromTyped(data: AzureRpcTypedData | null | undefined): unknown {
  if (!data) return undefined;
  if (data.string != null) return jsonOrString(data.string);
  if (data.json != null) return JSON.parse(data.json) as unknown;
  if (data.bytes != null) return Buffer.from(data.bytes);
  if (data.stream != null) return Buffer.from(data.stream);
  if (data.collectionBytes?.bytes != null)
    return data.collectionBytes.bytes.map((b) => Buffer.from(b));
  if (data.collectionString?.string != null) return data.collectionString.string.map(jsonOrString);
  return undefined;
}

function jsonOrString(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
