import assert from "node:assert/strict";
import fc from "fast-check";
import { toLambda } from "../../functions/adapters/aws";
import { azureEventHub, azureHealth, azureHttp } from "../../functions/adapters/azure";
import { toGcp, type GcpResponse } from "../../functions/adapters/gcp";
import { MemoryFeatureCache } from "../../functions/fraud/cache";
import { parseTransaction } from "../../functions/fraud/features";
import { fraudScoreFunction } from "../../functions/fraud/score";
import { decode } from "../../functions/lib/codec";
import { BadInputError } from "../../functions/lib/errors";
import type { FunctionHandler } from "../../functions/lib/handler";
import { setSink } from "../../functions/lib/log";
import { Book } from "../../functions/portfolio/book";
import { parsePortfolioMessages } from "../../functions/portfolio/messages";
import { portfolioValueFunction } from "../../functions/portfolio/value";
import { parseFrame, parseFrameDataView } from "../../functions/trading/frame";
import { MemoryTickSink, normalizeFunction } from "../../functions/trading/normalize";
import { parseOrder } from "../../functions/trading/order";
import { MemoryPositionBook } from "../../functions/trading/execute";
import { InMemoryIdempotencyStore } from "../../functions/lib/idempotency";
import { orderFunction } from "../../functions/trading/order-function";
import { SimulatedVenue } from "../../functions/trading/venue";

/** A handler with a fingerprint of every piece of state it could change. */
interface Target {
  readonly name: string;
  make(): { handler: FunctionHandler; state: () => string };
}

const TARGETS: Target[] = [
  {
    name: "normalize",
    make() {
      const sink = new MemoryTickSink();
      const handler = normalizeFunction({ venue: "NASDAQ", sink });
      return { handler, state: () => `${handler.normalizer.symbols}/${sink.batches.length}` };
    },
  },
  {
    name: "order",
    make() {
      const venue = new SimulatedVenue("SIM").quote("AAPL", { bid: 1, ask: 2, size: 10 });
      const store = new InMemoryIdempotencyStore();
      const positions = new MemoryPositionBook();
      const handler = orderFunction({
        store: () => store,
        venues: () => new Map([["SIM", venue]]),
        positions,
      });
      return { handler, state: () => `${venue.submissions.size}/${store.size}` };
    },
  },
  {
    name: "fraud-score",
    make() {
      const cache = new MemoryFeatureCache();
      return {
        handler: fraudScoreFunction({ cache: () => cache }),
        state: () => String(cache.size),
      };
    },
  },
  {
    name: "portfolio-value",
    make() {
      const book = new Book();
      return { handler: portfolioValueFunction(book), state: () => JSON.stringify(book.stats) };
    },
  },
];

const sink: GcpResponse = { status: () => sink, set: () => sink, send: () => undefined };
const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString("base64");
/** A method for a probe of the health path, chosen by the fuzzed bytes. */
const method = (bytes: Uint8Array): string =>
  ["GET", "HEAD", "POST", "PUT", "DELETE"][bytes.byteLength % 5] ?? "GET";
const elb = {
  elb: { targetGroupArn: "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/t/1" },
};

/**
 * A WebSocket route event as API Gateway sends it; every answer must carry a numeric
 * `statusCode`, which API Gateway needs to accept a connection or relay a reply.
 */
async function webSocket(
  h: FunctionHandler,
  eventType: string,
  body: string,
  isBase64Encoded: boolean,
): Promise<unknown> {
  const routeKey = { CONNECT: "$connect", DISCONNECT: "$disconnect" }[eventType] ?? "$default";
  const result = (await toLambda(h)({
    requestContext: {
      routeKey,
      eventType,
      connectionId: "Vq3mXdJ3LPECJ5Q=",
      domainName: "k7x2m4q9ab.execute-api.eu-west-2.amazonaws.com",
      stage: "live",
    },
    body,
    isBase64Encoded,
  })) as { statusCode?: unknown };
  assert.equal(typeof result.statusCode, "number");
  return result;
}

/** Every way an input reaches a handler: each cloud's adapter and event shape. */
const ADAPTERS: [
  string,
  (h: FunctionHandler, bytes: Uint8Array, json: unknown) => Promise<unknown>,
][] = [
  [
    "Lambda ALB (binary body)",
    (h, bytes) =>
      toLambda(h)({
        requestContext: elb,
        httpMethod: "POST",
        path: "/",
        headers: { "content-type": "application/msgpack" },
        body: b64(bytes),
        isBase64Encoded: true,
      }),
  ],
  [
    "Lambda ALB (JSON body)",
    (h, _b, json) =>
      toLambda(h)({
        requestContext: elb,
        httpMethod: "POST",
        path: "/",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(json) ?? "",
        isBase64Encoded: false,
      }),
  ],
  [
    "Lambda ALB on /health (any method)",
    (h, bytes) =>
      toLambda(h)({
        requestContext: elb,
        httpMethod: method(bytes),
        path: "/health",
        headers: { "content-type": "application/msgpack" },
        body: b64(bytes),
        isBase64Encoded: true,
      }),
  ],
  [
    "Lambda Kinesis",
    (h, bytes) =>
      toLambda(h)({
        Records: [
          { eventSource: "aws:kinesis", kinesis: { sequenceNumber: "1", data: b64(bytes) } },
        ],
      }),
  ],
  [
    "Lambda SQS",
    (h, bytes, json) =>
      toLambda(h)({
        Records: [
          { eventSource: "aws:sqs", messageId: "m", body: JSON.stringify(json) ?? "" },
          {
            eventSource: "aws:sqs",
            messageId: "n",
            body: b64(bytes),
            messageAttributes: { contentType: { stringValue: "application/msgpack" } },
          },
        ],
      }),
  ],
  [
    "Lambda EventBridge",
    (h, _b, json) => toLambda(h)({ "detail-type": "x", source: "s", id: "i", detail: json }),
  ],
  [
    "Lambda WebSocket $default (base64 msgpack frame)",
    (h, bytes) => webSocket(h, "MESSAGE", b64(bytes), false),
  ],
  [
    "Lambda WebSocket $default (JSON frame)",
    (h, _b, json) => webSocket(h, "MESSAGE", JSON.stringify(json) ?? "", false),
  ],
  [
    "Lambda WebSocket $default (frame marked base64)",
    (h, bytes) => webSocket(h, "MESSAGE", b64(bytes), true),
  ],
  [
    "Lambda WebSocket $connect, $disconnect and unknown event types",
    (h, bytes, json) =>
      webSocket(
        h,
        ["CONNECT", "DISCONNECT", "PING", ""][bytes.byteLength % 4] ?? "CONNECT",
        JSON.stringify(json) ?? "",
        false,
      ),
  ],
  ["Lambda unknown event", (h, _b, json) => toLambda(h)(json)],
  [
    "Azure HTTP",
    (h, bytes) =>
      azureHttp(h)(
        {
          method: "POST",
          url: "https://x/api/f",
          headers: new Headers({ "content-type": "application/msgpack" }),
          arrayBuffer: () => Promise.resolve(Uint8Array.from(bytes).buffer),
        },
        { invocationId: "i" },
      ),
  ],
  [
    "Azure health route (any method)",
    (h, bytes) =>
      azureHealth(h)(
        {
          method: method(bytes),
          url: "https://x/api/health",
          headers: new Headers({ "content-type": "application/msgpack" }),
          arrayBuffer: () => Promise.resolve(Uint8Array.from(bytes).buffer),
        },
        { invocationId: "i" },
      ),
  ],
  [
    "Azure Event Hubs",
    (h, bytes, json) =>
      azureEventHub(h)([json, b64(bytes), Buffer.from(bytes)], { invocationId: "i" }),
  ],
  [
    "GCP HTTP (raw body)",
    (h, bytes) =>
      toGcp(h)(
        { method: "POST", headers: { "content-type": "application/msgpack" }, rawBody: bytes },
        sink,
      ),
  ],
  [
    "GCP HTTP (parsed JSON)",
    (h, _b, json) =>
      toGcp(h)(
        { method: "POST", headers: { "content-type": "application/json" }, body: json },
        sink,
      ),
  ],
  [
    "GCP HTTP on /health (any method)",
    (h, bytes, json) =>
      toGcp(h)(
        {
          method: method(bytes),
          path: "/health",
          headers: { "content-type": "application/json" },
          rawBody: bytes,
          body: json,
        },
        sink,
      ),
  ],
  [
    "GCP Pub/Sub push",
    (h, bytes) =>
      toGcp(h)(
        {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: {
            message: { data: b64(bytes), messageId: "1" },
            subscription: "projects/p/subscriptions/s",
          },
        },
        sink,
      ),
  ],
];

const bytes = fc.uint8Array({ maxLength: 300 });
const json = fc.jsonValue({ maxDepth: 3 });

describe("functions: fuzzing every decoder and handler", () => {
  let restore: ReturnType<typeof setSink>;
  before(() => {
    restore = setSink(() => undefined);
  });
  after(() => {
    setSink(restore);
  });

  const decoders: [string, (input: unknown) => unknown][] = [
    ["decode", (input) => decode(input as Uint8Array)],
    ["parseFrame", parseFrame],
    ["parseFrameDataView", parseFrameDataView],
    ["parseOrder", parseOrder],
    ["parseTransaction", parseTransaction],
    ["parsePortfolioMessages", parsePortfolioMessages],
  ];
  for (const [name, parse] of decoders) {
    it(`${name} either returns or throws a BadInputError on random bytes and JSON`, () => {
      fc.assert(
        fc.property(fc.oneof(bytes, json, fc.anything()), (input) => {
          try {
            parse(input);
          } catch (error) {
            assert.ok(error instanceof BadInputError, `${name} threw ${String(error)}`);
          }
        }),
        { numRuns: 400 },
      );
    });
  }

  it("the fast and DataView frame parsers accept and reject the same bytes", () => {
    fc.assert(
      fc.property(bytes, (input) => {
        const outcome = (parse: (b: unknown) => unknown): string => {
          try {
            return JSON.stringify(parse(input));
          } catch (error) {
            return (error as Error).message;
          }
        };
        assert.equal(outcome(parseFrame), outcome(parseFrameDataView));
      }),
      { numRuns: 500 },
    );
  });

  for (const target of TARGETS) {
    for (const [adapter, call] of ADAPTERS) {
      it(`${target.name} via ${adapter}: no throw escapes and no state changes`, async () => {
        const { handler, state } = target.make();
        const before = state();
        await fc.assert(
          fc.asyncProperty(bytes, json, async (b, j) => {
            await call(handler, b, j);
            assert.equal(state(), before);
          }),
          { numRuns: 60 },
        );
      });
    }
  }
});
