import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import { AWS_CALIBRATION_SAMPLE } from "../../model/calibration-aws";
import { CALIBRATION_SAMPLE } from "../../model/calibration-data";
import { IBM_CALIBRATION_SAMPLE } from "../../model/calibration-ibm";
import { distanceKm, rttFloorMs } from "../../model/geo";
import {
  backboneShare,
  CALIBRATION_POINTS,
  calibrationPoints,
  CLOUD_HOST_MS,
  COEFFICIENTS,
  errorsOn,
  estimateRtt,
  findPlace,
  fitCoefficients,
  quantile,
  RANGE,
  rttFor,
  SAME_METRO_MS,
  sameMetroErrorsMs,
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
    it("ships 62 Azure, 65 AWS and 45 IBM published pairs, every place located", () => {
      assert.equal(CALIBRATION_SAMPLE.length, 62);
      assert.equal(AWS_CALIBRATION_SAMPLE.length, 65);
      assert.equal(IBM_CALIBRATION_SAMPLE.length, 45);
      assert.deepEqual(
        CALIBRATION_POINTS.map((p) => p.provider).filter((p, i, all) => all.indexOf(p) === i),
        ["azure", "aws", "ibm"],
      );
      assert.equal(CALIBRATION_POINTS.length, 172);
    });

    it("reads the CloudPing rows: every region to Cape Town, then the rest to Hong Kong", () => {
      assert.deepEqual(AWS_CALIBRATION_SAMPLE[0], {
        from: "ap-east-1",
        to: "af-south-1",
        rttMs: 238.42,
      });
      assert.deepEqual(AWS_CALIBRATION_SAMPLE[33], {
        from: "ap-east-2",
        to: "ap-east-1",
        rttMs: 16.22,
      });
      assert.deepEqual(AWS_CALIBRATION_SAMPLE[64], {
        from: "us-west-2",
        to: "ap-east-1",
        rttMs: 146.27,
      });
    });

    it("reads IBM's table by rows: Dallas-Toronto first, Tokyo-Sao Paulo last", () => {
      assert.deepEqual(IBM_CALIBRATION_SAMPLE[0], { from: "Dallas", to: "Toronto", rttMs: 34 });
      assert.deepEqual(IBM_CALIBRATION_SAMPLE[44], { from: "Tokyo", to: "Sao Paulo", rttMs: 286 });
    });

    it("fits land fibre 1.53, submarine cable 1.32 times the legs and 3.27 ms to leave the metro", () => {
      assert.equal(COEFFICIENTS.rLand.toFixed(2), "1.53");
      assert.equal(COEFFICIENTS.rSea.toFixed(2), "1.32");
      assert.equal(COEFFICIENTS.h.toFixed(2), "3.27");
    });

    it("charges 0.85 ms per cloud host: half the median of 32 published same-metro round trips", () => {
      assert.equal(SAME_METRO_MS.length, 32);
      assert.equal(CLOUD_HOST_MS, 0.85);
    });

    it("validates leave-one-provider-out: median <= 10%, p90 <= 30%, nothing below the floor", () => {
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
          ["azure", 62, "8.5", "23.1"],
          ["aws", 65, "8.3", "20.3"],
          ["ibm", 45, "4.5", "14.4"],
        ],
      );
      for (const v of rows) {
        assert.ok(v.medianPct <= 10, `${v.provider} median ${v.medianPct}`);
        assert.ok(v.p90Pct <= 30, `${v.provider} p90 ${v.p90Pct}`);
      }
      assert.deepEqual(
        rows.map((v) => v.belowFloor),
        [0, 0, 0],
      );
    });

    it("beats the old single line fitted on Azure alone on every held-out provider", () => {
      // The model this replaces: max(floor, a + b x great-circle km), fitted on Azure only.
      const line = (km: number) => Math.max(rttFloorMs(km), 5.91 + 0.01452 * km);
      for (const v of validation()) {
        const held = CALIBRATION_POINTS.filter((p) => p.provider === v.provider);
        const errors = held.map((p) => Math.abs(line(p.distanceKm) - p.pair.rttMs) / p.pair.rttMs);
        assert.ok(quantile(errors, 0.5) * 100 > v.medianPct, v.provider);
        assert.ok(quantile(errors, 0.9) * 100 > v.p90Pct, v.provider);
      }
    });

    it("puts 29 of 32 published same-metro figures within 1 ms", () => {
      const errors = sameMetroErrorsMs();
      console.log(
        `      same metro: ${errors.filter((e) => e <= 1).length}/${errors.length} within 1 ms, ` +
          `worst ${Math.max(...errors).toFixed(2)} ms`,
      );
      assert.equal(errors.filter((e) => e <= 1).length, 29);
      assert.equal(Math.max(...errors).toFixed(2), "1.13");
    });

    it("has a median error of 5.8% and a p90 of 16.4% on every pair it was fitted on", () => {
      const all = errorsOn(CALIBRATION_POINTS);
      assert.equal(all.medianPct.toFixed(1), "5.8");
      assert.equal(all.p90Pct.toFixed(1), "16.4");
    });

    it("takes its range from the held-out errors: p10 and p90 of published / estimate", () => {
      const ratios = validation().flatMap((v) => v.ratios);
      assert.equal(ratios.length, 172);
      assert.equal(RANGE.low, quantile(ratios, 0.1));
      assert.equal(RANGE.high, quantile(ratios, 0.9));
      assert.equal(RANGE.low.toFixed(2), "0.90");
      assert.equal(RANGE.high.toFixed(2), "1.21");
    });

    it("recovers the coefficients exactly from points that follow the model", () => {
      const truth = { rLand: 1.5, rSea: 1.25, h: 6 };
      const points = [
        [20, 20, 0],
        [150, 180, 0],
        [1000, 1400, 300],
        [5000, 5200, 4000],
        [12000, 16000, 9000],
      ].map(([km, path, sea]) => ({
        provider: "aws",
        pair: { from: "x", to: "y", rttMs: rttFor(km, path, sea, truth) },
        distanceKm: km,
        pathKm: path,
        seaKm: sea,
      }));
      const c = fitCoefficients(points);
      for (const k of ["rLand", "rSea", "h"] as const) {
        assert.ok(Math.abs(c[k] - truth[k]) < 1e-9, JSON.stringify(c));
      }
    });

    it("names the pair when a calibration place cannot be located", () => {
      assert.throws(
        () =>
          calibrationPoints(
            "azure",
            [{ from: "eastus", to: "atlantis", rttMs: 1 }],
            () => undefined,
          ),
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
    // The old single line gave 5.9 ms for one campus, 6.7 ms NYSE-Nasdaq, 11.2 ms Ashburn-Mahwah.
    it("puts two clouds in one campus at 1.7 ms: two cloud hosts, no fibre, no backbone", () => {
      const e = estimate("aws:us-east-1", "gcp:us-east4");
      assert.deepEqual([e.distanceKm, e.pathKm, fixed(e.rttMs), e.floorMs], [0, 0, "1.70", 0]);
    });

    it("puts NYSE Mahwah to Nasdaq Carteret (55 km, one metro) at 0.82 ms over metro fibre", () => {
      const e = estimate("venue:NYSE", "venue:NASDAQ");
      assert.deepEqual(
        [Math.round(e.distanceKm), fixed(e.rttMs), fixed(e.floorMs), e.seaKm],
        [55, "0.82", "0.54", 0],
      );
    });

    it("charges the backbone to leave the metro: aws:us-east-1 to NYSE (362 km) is 9.55 ms", () => {
      const e = estimate("aws:us-east-1", "venue:NYSE");
      assert.deepEqual(
        [Math.round(e.distanceKm), fixed(e.rttMs), fixed(e.rttLowMs), fixed(e.rttHighMs)],
        [362, "9.55", "8.60", "11.53"],
      );
    });

    it("estimates aws:us-east-1 to azure:westeurope, 5570 of 6278 km on cable, as 87.7 ms", () => {
      const e = estimate("aws:us-east-1", "azure:westeurope");
      assert.deepEqual(
        [
          Math.round(e.distanceKm),
          Math.round(e.pathKm),
          Math.round(e.seaKm),
          e.rttMs.toFixed(1),
          e.floorMs.toFixed(1),
        ],
        [6208, 6278, 5570, "87.7", "60.9"],
      );
    });

    it("reaches Auckland from Sydney over the Tasman cable, not over land", () => {
      const e = estimate("venue:ASX", "azure:newzealandnorth");
      assert.deepEqual(
        [Math.round(e.distanceKm), Math.round(e.pathKm), Math.round(e.seaKm), e.rttMs.toFixed(1)],
        [2159, 2162, 2156, "32.1"],
      );
    });

    it("charges a submarine km less than a terrestrial one", () => {
      assert.ok(rttFor(3000, 3000, 3000) < rttFor(3000, 3000, 0));
      assert.equal(
        (rttFor(3000, 3000, 0) - rttFor(3000, 3000, 3000)).toFixed(2),
        ((COEFFICIENTS.rLand - COEFFICIENTS.rSea) * rttFloorMs(3000)).toFixed(2),
      );
    });

    it("routes South Africa to Brazil the way the providers do, through Europe and the US", () => {
      const e = estimate("azure:southafricanorth", "aws:sa-east-1");
      assert.deepEqual([Math.round(e.distanceKm), Math.round(e.pathKm)], [7460, 26255]);
      assert.equal(e.rttMs.toFixed(1), "352.2");
    });

    it("pays the backbone only beyond the metro, in full from twice its span", () => {
      assert.deepEqual([0, 100, 150, 200, 5000].map(backboneShare), [0, 0, 0.5, 1, 1]);
    });

    it("never takes a fibre path shorter than the great circle", () => {
      fc.assert(fc.property(point, point, (x, y) => estimateRtt(x, y).pathKm >= distanceKm(x, y)));
    });

    it("never falls below the speed-of-light floor, whatever the coefficients", () => {
      const coefficients = fc.record({
        rLand: fc.double({ min: -2, max: 3, noNaN: true }),
        rSea: fc.double({ min: -2, max: 3, noNaN: true }),
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
      assert.equal(rttFor(1000, 1000, 0, { rLand: 0.5, rSea: 0.5, h: -20 }), rttFloorMs(1000));
    });

    it("grows with distance along a straight path", () => {
      const km = fc.double({ min: 0, max: 20000, noNaN: true });
      fc.assert(
        fc.property(km, km, (d1, d2) => {
          const [lo, hi] = d1 <= d2 ? [d1, d2] : [d2, d1];
          return rttFor(lo) <= rttFor(hi);
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
