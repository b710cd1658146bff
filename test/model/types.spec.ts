import * as assert from "node:assert/strict";
import { strictestClass, type DataClass } from "../../model/types";

describe("model/types", () => {
  describe("strictestClass", () => {
    const cases: [readonly DataClass[], DataClass][] = [
      [[], "public"],
      [["internal"], "internal"],
      [["public", "confidential", "internal"], "confidential"],
      [["pii", "public"], "pii"],
      [["internal", "internal"], "internal"],
    ];
    for (const [classes, expected] of cases) {
      it(`gives ${expected} for [${classes.join(", ")}]`, () => {
        assert.equal(strictestClass(classes), expected);
      });
    }
  });
});
