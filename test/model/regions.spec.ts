import * as assert from "node:assert/strict";
import { EU_MEMBER_STATES, isJurisdiction } from "../../model/jurisdictions";
import {
  findRegion,
  findSite,
  isCloud,
  REGIONS,
  regionsOf,
  siteIdOf,
  suggestRegionCodes,
} from "../../model/regions";
import { CLOUDS } from "../../model/types";

describe("model/regions", () => {
  describe("catalog", () => {
    it("holds 34 AWS, 56 Azure and 43 Google Cloud regions", () => {
      assert.deepEqual(
        CLOUDS.map((c) => regionsOf(c).length),
        [34, 56, 43],
      );
      assert.equal(REGIONS.length, 133);
    });

    it("has no duplicate site id", () => {
      const ids = REGIONS.map(siteIdOf);
      assert.equal(new Set(ids).size, ids.length);
    });

    it("gives every region a valid ISO country, a city and coordinates on the globe", () => {
      for (const r of REGIONS) {
        assert.ok(isJurisdiction(r.country) && r.country !== "EU", `${siteIdOf(r)}: ${r.country}`);
        assert.ok(r.city.length > 0, siteIdOf(r));
        assert.ok(Math.abs(r.lat) <= 90 && Math.abs(r.lon) <= 180, siteIdOf(r));
      }
    });

    it("flags exactly the regions in EU member states as EU", () => {
      for (const r of REGIONS) {
        assert.equal(r.eu, EU_MEMBER_STATES.includes(r.country), siteIdOf(r));
      }
    });

    it("leaves out government, sovereign and China partitions", () => {
      const excluded = /gov|iso|^cn-|china|eusc|usdod|ussec/;
      assert.deepEqual(REGIONS.filter((r) => excluded.test(r.code)).map(siteIdOf), []);
    });

    it("places well-known regions in their countries", () => {
      const cases: [string, string, boolean][] = [
        ["aws:us-east-1", "US", false],
        ["aws:eu-west-2", "GB", false],
        ["aws:eu-central-2", "CH", false],
        ["azure:westeurope", "NL", true],
        ["azure:northeurope", "IE", true],
        ["azure:eastasia", "HK", false],
        ["gcp:europe-west1", "BE", true],
        ["gcp:me-central2", "SA", false],
      ];
      for (const [id, country, eu] of cases) {
        const r = findSite(id);
        assert.deepEqual([r?.country, r?.eu], [country, eu], id);
      }
    });
  });

  describe("findRegion", () => {
    it("finds a region by cloud and exact code", () => {
      assert.equal(findRegion("aws", "ap-northeast-1")?.city, "Tokyo");
      assert.equal(findRegion("azure", "uksouth")?.city, "London");
    });

    it("does not find a region under another cloud or another case", () => {
      assert.equal(findRegion("gcp", "us-east-1"), undefined);
      assert.equal(findRegion("aws", "US-EAST-1"), undefined);
    });
  });

  describe("suggestRegionCodes", () => {
    const cases: [Parameters<typeof suggestRegionCodes>, string[]][] = [
      [
        ["aws", "us-east-7"],
        ["us-east-1", "us-east-2", "ap-east-1"],
      ],
      [["aws", "US-EAST-1"], ["us-east-1"]],
      [["azure", "west-europe"], ["westeurope"]],
      [["azure", "westeuope"], ["westeurope"]],
      [
        ["gcp", "europe-west13"],
        ["europe-west1", "europe-west10", "europe-west12"],
      ],
      [["aws", "frankfurt"], ["eu-central-1"]],
      [["gcp", "europe-west13", 1], ["europe-west1"]],
      [["aws", "zzzzzzzzzz"], []],
      [["aws", ""], []],
    ];
    for (const [args, expected] of cases) {
      it(`suggests ${JSON.stringify(expected)} for ${args[0]} "${args[1]}"`, () => {
        assert.deepEqual(suggestRegionCodes(...args), expected);
      });
    }
  });

  describe("findSite", () => {
    it("parses <cloud>:<region>", () => {
      assert.equal(findSite("gcp:asia-northeast1")?.code, "asia-northeast1");
    });

    for (const id of [
      "aws",
      "aws:",
      ":us-east-1",
      "ibm:us-south",
      "aws:us-east-7",
      "aws:us-east-1:x",
    ]) {
      it(`returns undefined for "${id}"`, () => assert.equal(findSite(id), undefined));
    }
  });

  it("recognises exactly the three clouds", () => {
    assert.deepEqual(["aws", "azure", "gcp", "AWS", "ibm", ""].map(isCloud), [
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});
