import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import {
  canonical,
  contains,
  firstAddress,
  formatCidr,
  isCanonical,
  isPrivate,
  lastAddress,
  overlaps,
  parseCidr,
  type Cidr,
} from "../../model/cidr";

// Reference model in BigInt: a block is the closed interval [start, end] of 32-bit addresses.
function range(c: Cidr): [bigint, bigint] {
  const size = 1n << BigInt(32 - c.prefix);
  const start = (BigInt(c.base) / size) * size;
  return [start, start + size - 1n];
}
const refOverlaps = (a: Cidr, b: Cidr): boolean => {
  const [s1, e1] = range(a);
  const [s2, e2] = range(b);
  return s1 <= e2 && s2 <= e1;
};
const refContains = (outer: Cidr, inner: Cidr): boolean => {
  const [s1, e1] = range(outer);
  const [s2, e2] = range(inner);
  return s1 <= s2 && e2 <= e1;
};
const PRIVATE: [bigint, bigint][] = [
  [0x0a000000n, 0x0affffffn],
  [0xac100000n, 0xac1fffffn],
  [0xc0a80000n, 0xc0a8ffffn],
];
const refPrivate = (c: Cidr): boolean => {
  const [s, e] = range(c);
  return PRIVATE.some(([ps, pe]) => ps <= s && e <= pe);
};

const address = fc.integer({ min: 0, max: 0xffffffff });
const cidr = fc.record({ base: address, prefix: fc.integer({ min: 0, max: 32 }) });
// Blocks near each other, so that overlaps are common rather than vanishingly rare.
const nearPair = fc
  .tuple(
    address,
    fc.integer({ min: 0, max: 32 }),
    fc.integer({ min: 0, max: 32 }),
    fc.integer({ min: -512, max: 512 }),
  )
  .map(([base, p1, p2, delta]): [Cidr, Cidr] => [
    { base, prefix: p1 },
    { base: Math.min(0xffffffff, Math.max(0, base + delta)), prefix: p2 },
  ]);

describe("model/cidr", () => {
  describe("parseCidr", () => {
    const cases: [string, Cidr | undefined][] = [
      ["10.10.0.0/16", { base: 0x0a0a0000, prefix: 16 }],
      ["0.0.0.0/0", { base: 0, prefix: 0 }],
      ["255.255.255.255/32", { base: 0xffffffff, prefix: 32 }],
      ["192.168.1.7/24", { base: 0xc0a80107, prefix: 24 }],
      ["10.10.0.0", undefined],
      ["10.10.0/16", undefined],
      ["10.10.0.0/33", undefined],
      ["256.0.0.0/8", undefined],
      ["010.0.0.0/8", undefined],
      ["10.0.0.0/08", undefined],
      [" 10.0.0.0/8", undefined],
      ["10.0.0.0/-1", undefined],
    ];
    for (const [text, expected] of cases) {
      it(`parses ${JSON.stringify(text)} as ${JSON.stringify(expected)}`, () => {
        assert.deepEqual(parseCidr(text), expected);
      });
    }

    it("round-trips every block through formatCidr", () => {
      fc.assert(fc.property(cidr, (c) => assert.deepEqual(parseCidr(formatCidr(c)), { ...c })));
    });
  });

  describe("contains, overlaps and isPrivate against a BigInt interval model", () => {
    it("agrees on overlaps for random blocks", () => {
      fc.assert(
        fc.property(cidr, cidr, (a, b) => overlaps(a, b) === refOverlaps(a, b)),
        {
          numRuns: 2000,
        },
      );
    });

    it("agrees on overlaps and contains for nearby blocks", () => {
      fc.assert(
        fc.property(nearPair, ([a, b]) => {
          assert.equal(overlaps(a, b), refOverlaps(a, b));
          assert.equal(contains(a, b), refContains(a, b));
        }),
        { numRuns: 5000 },
      );
    });

    it("agrees on isPrivate", () => {
      const nearPrivate = fc
        .tuple(
          fc.constantFrom(0x0a000000, 0xac100000, 0xc0a80000),
          fc.integer({ min: -(2 ** 21), max: 2 ** 21 }),
          fc.integer({ min: 4, max: 32 }),
        )
        .map(([b, d, prefix]) => ({ base: (b + d) >>> 0, prefix }));
      fc.assert(
        fc.property(fc.oneof(cidr, nearPrivate), (c) => isPrivate(c) === refPrivate(c)),
        {
          numRuns: 3000,
        },
      );
    });

    it("agrees with brute-force enumeration of addresses for small blocks", () => {
      const small = fc
        .tuple(
          fc.integer({ min: 0, max: 1023 }),
          fc.integer({ min: 24, max: 32 }),
          fc.integer({ min: 24, max: 32 }),
          fc.integer({ min: -600, max: 600 }),
        )
        .map(([base, p1, p2, d]): [Cidr, Cidr] => [
          { base: 0x0a000000 + base, prefix: p1 },
          { base: 0x0a000000 + Math.max(0, base + d), prefix: p2 },
        ]);
      fc.assert(
        fc.property(small, ([a, b]) => {
          const addresses = (c: Cidr): Set<number> => {
            const out = new Set<number>();
            for (let x = firstAddress(c); x <= lastAddress(c); x++) out.add(x);
            return out;
          };
          const sa = addresses(a);
          const sb = addresses(b);
          const shared = [...sa].some((x) => sb.has(x));
          assert.equal(overlaps(a, b), shared);
          assert.equal(
            contains(a, b),
            [...sb].every((x) => sa.has(x)),
          );
        }),
        { numRuns: 1000 },
      );
    });

    it("makes overlap symmetric and every block contain its canonical form", () => {
      fc.assert(
        fc.property(cidr, cidr, (a, b) => {
          assert.equal(overlaps(a, b), overlaps(b, a));
          assert.ok(contains(a, canonical(a)) && contains(canonical(a), a));
          assert.ok(isCanonical(canonical(a)));
        }),
      );
    });
  });

  describe("table", () => {
    const cases: [string, string, boolean, boolean][] = [
      // outer, inner, contains(outer, inner), overlaps
      ["10.10.0.0/16", "10.10.128.0/17", true, true],
      ["10.10.128.0/17", "10.10.0.0/16", false, true],
      ["10.10.0.0/16", "10.11.0.0/16", false, false],
      ["10.0.0.0/8", "10.255.255.0/24", true, true],
      ["172.16.0.0/12", "172.32.0.0/16", false, false],
      ["0.0.0.0/0", "192.168.0.0/16", true, true],
    ];
    for (const [a, b, c, o] of cases) {
      it(`${a} ${c ? "contains" : "does not contain"} ${b} and ${o ? "overlaps" : "does not overlap"} it`, () => {
        const x = parseCidr(a) as Cidr;
        const y = parseCidr(b) as Cidr;
        assert.equal(contains(x, y), c);
        assert.equal(overlaps(x, y), o);
      });
    }

    const privacy: [string, boolean][] = [
      ["10.0.0.0/8", true],
      ["9.255.255.0/24", false],
      ["172.16.0.0/12", true],
      ["172.31.255.0/24", true],
      ["172.32.0.0/16", false],
      ["172.0.0.0/8", false],
      ["192.168.0.0/16", true],
      ["192.168.0.0/15", false],
      ["100.64.0.0/10", false],
    ];
    for (const [text, expected] of privacy) {
      it(`judges ${text} ${expected ? "private" : "not private"}`, () => {
        assert.equal(isPrivate(parseCidr(text) as Cidr), expected);
      });
    }
  });
});
