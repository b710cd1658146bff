import assert from "node:assert/strict";
import fc from "fast-check";
import { subnetCidrs } from "../../../components/network/aws-cidr";
import { contains, overlaps, parseCidr } from "../../../model/cidr";

describe("subnetCidrs", () => {
  const table: { site: string; count: number; expected: string[] }[] = [
    {
      site: "10.10.0.0/16",
      count: 3,
      expected: ["10.10.0.0/20", "10.10.16.0/20", "10.10.32.0/20"],
    },
    { site: "10.20.0.0/20", count: 2, expected: ["10.20.0.0/24", "10.20.1.0/24"] },
    { site: "172.16.8.0/24", count: 1, expected: ["172.16.8.0/28"] },
  ];
  for (const t of table) {
    it(`carves ${t.count} subnets from ${t.site}`, () => {
      assert.deepEqual(subnetCidrs(t.site, t.count), t.expected);
    });
  }

  it("rejects a site block larger than a VPC may be", () => {
    assert.throws(
      () => subnetCidrs("10.0.0.0/8", 3),
      /^Error: "cidr": an AWS site needs a block from \/16 to \/24, got "10\.0\.0\.0\/8"\. Choose a block in that range\.$/,
    );
  });

  it("rejects a site block too small for /28 subnets", () => {
    assert.throws(() => subnetCidrs("10.0.0.0/25", 1), /got "10\.0\.0\.0\/25"/);
  });

  it("rejects more subnets than blocks", () => {
    assert.throws(
      () => subnetCidrs("10.0.0.0/16", 17),
      /"count": subnets must number 1-16, got 17\./,
    );
  });

  it("gives disjoint subnets inside the site block, deterministically", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.integer({ min: 16, max: 24 }),
        fc.integer({ min: 1, max: 16 }),
        (address, prefix, count) => {
          const site = `${[24, 16, 8, 0].map((s) => (address >>> s) & 0xff).join(".")}/${prefix}`;
          const subnets = subnetCidrs(site, count);
          assert.deepEqual(subnetCidrs(site, count), subnets);
          assert.equal(subnets.length, count);
          const parsed = subnets.map((s) => parseCidr(s)!);
          for (const p of parsed) {
            assert.ok(contains(parseCidr(site)!, p));
            assert.equal(p.prefix, prefix + 4);
          }
          for (let i = 0; i < parsed.length; i++) {
            for (let j = i + 1; j < parsed.length; j++) assert.ok(!overlaps(parsed[i], parsed[j]));
          }
        },
      ),
    );
  });
});
