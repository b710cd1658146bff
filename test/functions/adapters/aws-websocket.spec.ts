import assert from "node:assert/strict";
import { toLambda } from "../../../functions/adapters/aws";
import type { WebSocketResult } from "../../../functions/adapters/aws-websocket";
import { createCodec } from "../../../functions/lib/codec";
import type { FunctionHandler } from "../../../functions/lib/handler";
import { Book } from "../../../functions/portfolio/book";
import { portfolioValueFunction } from "../../../functions/portfolio/value";
import { captureLogs, fixture } from "./fixtures";

/** A book holding 10 AAPL bought at 189 in `pf-growth`. */
function bookWithPosition(): Book {
  const book = new Book(0.05);
  book.applyEvent({
    kind: "position",
    portfolio: "pf-growth",
    eventId: "e1",
    symbol: "AAPL",
    quantityDelta: 10,
    price: 189,
    ts: 1_794_127_380_000,
  });
  return book;
}

/** The portfolio function with every call of `parse` and `handle` counted. */
function counted(book: Book): { handler: FunctionHandler; calls: () => number } {
  const inner: FunctionHandler = portfolioValueFunction(book);
  let calls = 0;
  return {
    handler: {
      ...inner,
      parse: (payload) => {
        calls += 1;
        return inner.parse(payload);
      },
      handle: (input) => {
        calls += 1;
        return inner.handle(input);
      },
    },
    calls: () => calls,
  };
}

/** The recorded `$default` event carrying `body` instead of its own. */
function message(body: unknown, isBase64Encoded = false): Record<string, unknown> {
  return { ...fixture("aws-websocket-message"), body, isBase64Encoded };
}

async function send(
  handler: FunctionHandler,
  event: unknown,
): Promise<{ result: WebSocketResult; logs: Record<string, unknown>[] }> {
  let result: unknown;
  const logs = await captureLogs(async () => {
    result = await toLambda(handler)(event);
  });
  return { result: result as WebSocketResult, logs };
}

describe("functions/adapters/aws-websocket", () => {
  it("accepts the recorded $connect with 200 without touching the handler or logging", async () => {
    const { handler, calls } = counted(bookWithPosition());
    const { result, logs } = await send(handler, fixture("aws-websocket-connect"));
    assert.deepEqual(result, { statusCode: 200 });
    assert.equal(calls(), 0);
    assert.deepEqual(logs, []);
  });

  it("answers the recorded $disconnect with 200 without touching the handler or logging", async () => {
    const { handler, calls } = counted(bookWithPosition());
    const { result, logs } = await send(handler, fixture("aws-websocket-disconnect"));
    assert.deepEqual(result, { statusCode: 200 });
    assert.equal(calls(), 0);
    assert.deepEqual(logs, []);
  });

  it("answers the recorded $default revaluation request with the valuation as JSON", async () => {
    const { handler } = counted(bookWithPosition());
    const { result, logs } = await send(handler, fixture("aws-websocket-message"));
    assert.equal(result.statusCode, 200);
    assert.deepEqual(JSON.parse(result.body ?? ""), {
      prices: 0,
      events: 0,
      duplicates: 0,
      options: 0,
      valuations: [
        {
          portfolio: "pf-growth",
          value: 1890,
          asOf: 1_794_127_380_000,
          positions: [{ symbol: "AAPL", quantity: 10, value: 1890 }],
        },
      ],
    });
    assert.deepEqual(
      logs.map((l) => [l.message, l.function, l.source, l.routeKey, l.connectionId]),
      [["handled", "portfolio-value", "websocket", "$default", "Vq3mXdJ3LPECJ5Q="]],
    );
  });

  it("takes msgpack sent as base64 text and answers in base64 msgpack", async () => {
    const book = bookWithPosition();
    const { handler } = counted(book);
    const codec = createCodec();
    const batch = [
      { kind: "price", symbol: "AAPL", price: 190.1, ts: 1_794_127_500_000 },
      { kind: "revalue", portfolio: "pf-growth" },
    ];
    const body = Buffer.from(codec.encode(batch)).toString("base64");
    const { result } = await send(handler, message(body));
    assert.equal(result.statusCode, 200);
    assert.deepEqual(codec.decode(Buffer.from(result.body ?? "", "base64")), {
      prices: 1,
      events: 0,
      duplicates: 0,
      options: 0,
      valuations: [
        {
          portfolio: "pf-growth",
          value: 1901,
          asOf: 1_794_127_500_000,
          positions: [{ symbol: "AAPL", quantity: 10, value: 1901 }],
        },
      ],
    });
  });

  it("reads a frame API Gateway marks base64-encoded, JSON inside, and answers JSON", async () => {
    const { handler } = counted(bookWithPosition());
    const json = JSON.stringify({ kind: "revalue", portfolio: "pf-growth" });
    const { result } = await send(handler, message(Buffer.from(json).toString("base64"), true));
    assert.equal(result.statusCode, 200);
    assert.equal((JSON.parse(result.body ?? "") as { prices: number }).prices, 0);
  });

  const rejected: [string, unknown, number, string, string][] = [
    [
      "a message of an unknown kind",
      JSON.stringify({ kind: "buy", portfolio: "pf-growth" }),
      400,
      "bad_input",
      'message.kind: must be one of price, position, option, revalue, got "buy". Set "kind" to one of those.',
    ],
    [
      "a price that is not positive",
      JSON.stringify({ kind: "price", symbol: "AAPL", price: -1, ts: 1_794_127_500_000 }),
      400,
      "bad_input",
      'message.price: must be greater than 0, got -1. Send a positive "price".',
    ],
    [
      "text that is neither JSON nor base64",
      "revalue pf-growth",
      400,
      "bad_input",
      'body: is neither JSON nor base64 text, got "revalue pf-growth". Send a JSON object or array, or msgpack encoded as base64.',
    ],
    [
      "a JSON frame cut short",
      '{"kind":"revalue","portfolio":',
      400,
      "bad_input",
      "payload: is not valid JSON, got 30 bytes. Send one JSON document.",
    ],
    [
      "an empty frame",
      "",
      400,
      "bad_input",
      'body: must be a JSON or base64 msgpack text frame, got "". Send one message per frame.',
    ],
    [
      "no body at all",
      null,
      400,
      "bad_input",
      "body: must be a JSON or base64 msgpack text frame, got null. Send one message per frame.",
    ],
  ];
  for (const [what, body, status, code, reason] of rejected) {
    it(`rejects ${what} on $default with ${status} and the reason, changing nothing`, async () => {
      const book = bookWithPosition();
      const { handler } = counted(book);
      const before = JSON.stringify(book.valuation("pf-growth"));
      const { result, logs } = await send(handler, message(body));
      assert.deepEqual(result, {
        statusCode: status,
        body: JSON.stringify({ error: { code, message: reason } }),
      });
      assert.equal(JSON.stringify(book.valuation("pf-growth")), before);
      assert.deepEqual(book.stats, { portfolios: 1, prices: 0, options: 0, events: 1 });
      assert.deepEqual(
        logs.map((l) => [l.message, l.code]),
        [["rejected", code]],
      );
    });
  }

  it("rejects a frame larger than the function accepts with 413 before decoding it", async () => {
    const { handler, calls } = counted(bookWithPosition());
    const { result } = await send(handler, message(`[${"1,".repeat(300_000)}1]`));
    assert.equal(result.statusCode, 413);
    assert.equal(
      (JSON.parse(result.body ?? "") as { error: { code: string } }).error.code,
      "payload_too_large",
    );
    assert.equal(calls(), 0);
  });

  it("answers an event type API Gateway does not send with 400, untouched", async () => {
    const { handler, calls } = counted(bookWithPosition());
    const event = fixture("aws-websocket-message");
    event.requestContext.eventType = "PING";
    const { result, logs } = await send(handler, event);
    assert.deepEqual(result, {
      statusCode: 400,
      body: JSON.stringify({
        error: {
          code: "bad_input",
          message:
            'requestContext.eventType: must be CONNECT, MESSAGE or DISCONNECT, got "PING". Route only WebSocket events to the function.',
        },
      }),
    });
    assert.equal(calls(), 0);
    assert.deepEqual(logs, []);
  });
});
