import assert from "node:assert/strict";
import fc from "fast-check";
import { parseFrame, parseFrameDataView } from "../../../functions/trading/frame";
import { writeFrame, type FrameMessage } from "../../../functions/trading/frame-writer";

const SAMPLE: FrameMessage[] = [
  { type: "S", ts: 34_199_000_000_000, event: "Q" },
  {
    type: "Q",
    locate: 13,
    ts: 34_200_000_123_456,
    symbol: "AAPL",
    bid: 189.5,
    bidSize: 300,
    ask: 189.52,
    askSize: 200,
  },
  {
    type: "P",
    locate: 13,
    ts: 34_200_000_223_456,
    symbol: "AAPL",
    side: "B",
    price: 189.52,
    size: 100,
    match: 880011,
  },
];

const PARSERS = [
  ["parseFrame", parseFrame],
  ["parseFrameDataView", parseFrameDataView],
] as const;

describe("functions/trading/frame", () => {
  for (const [name, parse] of PARSERS) {
    describe(name, () => {
      it("parses quotes and trades with sequence numbers, skipping system events", () => {
        assert.deepEqual(parse(writeFrame("TACHYON001", 41, SAMPLE)), {
          session: "TACHYON001",
          seq: 41,
          count: 3,
          events: [
            {
              type: "Q",
              seq: 42,
              ts: 34_200_000_123_456,
              symbol: "AAPL",
              bid: 189.5,
              bidSize: 300,
              ask: 189.52,
              askSize: 200,
            },
            {
              type: "P",
              seq: 43,
              ts: 34_200_000_223_456,
              symbol: "AAPL",
              side: "B",
              price: 189.52,
              size: 100,
              match: 880011,
            },
          ],
        });
      });

      it("skips a message of an unknown type by its length", () => {
        const frame = writeFrame("S1", 1, SAMPLE.slice(1, 2));
        const unknown = Uint8Array.from([0x00, 0x03, 0x5a, 0x01, 0x02]);
        const joined = new Uint8Array([...frame, ...unknown]);
        joined[19] = 2;
        assert.equal(parse(joined).events.length, 1);
      });

      const whole = writeFrame("TACHYON001", 1, SAMPLE);
      const bad: [string, Uint8Array, string][] = [
        [
          "a frame shorter than its header",
          whole.slice(0, 12),
          "frame.header: is truncated: needs 20 bytes but the frame has 12, got 12 bytes. Send whole MoldUDP64 packets.",
        ],
        [
          "a frame cut inside a message",
          whole.slice(0, 60),
          "frame.messages[1]: is truncated: needs 71 bytes but the frame has 60, got 60 bytes. Send whole MoldUDP64 packets.",
        ],
        [
          "trailing bytes",
          new Uint8Array([...whole, 0]),
          "frame: has 1 bytes after its last message, got 118 bytes. Set the header's message count to the messages sent.",
        ],
        [
          "a non-binary payload",
          "hello" as unknown as Uint8Array,
          'frame: must be binary, got "hello". Send the raw packet bytes.',
        ],
      ];
      for (const [what, bytes, message] of bad) {
        it(`rejects ${what}`, () => {
          assert.throws(() => parse(bytes), { name: "BadInputError", message });
        });
      }

      it("rejects a quote of the wrong length and a zero price", () => {
        const frame = writeFrame("S1", 1, SAMPLE.slice(1, 2));
        const short = frame.slice();
        short[21] = 34;
        assert.throws(() => parse(short.slice(0, short.length - 1)), {
          message:
            'frame.messages[0].length: must be 35 for type "Q", got 34. Send messages of the documented layout.',
        });
        const zero = writeFrame("S1", 1, [
          { ...(SAMPLE[1] as FrameMessage & { type: "Q" }), bid: 0 },
        ]);
        assert.throws(() => parse(zero), {
          message: "frame.messages[0].price: must be greater than 0, got 0. Send a positive price.",
        });
      });
    });
  }

  it("gives the same result as the DataView baseline on any valid frame", () => {
    const symbol = fc.stringMatching(/^[A-Z]{1,8}$/);
    const price = fc.integer({ min: 1, max: 2 ** 32 - 1 }).map((p) => p / 1e4);
    const ts = fc.integer({ min: 0, max: 86_400 * 1e9 });
    const message: fc.Arbitrary<FrameMessage> = fc.oneof(
      fc.record({
        type: fc.constant("Q" as const),
        locate: fc.integer({ min: 0, max: 65535 }),
        ts,
        symbol,
        bid: price,
        bidSize: fc.nat(),
        ask: price,
        askSize: fc.nat(),
      }),
      fc.record({
        type: fc.constant("P" as const),
        locate: fc.integer({ min: 0, max: 65535 }),
        ts,
        symbol,
        side: fc.constantFrom("B" as const, "S" as const),
        price,
        size: fc.nat(),
        match: fc.nat(),
      }),
      fc.record({
        type: fc.constant("S" as const),
        ts,
        event: fc.constantFrom("O", "S", "Q", "M", "E", "C"),
      }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 40 }),
        fc.array(message, { maxLength: 30 }),
        (seq, messages) => {
          const frame = writeFrame("FUZZ", seq, messages);
          assert.deepEqual(parseFrame(frame), parseFrameDataView(frame));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("never returns a stale symbol when a locate code is reused for another symbol", () => {
    const first = writeFrame("S", 1, [
      { ...(SAMPLE[1] as FrameMessage & { type: "Q" }), locate: 9, symbol: "MSFT" },
    ]);
    const second = writeFrame("S", 2, [
      { ...(SAMPLE[1] as FrameMessage & { type: "Q" }), locate: 9, symbol: "NVDA" },
    ]);
    assert.equal(parseFrame(first).events[0]?.symbol, "MSFT");
    assert.equal(parseFrame(second).events[0]?.symbol, "NVDA");
  });
});
