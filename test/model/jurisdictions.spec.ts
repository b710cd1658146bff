import * as assert from "node:assert/strict";
import {
  EU_MEMBER_STATES,
  inJurisdiction,
  isEuMember,
  isJurisdiction,
} from "../../model/jurisdictions";

describe("model/jurisdictions", () => {
  it("lists the 27 EU member states", () => {
    assert.equal(EU_MEMBER_STATES.length, 27);
    assert.equal(new Set(EU_MEMBER_STATES).size, 27);
    assert.deepEqual(["DE", "IE", "GB", "CH", "NO"].map(isEuMember), [
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  const valid: [string, boolean][] = [
    ["EU", true],
    ["US", true],
    ["GB", true],
    ["JP", true],
    ["AQ", true],
    ["UK", false],
    ["us", false],
    ["USA", false],
    ["XX", false],
    ["", false],
  ];
  for (const [code, expected] of valid) {
    it(`${expected ? "accepts" : "rejects"} "${code}" as a jurisdiction`, () => {
      assert.equal(isJurisdiction(code), expected);
    });
  }

  const allowed: [string, string[], boolean][] = [
    ["US", ["US", "GB"], true],
    ["GB", ["US", "GB"], true],
    ["DE", ["US", "GB"], false],
    ["DE", ["EU"], true],
    ["IE", ["EU", "US"], true],
    ["GB", ["EU"], false],
    ["CH", ["EU"], false],
    ["US", [], false],
  ];
  for (const [country, list, expected] of allowed) {
    it(`${expected ? "allows" : "refuses"} ${country} under [${list.join(", ")}]`, () => {
      assert.equal(inJurisdiction(country, list), expected);
    });
  }
});
