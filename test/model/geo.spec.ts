import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import { distanceKm, EARTH_RADIUS_KM, FIBRE_KM_PER_MS, rttFloorMs } from "../../model/geo";

const point = fc.record({
  lat: fc.double({ min: -90, max: 90, noNaN: true }),
  lon: fc.double({ min: -180, max: 180, noNaN: true }),
});

// Floating-point rounding near antipodes reaches ~0.1 m over 300,000 random triples; 10 m
// leaves room while still catching any real violation, which would be kilometres.
const TOLERANCE_KM = 0.01;

describe("model/geo", () => {
  describe("distanceKm", () => {
    it("measures London to Paris as the 344 km great circle", () => {
      const km = distanceKm({ lat: 51.5074, lon: -0.1278 }, { lat: 48.8566, lon: 2.3522 });
      assert.equal(Math.round(km), 344);
    });

    it("measures a quarter of the equator as a quarter of the circumference", () => {
      const km = distanceKm({ lat: 0, lon: 0 }, { lat: 0, lon: 90 });
      assert.ok(Math.abs(km - (Math.PI / 2) * EARTH_RADIUS_KM) < 1e-6);
    });

    it("measures antipodes as exactly half the circumference", () => {
      assert.equal(distanceKm({ lat: 0, lon: 0 }, { lat: 0, lon: 180 }), Math.PI * EARTH_RADIUS_KM);
    });

    it("is symmetric", () => {
      fc.assert(fc.property(point, point, (a, b) => distanceKm(a, b) === distanceKm(b, a)));
    });

    it("is zero from a point to itself", () => {
      fc.assert(fc.property(point, (a) => distanceKm(a, a) === 0));
    });

    it("obeys the triangle inequality", () => {
      fc.assert(
        fc.property(
          point,
          point,
          point,
          (a, b, c) => distanceKm(a, c) <= distanceKm(a, b) + distanceKm(b, c) + TOLERANCE_KM,
        ),
      );
    });

    it("never exceeds half the Earth's circumference and is never negative", () => {
      fc.assert(
        fc.property(point, point, (a, b) => {
          const d = distanceKm(a, b);
          return d >= 0 && d <= Math.PI * EARTH_RADIUS_KM;
        }),
      );
    });
  });

  describe("rttFloorMs", () => {
    it("takes 2 ms for light to go 204 km and back in fibre", () => {
      assert.equal(FIBRE_KM_PER_MS, 204);
      assert.equal(rttFloorMs(204), 2);
    });

    it("costs about 4.9 microseconds per km one way", () => {
      assert.equal((rttFloorMs(1) / 2) * 1000, 1000 / 204);
      assert.equal(Math.round((rttFloorMs(1) / 2) * 10000) / 10, 4.9);
    });
  });
});
