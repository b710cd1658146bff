import * as assert from "node:assert/strict";
import { landPath, landRings, unwrapRing } from "../../../tools/report/land";

const project = (p: { lat: number; lon: number }) => [p.lon + 180, 90 - p.lat] as const;

describe("tools/report/land", () => {
  it("reads the 126 land rings of world-atlas's land-110m.json", () => {
    const rings = landRings();
    assert.equal(rings.length, 126);
    assert.ok(
      rings.every((r) => r.every(([lon, lat]) => Math.abs(lon) <= 180 && Math.abs(lat) <= 90)),
    );
  });

  it("keeps a ring that crosses the antimeridian continuous", () => {
    const ring: [number, number][] = [
      [179, 60],
      [-179, 60],
      [-179, 62],
      [179, 62],
      [179, 60],
    ];
    assert.deepEqual(
      unwrapRing(ring).map((p) => p.lon),
      [179, 181, 181, 179, 179],
    );
  });

  it("closes a ring that goes around the south pole along the pole", () => {
    const ring: [number, number][] = [
      [-180, -70],
      [-60, -65],
      [60, -72],
      [180, -70],
    ];
    assert.deepEqual(unwrapRing(ring).slice(-2), [
      { lat: -90, lon: 180 },
      { lat: -90, lon: -180 },
    ]);
  });

  it("draws a ring past the antimeridian twice, once from each edge", () => {
    const d = landPath(project, [
      [
        [179, 60],
        [-179, 60],
        [-179, 62],
        [179, 62],
        [179, 60],
      ],
    ]);
    assert.equal(d, "M359,30l2,0l0,-2l-2,0l0,2zM-1,30l2,0l0,-2l-2,0l0,2z");
  });

  it("draws a ring inside the map once, in whole units, dropping repeated points", () => {
    const d = landPath(project, [
      [
        [0, 0],
        [10, 0],
        [10.2, 0.1],
        [10, 10],
        [0, 0],
      ],
    ]);
    assert.equal(d, "M180,90l10,0l0,-10l-10,10z");
  });

  it("leaves out a ring smaller than one unit", () => {
    assert.equal(
      landPath(project, [
        [
          [0, 0],
          [0.1, 0],
          [0, 0.1],
          [0, 0],
        ],
      ]),
      "",
    );
  });
});
