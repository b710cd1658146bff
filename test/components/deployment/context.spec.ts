import assert from "node:assert/strict";
import { requireGlobal } from "../../../components/deployment/context";

const FIX = "Run `pulumi up` on the global stack first, then on this stack.";

describe("requireGlobal", () => {
  it("hands back a global output that is present", () => {
    assert.equal(requireGlobal("Z123", "aws.zoneId"), "Z123");
    assert.deepEqual(requireGlobal({ a: 1 }, "gcp.entry"), { a: 1 });
  });

  for (const [label, value] of [
    ["missing", undefined],
    ["empty", ""],
  ] as const) {
    it(`names the key and the fix when the output is ${label}`, () => {
      assert.throws(() => requireGlobal(value, "aws.zoneId"), {
        message: `tachyon:globalStack: the global stack exports no aws.zoneId, which this site needs. ${FIX}`,
      });
    });
  }
});
