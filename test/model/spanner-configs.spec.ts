import assert from "node:assert/strict";
import { findRegion } from "../../model/regions";
import { SPANNER_MULTI_REGION_CONFIGS, spannerConfigRegions } from "../../model/spanner-configs";

describe("model/spanner-configs", () => {
  for (const [name, { serving, witness }] of Object.entries(SPANNER_MULTI_REGION_CONFIGS)) {
    it(`places ${name} in catalog regions only, with at least two serving regions`, () => {
      assert.deepEqual(
        [...serving, ...witness].filter((r) => findRegion("gcp", r) === undefined),
        [],
      );
      assert.ok(serving.length >= 2);
    });
  }

  it("reads regional, multi-region, full-path and configured names", () => {
    assert.deepEqual(spannerConfigRegions("regional-europe-west2"), ["europe-west2"]);
    assert.deepEqual(spannerConfigRegions("projects/p/instanceConfigs/nam3"), [
      "us-east4",
      "us-east1",
      "us-central1",
    ]);
    assert.deepEqual(spannerConfigRegions("eur9", { eur9: ["europe-west9"] }), ["europe-west9"]);
    assert.equal(spannerConfigRegions("eur9"), undefined);
  });
});
