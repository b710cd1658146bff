import * as assert from "node:assert/strict";
import { CROSS_CLOUD_SAMPLE } from "../../model/calibration-cross-cloud";
import { crossCloudValidation } from "../../model/cross-cloud";
import { estimateRtt, findPlace } from "../../model/latency";
import { rttFloorMs } from "../../model/geo";

describe("model/cross-cloud", () => {
  it("ships 29 published AWS-Google Cloud pairs, each between two clouds and above the floor", () => {
    assert.equal(CROSS_CLOUD_SAMPLE.length, 29);
    for (const { from, to, rttMs } of CROSS_CLOUD_SAMPLE) {
      const [a, b] = [findPlace(from)!, findPlace(to)!];
      assert.notEqual(from.split(":")[0], to.split(":")[0], `${from} ${to}`);
      assert.ok(rttMs >= rttFloorMs(estimateRtt(a, b).distanceKm), `${from} ${to}`);
    }
    assert.deepEqual(CROSS_CLOUD_SAMPLE[2], {
      from: "aws:us-east-1",
      to: "gcp:us-east4",
      rttMs: 3.275,
    });
  });

  it("validates across clouds, not fitted on them: median 15.7%, p90 38.8%, reading 9.7% low", () => {
    const v = crossCloudValidation();
    console.log(
      `      cross-cloud: ${v.pairs} pairs, median ${v.medianPct.toFixed(1)}%, p90 ${v.p90Pct.toFixed(1)}%, ` +
        `bias ${v.biasPct.toFixed(1)}%, ${v.inRange} inside the range, below floor ${v.belowFloor}`,
    );
    assert.deepEqual(
      [
        v.pairs,
        v.medianPct.toFixed(1),
        v.p90Pct.toFixed(1),
        v.biasPct.toFixed(1),
        v.inRange,
        v.belowFloor,
      ],
      [29, "15.7", "38.8", "-9.7", 14, 0],
    );
  });

  it("puts one Ashburn campus across two clouds 1.6 ms below the published 3.3 ms", () => {
    const v = crossCloudValidation([{ from: "aws:us-east-1", to: "gcp:us-east4", rttMs: 3.275 }]);
    assert.equal((3.275 / v.ratios[0]).toFixed(2), "1.70");
  });

  it("names the pair when a cross-cloud site is not in the catalog", () => {
    assert.throws(
      () => crossCloudValidation([{ from: "aws:us-east-1", to: "gcp:mars1", rttMs: 1 }]),
      /cross-cloud pair aws:us-east-1 -> gcp:mars1: site not in the catalog/,
    );
  });
});
