import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import {
  ATTACH_KM,
  DIRECT_KM,
  fibrePath,
  HUBS,
  pathKm,
  ROUTES,
  SUBMARINE_ROUTES,
  TERRESTRIAL_ROUTES,
} from "../../model/backbone";
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

  it("tells 48 terrestrial routes from 36 submarine cables, each route once", () => {
    assert.equal(TERRESTRIAL_ROUTES.length, 48);
    assert.equal(SUBMARINE_ROUTES.length, 36);
    const keys = ROUTES.map(([a, b]) => [a, b].sort().join("-"));
    assert.equal(new Set(keys).size, 84);
  });

  it("counts the submarine km of a path: New York to London is all cable", () => {
    const p = fibrePath(hubOf("NYC"), hubOf("LON"));
    assert.deepEqual([Math.round(p.km), Math.round(p.seaKm)], [5570, 5570]);
    const land = fibrePath(hubOf("ASH"), hubOf("CHI"));
    assert.deepEqual([Math.round(land.km), land.seaKm], [913, 0]);
  });

  it("reaches a second metro only within 1,000 km: Auckland goes to Sydney by cable", () => {
    assert.equal(ATTACH_KM, 1000);
    const auckland = { lat: -36.85, lon: 174.76 };
    const goreHill = { lat: -33.82, lon: 151.19 };
    const p = fibrePath(goreHill, auckland);
    assert.deepEqual([Math.round(p.km), Math.round(p.seaKm)], [2161, 2156]);
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
