import assert from "node:assert/strict";
import fc from "fast-check";
import { formatCidr, parseCidr, subnetCidr } from "../../../components/network/azure-cidr";

describe("subnetCidr", () => {
  const cases: [string, number, number, string][] = [
    ["10.30.0.0/16", 2, 0, "10.30.0.0/18"],
    ["10.30.0.0/16", 2, 1, "10.30.64.0/18"],
    ["10.30.0.0/16", 2, 2, "10.30.128.0/18"],
    ["10.30.0.0/16", 2, 3, "10.30.192.0/18"],
    ["172.16.8.0/22", 2, 3, "172.16.11.0/24"],
    ["10.30.5.7/16", 1, 1, "10.30.128.0/17"],
  ];
  for (const [cidr, bits, index, expected] of cases) {
    it(`cuts block ${index} of ${cidr} into ${expected}`, () => {
      assert.equal(subnetCidr(cidr, bits, index), expected);
    });
  }

  it("rejects a split smaller than /29", () => {
    assert.throws(
      () => subnetCidr("10.0.0.0/28", 2, 0),
      /cidr: 10.0.0.0\/28 is too small for 4 subnets, got \/30 blocks. Give the site a \/27 or larger range./,
    );
  });

  it("rejects an index outside the split", () => {
    assert.throws(() => subnetCidr("10.0.0.0/16", 2, 4), /index: must be 0..3, got 4/);
  });

  it("rejects a malformed block", () => {
    assert.throws(() => parseCidr("10.0.0/16"), /cidr: not an IPv4 CIDR block, got "10.0.0\/16"/);
    assert.throws(() => parseCidr("10.0.0.300/16"), /not an IPv4 CIDR block/);
  });

  it("keeps every block inside the site range and apart from its siblings", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 32 - 1 }),
        fc.integer({ min: 8, max: 26 }),
        fc.integer({ min: 1, max: 3 }),
        (address, prefix, bits) => {
          const site = formatCidr(address - (address % 2 ** (32 - prefix)), prefix);
          const { base } = parseCidr(site);
          const blocks = Array.from({ length: 2 ** bits }, (_, i) =>
            parseCidr(subnetCidr(site, bits, i)),
          );
          const size = 2 ** (32 - prefix - bits);
          blocks.forEach((b, i) => {
            assert.equal(b.prefix, prefix + bits);
            assert.equal(b.base, base + i * size);
          });
          const last = blocks[blocks.length - 1];
          assert.equal(last.base + size, base + 2 ** (32 - prefix));
        },
      ),
    );
  });
});
