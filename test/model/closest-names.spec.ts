import * as assert from "node:assert/strict";
import * as fc from "fast-check";
import { closestNames, editDistance } from "../../model/closest-names";

describe("model/closest-names", () => {
  const distances: [string, string, number][] = [
    ["", "", 0],
    ["abc", "", 3],
    ["kitten", "sitting", 3],
    ["us-east-1", "us-east-2", 1],
    ["westeurope", "westeuope", 1],
    ["flaw", "lawn", 2],
  ];
  for (const [a, b, d] of distances) {
    it(`puts "${a}" and "${b}" ${d} edits apart`, () => assert.equal(editDistance(a, b), d));
  }

  it("is a metric: symmetric, zero only on equal strings", () => {
    const s = fc.string({ maxLength: 12 });
    fc.assert(
      fc.property(s, s, (a, b) => {
        const d = editDistance(a, b);
        return d === editDistance(b, a) && (d === 0) === (a === b);
      }),
    );
  });

  it("ranks nearest first, ties alphabetically, and stops at n", () => {
    const names = ["b1", "a1", "c22", "zzzz"].map((name) => ({ name }));
    assert.deepEqual(closestNames("x1", names, 2), ["a1", "b1"]);
  });

  it("matches a city alias only for three letters or more", () => {
    const names = [{ name: "eu-central-1", aliases: ["Frankfurt"] }];
    assert.deepEqual(closestNames("furt", names, 3), ["eu-central-1"]);
    assert.deepEqual(closestNames("fr", names, 3), []);
  });
});
