import assert from "node:assert/strict";
import fc from "fast-check";
import { createCodec, encode } from "../../../functions/lib/codec";
import type { Tick } from "../../../functions/trading/tick";
import { encodeTicks } from "../../../functions/trading/tick-codec";

const hex = (bytes: Uint8Array | undefined): string =>
  bytes === undefined ? "undefined" : Buffer.from(bytes).toString("hex");

/** Every number class msgpackr distinguishes: fixints, 8/16/32-bit, negatives, floats, edges. */
const number = fc.oneof(
  fc.integer({ min: -40, max: 80 }),
  fc.integer({ min: -0x8001, max: 0x10001 }),
  fc.integer({ min: -0x80000001, max: 0x100000001 }),
  fc.constantFrom(0x3f, 0x40, 0xff, 0x100, 0xffff, 0x10000, 2 ** 32 - 1, 2 ** 32, -0x20, -0x21),
  fc.constantFrom(-0, NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER, 34_200_000_000_000),
  fc.double(),
);
const nullable = fc.option(number, { nil: null });
const ascii = fc.string({ unit: fc.integer({ min: 0, max: 0x7f }).map(String.fromCharCode) });

/** A tick built with the normalisers' literal key order. */
const tick = (venue: fc.Arbitrary<string>, symbol: fc.Arbitrary<string>): fc.Arbitrary<Tick> =>
  fc
    .tuple(
      venue,
      symbol,
      number,
      number,
      nullable,
      nullable,
      nullable,
      nullable,
      nullable,
      nullable,
    )
    .map(([v, s, seq, ts, bid, bidSize, ask, askSize, last, lastSize]) => ({
      venue: v,
      symbol: s,
      seq,
      ts,
      bid,
      bidSize,
      ask,
      askSize,
      last,
      lastSize,
    }));

describe("functions/trading/tick-codec", () => {
  const quote: Tick = {
    venue: "NASDAQ",
    symbol: "S001",
    seq: 5,
    ts: 34_200_000_001_000,
    bid: 50.99,
    bidSize: 100,
    ask: 51.01,
    askSize: 200,
    last: null,
    lastSize: null,
  };

  it("writes a quote tick as a fixarray of one record: id 0x40, fixstrs, float64 prices", () => {
    assert.equal(
      hex(encodeTicks([quote])),
      "9140a64e4153444151a45330303105cb42bf1aced9f3e800cb40497eb851eb851fcc64cb40498147ae147ae1ccc8c0c0",
    );
  });

  it("writes the bytes msgpackr writes for any batch of ASCII ticks", () => {
    fc.assert(
      fc.property(
        fc.array(
          tick(
            ascii.filter((s) => s.length < 32),
            ascii,
          ),
          { maxLength: 40 },
        ),
        (t) => {
          assert.equal(hex(encodeTicks(t)), hex(encode(t)));
        },
      ),
      { numRuns: 500 },
    );
  });

  it("round-trips through a fresh decoder (-0 reads back as 0, as msgpack has no -0 integer)", () => {
    fc.assert(
      fc.property(
        fc.array(tick(fc.constant("NASDAQ"), fc.constant("AAPL")), { maxLength: 20 }),
        (t) => {
          const bytes = encodeTicks(t);
          assert.ok(bytes);
          const zero = (v: number | null): number | null => (Object.is(v, -0) ? 0 : v);
          const expected = t.map((x) => ({
            ...x,
            seq: zero(x.seq),
            ts: zero(x.ts),
            bid: zero(x.bid),
            bidSize: zero(x.bidSize),
            ask: zero(x.ask),
            askSize: zero(x.askSize),
            last: zero(x.last),
            lastSize: zero(x.lastSize),
          }));
          assert.deepEqual(createCodec().decode(bytes), expected);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("uses array16 from 16 ticks on", () => {
    const bytes = encodeTicks(Array.from({ length: 16 }, () => quote));
    assert.equal(hex(bytes?.subarray(0, 4)), "dc001040");
  });

  const outside: [string, Partial<Record<keyof Tick, unknown>>][] = [
    ["a non-ASCII symbol", { symbol: "É" }],
    ["a venue of 32 characters", { venue: "V".repeat(32) }],
    ["a string price", { bid: "50.99" }],
    ["an undefined size", { askSize: undefined }],
  ];
  for (const [name, change] of outside) {
    it(`leaves a batch with ${name} to the general codec (undefined)`, () => {
      assert.equal(encodeTicks([quote, { ...quote, ...change } as Tick]), undefined);
    });
  }

  it("hands out batches that later batches never overwrite", () => {
    const first = encodeTicks([quote]);
    const copy = hex(first);
    for (let i = 0; i < 20_000; i++) encodeTicks([{ ...quote, seq: i + 1000 }]);
    assert.equal(hex(first), copy);
  });

  it("encodes a batch larger than a slab", () => {
    const many = Array.from({ length: 3000 }, (_, i) => ({ ...quote, seq: i, symbol: "LONGSYMB" }));
    assert.equal(hex(encodeTicks(many)), hex(encode(many)));
  });
});
