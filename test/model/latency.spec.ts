import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import { AWS_CALIBRATION_SAMPLE } from "../../model/calibration-aws";
import { CALIBRATION_SAMPLE } from "../../model/calibration-data";
import { rttFloorMs } from "../../model/geo";
import {
  backboneShare,
  CALIBRATION_POINTS,
  calibrationPoints,
  COEFFICIENTS,
  errorsOn,
  estimateRtt,
  findPlace,
  fitCoefficients,
  quantile,
  RANGE,
  rttForDistance,
  validation,
} from "../../model/latency";

const point = fc.record({
  lat: fc.double({ min: -90, max: 90, noNaN: true }),
  lon: fc.double({ min: -180, max: 180, noNaN: true }),
});
const estimate = (a: string, b: string) => estimateRtt(findPlace(a)!, findPlace(b)!);
const fixed = (ms: number) => ms.toFixed(2);

describe("model/latency", () => {
  describe("calibration", () => {
    it("ships 62 Azure and 45 AWS published pairs whose regions are all in the catalog", () => {
      assert.equal(CALIBRATION_SAMPLE.length, 62);
      assert.equal(AWS_CALIBRATION_SAMPLE.length, 45);
      assert.deepEqual(
        CALIBRATION_POINTS.map((p) => p.provider).filter((p, i, all) => all.indexOf(p) === i),
        ["azure", "aws"],
      );
      assert.equal(CALIBRATION_POINTS.length, 107);
    });

    it("reads the AWS matrix row by row: us-east-1 to us-west-1 first, Sydney to Sao Paulo last", () => {
      assert.deepEqual(AWS_CALIBRATION_SAMPLE[0], {
        from: "us-east-1",
        to: "us-west-1",
        rttMs: 72.74,
      });
      assert.deepEqual(AWS_CALIBRATION_SAMPLE[44], {
        from: "ap-southeast-2",
        to: "sa-east-1",
        rttMs: 322.5,
      });
    });

    it("fits routes 1.51 times the great circle and 4.85 ms to leave the metro", () => {
      assert.equal(COEFFICIENTS.r.toFixed(2), "1.51");
      assert.equal(COEFFICIENTS.h.toFixed(2), "4.85");
    });

    it("validates leave-one-provider-out: fitted on one provider, tested on the other", () => {
      const rows = validation();
      for (const v of rows) {
        console.log(
          `      held out ${v.provider}: ${v.pairs} pairs, median ${v.medianPct.toFixed(1)}%, ` +
            `p90 ${v.p90Pct.toFixed(1)}%, below floor ${v.belowFloor}`,
        );
      }
      assert.deepEqual(
        rows.map((v) => [v.provider, v.pairs, v.medianPct.toFixed(1), v.p90Pct.toFixed(1)]),
        [
          ["azure", 62, "12.5", "30.0"],
          ["aws", 45, "17.1", "40.2"],
        ],
      );
      assert.deepEqual(
        rows.map((v) => v.belowFloor),
        [0, 0],
      );
    });

    it("has a median error of 15.1% and a p90 of 34.2% on every pair it was fitted on", () => {
      const all = errorsOn(CALIBRATION_POINTS);
      assert.equal(all.medianPct.toFixed(1), "15.1");
      assert.equal(all.p90Pct.toFixed(1), "34.2");
    });

    it("takes its range from the held-out errors: p10 and p90 of published / estimate", () => {
      const ratios = validation().flatMap((v) => v.ratios);
      assert.equal(ratios.length, 107);
      assert.equal(RANGE.low, quantile(ratios, 0.1));
      assert.equal(RANGE.high, quantile(ratios, 0.9));
      assert.equal(RANGE.low.toFixed(2), "0.82");
      assert.equal(RANGE.high.toFixed(2), "1.46");
    });

    it("recovers the coefficients exactly from points that follow the model", () => {
      const points = [20, 150, 1000, 5000, 12000].map((km) => ({
        provider: "aws" as const,
        pair: { from: "x", to: "y", rttMs: rttForDistance(km, { r: 1.3, h: 6 }) },
        distanceKm: km,
      }));
      const c = fitCoefficients(points);
      assert.ok(Math.abs(c.r - 1.3) < 1e-9 && Math.abs(c.h - 6) < 1e-9, JSON.stringify(c));
    });

    it("names the pair when a calibration region is missing from the catalog", () => {
      assert.throws(
        () => calibrationPoints("azure", [{ from: "eastus", to: "atlantis", rttMs: 1 }]),
        /calibration pair azure:eastus -> azure:atlantis: region not in the catalog/,
      );
    });
  });

  describe("quantile", () => {
    it("takes the nearest rank", () => {
      assert.equal(quantile([5, 1, 4, 2, 3], 0.5), 3);
      assert.equal(quantile([4, 1, 3, 2], 0.5), 2);
      assert.equal(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9), 9);
      assert.equal(quantile([7], 0.1), 7);
    });
  });

  describe("estimateRtt", () => {
    // Old single line: 5.9 ms for one campus, 6.7 ms NYSE-Nasdaq, 11.2 ms Ashburn-Mahwah.
    it("puts two clouds in one campus at 1 ms: two cloud hosts, no fibre, no backbone", () => {
      const e = estimate("aws:us-east-1", "gcp:us-east4");
      assert.deepEqual([e.distanceKm, e.rttMs, e.floorMs], [0, 1, 0]);
    });

    it("puts NYSE Mahwah to Nasdaq Carteret (55 km, one metro) at 0.81 ms over metro fibre", () => {
      const e = estimate("venue:NYSE", "venue:NASDAQ");
      assert.deepEqual(
        [Math.round(e.distanceKm), fixed(e.rttMs), fixed(e.floorMs)],
        [55, "0.81", "0.54"],
      );
    });

    it("charges the backbone to leave the metro: aws:us-east-1 to NYSE (362 km) is 10.71 ms", () => {
      const e = estimate("aws:us-east-1", "venue:NYSE");
      assert.deepEqual(
        [Math.round(e.distanceKm), fixed(e.rttMs), fixed(e.rttLowMs), fixed(e.rttHighMs)],
        [362, "10.71", "8.82", "15.68"],
      );
    });

    it("estimates aws:us-east-1 to azure:westeurope as 6208 km and 97.9 ms", () => {
      const e = estimate("aws:us-east-1", "azure:westeurope");
      assert.equal(Math.round(e.distanceKm), 6208);
      assert.equal(e.rttMs.toFixed(1), "97.9");
      assert.equal(e.floorMs.toFixed(1), "60.9");
    });

    it("pays the backbone only beyond the metro, in full from twice its span", () => {
      assert.deepEqual([0, 100, 150, 200, 5000].map(backboneShare), [0, 0, 0.5, 1, 1]);
    });

    it("never falls below the speed-of-light floor, whatever the coefficients", () => {
      const coefficients = fc.record({
        r: fc.double({ min: -2, max: 3, noNaN: true }),
        h: fc.double({ min: -50, max: 50, noNaN: true }),
      });
      fc.assert(
        fc.property(point, point, coefficients, (x, y, c) => {
          const e = estimateRtt(x, y, c);
          return e.rttMs >= e.floorMs && e.floorMs === rttFloorMs(e.distanceKm);
        }),
      );
    });

    it("keeps the estimate inside its range and the range above the floor", () => {
      fc.assert(
        fc.property(point, point, (x, y) => {
          const e = estimateRtt(x, y);
          return e.floorMs <= e.rttLowMs && e.rttLowMs <= e.rttMs && e.rttMs <= e.rttHighMs;
        }),
      );
    });

    it("returns the floor when the fitted terms would undercut it", () => {
      assert.equal(rttForDistance(1000, { r: 0.5, h: -20 }), rttFloorMs(1000));
    });

    it("grows with distance", () => {
      const km = fc.double({ min: 0, max: 20000, noNaN: true });
      fc.assert(
        fc.property(km, km, (d1, d2) => {
          const [lo, hi] = d1 <= d2 ? [d1, d2] : [d2, d1];
          return rttForDistance(lo) <= rttForDistance(hi);
        }),
      );
    });
  });

  describe("findPlace", () => {
    it("finds sites and venues by id", () => {
      assert.deepEqual(findPlace("gcp:europe-west3"), {
        id: "gcp:europe-west3",
        kind: "site",
        city: "Frankfurt",
        lat: 50.11,
        lon: 8.68,
      });
      assert.deepEqual(findPlace("venue:EUREX"), {
        id: "venue:EUREX",
        kind: "venue",
        city: "Frankfurt",
        lat: 50.1,
        lon: 8.73,
      });
    });

    for (const id of ["aws:us-east-7", "venue:NYSX", "ibm:us-south", "us-east-1", ":x", "venue:"]) {
      it(`finds nothing for "${id}"`, () => assert.equal(findPlace(id), undefined));
    }
  });
});
