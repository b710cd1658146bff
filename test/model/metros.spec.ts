import * as assert from "node:assert/strict";
import { kmOutside, METROS, REGION_METRO_KM, VENUE_METRO_KM } from "../../model/metros";
import { REGIONS, siteIdOf } from "../../model/regions";
import { VENUES } from "../../model/venues";

describe("model/metros", () => {
  it("puts every catalog region inside the location its provider documents", () => {
    const outside = REGIONS.map((r) => [
      siteIdOf(r),
      r.city,
      kmOutside(r.city, r, REGION_METRO_KM),
    ]).filter(([, , km]) => km !== 0);
    assert.deepEqual(outside, []);
  });

  it("puts every venue within 15 km of its data centre's town", () => {
    const outside = VENUES.map((v) => [
      v.code,
      v.city,
      kmOutside(v.city, v, VENUE_METRO_KM),
    ]).filter(([, , km]) => km !== 0);
    assert.deepEqual(outside, []);
  });

  it("documents no location the catalog does not use", () => {
    const used = new Set([...REGIONS.map((r) => r.city), ...VENUES.map((v) => v.city)]);
    assert.deepEqual(
      Object.keys(METROS).filter((name) => !used.has(name)),
      [],
    );
  });

  // The coordinates Azure publishes for these regions, which the catalog corrected.
  const published: [string, number, number, number][] = [
    ["Paris", 46.3772, 2.373, 216],
    ["Marseille", 43.8345, 2.1972, 202],
    ["Berlin", 53.073635, 8.806422, 255],
    ["London", 50.941, -0.799, 19],
    ["Cardiff", 53.427, -3.084, 157],
    ["Wyoming", 40.89, -110.234, 11],
  ];
  for (const [name, lat, lon, km] of published) {
    it(`finds Azure's published coordinate for "${name}" ${km} km outside it`, () => {
      assert.equal(Math.round(kmOutside(name, { lat, lon }, REGION_METRO_KM)!), km);
    });
  }

  it("measures an area from the nearest edge of its box and a metro from its rim", () => {
    assert.equal(kmOutside("Virginia", { lat: 37.5, lon: -78 }, REGION_METRO_KM), 0);
    assert.equal(Math.round(kmOutside("Wyoming", { lat: 40.89, lon: -105 }, 0)!), 11);
    assert.equal(kmOutside("Frankfurt", { lat: 50.11, lon: 8.68 }, REGION_METRO_KM), 0);
    assert.equal(Math.round(kmOutside("Frankfurt", { lat: 51.11, lon: 8.68 }, 60)!), 51);
  });

  it("knows nothing of an undocumented place", () => {
    assert.equal(kmOutside("Atlantis", { lat: 0, lon: 0 }, REGION_METRO_KM), undefined);
  });
});
