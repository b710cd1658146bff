import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import { CALIBRATION_SAMPLE } from "../../model/calibration-data";
import { rttFloorMs } from "../../model/geo";
import {
  calibrationError,
  calibrationPoints,
  COEFFICIENTS,
  estimateRtt,
  findPlace,
  fitCoefficients,
  rttForDistance,
} from "../../model/latency";

const point = fc.record({
  lat: fc.double({ min: -90, max: 90, noNaN: true }),
  lon: fc.double({ min: -180, max: 180, noNaN: true }),
});

describe("model/latency", () => {
  describe("calibration", () => {
    it("ships 62 published pairs whose regions are all in the catalog", () => {
      assert.equal(CALIBRATION_SAMPLE.length, 62);
      assert.equal(calibrationPoints().length, 62);
    });

    it("fits 5.91 ms fixed cost and 0.01452 ms per km on the sample", () => {
      assert.equal(COEFFICIENTS.a.toFixed(2), "5.91");
      assert.equal(COEFFICIENTS.b.toFixed(5), "0.01452");
    });

    it("implies routes 1.48 times longer than the great circle", () => {
      assert.equal((COEFFICIENTS.b / rttFloorMs(1)).toFixed(2), "1.48");
    });

    it("has a median absolute error between 12% and 14% on the sample", () => {
      const { medianAbsPctError, errors } = calibrationError();
      console.log(
        `      calibration: median abs error ${medianAbsPctError.toFixed(1)}% on ${errors.length} pairs`,
      );
      assert.ok(medianAbsPctError > 12 && medianAbsPctError < 14, `got ${medianAbsPctError}`);
    });

    it("keeps its median error between 12.5% and 14.5% on pairs left out of the fit", () => {
      const points = calibrationPoints();
      const errors = points
        .map((p, i) => {
          const c = fitCoefficients(points.filter((_, j) => j !== i));
          return Math.abs(rttForDistance(p.distanceKm, c) - p.pair.rttMs) / p.pair.rttMs;
        })
        .sort((x, y) => x - y);
      const median = ((errors[30] + errors[31]) / 2) * 100;
      console.log(
        `      leave-one-out: median abs error ${median.toFixed(1)}% on ${errors.length} pairs`,
      );
      assert.ok(median > 12.5 && median < 14.5, `got ${median}`);
    });

    it("beats a distance-blind model (the sample's median RTT for every pair) by far", () => {
      const sorted = CALIBRATION_SAMPLE.map((p) => p.rttMs).sort((x, y) => x - y);
      const median = (sorted[30] + sorted[31]) / 2;
      const blind = calibrationError(calibrationPoints(), { a: median, b: 0 }).medianAbsPctError;
      assert.ok(blind > 3 * calibrationError().medianAbsPctError, `blind model: ${blind}%`);
    });

    it("recovers the line exactly from points that lie on it", () => {
      const points = [100, 1000, 5000, 12000].map((km) => ({
        pair: { from: "x", to: "y", rttMs: 3 + 0.02 * km },
        distanceKm: km,
      }));
      const c = fitCoefficients(points);
      assert.ok(Math.abs(c.a - 3) < 1e-9 && Math.abs(c.b - 0.02) < 1e-12);
    });

    it("names the pair when a calibration region is missing from the catalog", () => {
      assert.throws(
        () => calibrationPoints([{ from: "eastus", to: "atlantis", rttMs: 1 }]),
        /calibration pair eastus -> atlantis: region not in the catalog/,
      );
    });
  });

  describe("estimateRtt", () => {
    it("estimates aws:us-east-1 to azure:westeurope as 6208 km and 96.1 ms", () => {
      const e = estimateRtt(findPlace("aws:us-east-1")!, findPlace("azure:westeurope")!);
      assert.equal(Math.round(e.distanceKm), 6208);
      assert.equal(e.rttMs.toFixed(1), "96.1");
      assert.equal(e.floorMs.toFixed(1), "60.9");
    });

    it("never falls below the speed-of-light floor, whatever the coefficients", () => {
      const coefficients = fc.record({
        a: fc.double({ min: -50, max: 50, noNaN: true }),
        b: fc.double({ min: 0, max: 0.05, noNaN: true }),
      });
      fc.assert(
        fc.property(point, point, coefficients, (x, y, c) => {
          const e = estimateRtt(x, y, c);
          return e.rttMs >= e.floorMs && e.floorMs === rttFloorMs(e.distanceKm);
        }),
      );
    });

    it("never falls below the floor with the fitted coefficients", () => {
      fc.assert(
        fc.property(point, point, (x, y) => estimateRtt(x, y).rttMs >= estimateRtt(x, y).floorMs),
      );
    });

    it("returns the floor when the fitted line would undercut it", () => {
      assert.equal(rttForDistance(1000, { a: -20, b: 0.01 }), rttFloorMs(1000));
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
