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
