import assert from "node:assert/strict";
import { createCodec, decode, encode, MAX_MESSAGE_BYTES } from "../../../functions/lib/codec";

describe("functions/lib/codec", () => {
  const tick = {
    venue: "NASDAQ",
    symbol: "AAPL",
    seq: 7,
    ts: 34_200_000_123_456,
    bid: 189.5,
    bidSize: 300,
    ask: 189.52,
    askSize: 200,
    last: null,
    lastSize: null,
  };

  it("encodes a shared-structure message as values only, far smaller than JSON", () => {
    const bytes = encode(tick);
    assert.equal(bytes.byteLength, 48);
    assert.equal(Buffer.byteLength(JSON.stringify(tick)), 143);
  });

  it("decodes a shared-structure message in a process that never saw it (fresh codec)", () => {
    assert.deepEqual(createCodec().decode(encode(tick)), tick);
  });

  it("decodes each message on its own: a record one message defines is unknown to the next", () => {
    // d4 72 40: a record definition for structure id 0x40 (keys orderId, evil), then its values.
    const defines = Buffer.from("d4724092a76f726465724964a46576696ca17801", "hex");
    // 40: a record of structure 0x40 with values "y", 2, relying on the definition above.
    const relies = Buffer.from("40a17902", "hex");
    assert.deepEqual(decode(defines), { orderId: "x", evil: 1 });
    assert.throws(() => decode(relies), {
      message: "message: is not valid msgpack, got 4 bytes. Send one msgpack-encoded message.",
    });
  });

  it("puts back a shared structure that a message redefined before decoding the next", () => {
    // d4 72 41 redefines structure 0x41, the shared order structure, as (orderId, evil).
    const redefines = Buffer.from("d4724192a76f726465724964a46576696ca17801", "hex");
    assert.deepEqual(decode(redefines), { orderId: "x", evil: 1 });
    const order = {
      orderId: "o",
      account: "a",
      symbol: "S",
      side: "buy",
      type: "market",
      quantity: 1,
      limitPrice: null,
      venue: null,
    };
    assert.deepEqual(decode(createCodec().encode(order)), order);
  });

  it("round-trips a shape outside the shared structures by embedding its record definition", () => {
    const other = { hello: "world", n: [1, 2, 3] };
    assert.deepEqual(createCodec().decode(encode(other)), other);
  });

  const rejects: [string, Uint8Array, string, string][] = [
    [
      "empty input",
      new Uint8Array(),
      "message: must not be empty, got 0 bytes. Send one msgpack-encoded message.",
      "BadInputError",
    ],
    [
      "a truncated string",
      Uint8Array.from([0xa5, 0x61]),
      "message: is not valid msgpack, got 2 bytes. Send one msgpack-encoded message.",
      "BadInputError",
    ],
    [
      "two concatenated values",
      Uint8Array.from([0x01, 0x02]),
      "message: is not valid msgpack, got 2 bytes. Send one msgpack-encoded message.",
      "BadInputError",
    ],
    [
      "an oversized payload",
      new Uint8Array(MAX_MESSAGE_BYTES + 1),
      `message: must be at most ${MAX_MESSAGE_BYTES} bytes, got ${MAX_MESSAGE_BYTES + 1}. Split the payload or send fewer records per message.`,
      "PayloadTooLargeError",
    ],
  ];
  for (const [what, bytes, message, name] of rejects) {
    it(`rejects ${what} with a reason`, () => {
      assert.throws(() => decode(bytes), { name, message });
    });
  }
});
