import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import { DIRECT_KM, HUBS, pathKm, ROUTES } from "../../model/backbone";
import { distanceKm } from "../../model/geo";

const point = fc.record({
  lat: fc.double({ min: -90, max: 90, noNaN: true }),
  lon: fc.double({ min: -180, max: 180, noNaN: true }),
});
const hubOf = (code: string) => HUBS.find((h) => h.code === code)!;

describe("model/backbone", () => {
  it("has 55 metros with unique codes and 84 routes between them", () => {
    assert.equal(HUBS.length, 55);
    assert.equal(new Set(HUBS.map((h) => h.code)).size, 55);
    assert.equal(ROUTES.length, 84);
    for (const [a, b] of ROUTES) assert.ok(hubOf(a) && hubOf(b), `${a}-${b}`);
  });

  it("connects every metro to every other", () => {
    for (const h of HUBS) {
      assert.ok(Number.isFinite(pathKm(hubOf("ASH"), h)), `no path from Ashburn to ${h.code}`);
    }
  });

  it("takes the great circle within one metro", () => {
    const mahwah = { lat: 41.07, lon: -74.17 };
    const carteret = { lat: 40.58, lon: -74.23 };
    assert.ok(distanceKm(mahwah, carteret) <= DIRECT_KM);
    assert.equal(pathKm(mahwah, carteret), distanceKm(mahwah, carteret));
  });

  it("goes from Cape Town to São Paulo the long way, through Europe and the US", () => {
    const km = pathKm(hubOf("CPT"), hubOf("SAO"));
    assert.equal(Math.round(distanceKm(hubOf("CPT"), hubOf("SAO"))), 6344);
    assert.equal(Math.round(km), 24938);
  });

  it("is symmetric and never shorter than the great circle", () => {
    fc.assert(
      fc.property(point, point, (a, b) => {
        const there = pathKm(a, b);
        return there === pathKm(b, a) && there >= distanceKm(a, b);
      }),
    );
  });
});
