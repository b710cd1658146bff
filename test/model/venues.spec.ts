import * as assert from "node:assert/strict";
import { isJurisdiction } from "../../model/jurisdictions";
import { findVenue, suggestVenueCodes, VENUES } from "../../model/venues";

describe("model/venues", () => {
  it("lists the venues the topology contract names", () => {
    const required = ["NYSE", "NASDAQ", "CBOE", "CME", "LSE", "EUREX", "JPX", "SGX", "HKEX", "ASX"];
    for (const code of required) assert.ok(findVenue(code), code);
  });

  it("has unique upper-case codes, valid countries and coordinates", () => {
    assert.equal(new Set(VENUES.map((v) => v.code)).size, VENUES.length);
    for (const v of VENUES) {
      assert.match(v.code, /^[A-Z0-9]+$/);
      assert.ok(isJurisdiction(v.country), v.code);
      assert.ok(Math.abs(v.lat) <= 90 && Math.abs(v.lon) <= 180, v.code);
    }
  });

  it("places matching engines at their colocation sites, not head offices", () => {
    assert.deepEqual(
      ["NYSE", "CME", "HKEX", "ASX"].map((c) => findVenue(c)?.city),
      ["Mahwah, New Jersey", "Aurora, Illinois", "Tseung Kwan O, Hong Kong", "Gore Hill, Sydney"],
    );
    assert.equal(findVenue("EUREX")?.datacenter, "Equinix FR2");
  });

  it("finds venues by exact code only", () => {
    assert.equal(findVenue("nyse"), undefined);
    assert.equal(findVenue("NYSE")?.country, "US");
  });

  const cases: [string, string[]][] = [
    ["nyse", ["NYSE"]],
    ["NYSX", ["NYSE", "ASX", "NSE"]],
    ["EUREKS", ["EUREX"]],
    ["frankfurt", ["EUREX"]],
    ["QQQQQQQQ", []],
  ];
  for (const [input, expected] of cases) {
    it(`suggests ${JSON.stringify(expected)} for "${input}"`, () => {
      assert.deepEqual(suggestVenueCodes(input), expected);
    });
  }
});
