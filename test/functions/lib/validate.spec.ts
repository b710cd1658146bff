import assert from "node:assert/strict";
import { array, number, object, oneOf, optional, string } from "../../../functions/lib/validate";

describe("functions/lib/validate", () => {
  it("names the path, the value and the fix for a non-object", () => {
    assert.throws(() => object([1], "order"), {
      message: "order: must be an object, got an array of 1. Send a JSON or msgpack map.",
    });
  });

  const numbers: [unknown, Parameters<typeof number>[3], string][] = [
    [Number.NaN, {}, 'o.q: must be a finite number, got NaN. Set "q" to a number.'],
    [Infinity, {}, 'o.q: must be a finite number, got Infinity. Set "q" to a number.'],
    ["5", {}, 'o.q: must be a finite number, got "5". Set "q" to a number.'],
    [-5, { positive: true }, 'o.q: must be greater than 0, got -5. Send a positive "q".'],
    [0, { positive: true }, 'o.q: must be greater than 0, got 0. Send a positive "q".'],
    [1.5, { integer: true }, "o.q: must be an integer, got 1.5. Send a whole number."],
    [11, { max: 10 }, 'o.q: must be at most 10, got 11. Lower "q".'],
    [1, { min: 2 }, 'o.q: must be at least 2, got 1. Raise "q".'],
  ];
  for (const [value, rule, message] of numbers) {
    it(`rejects ${String(value)} under ${JSON.stringify(rule)}`, () => {
      assert.throws(() => number({ q: value }, "q", "o", rule), { message });
    });
  }

  it("accepts a number within its rule", () => {
    assert.equal(number({ q: 10 }, "q", "o", { positive: true, integer: true, max: 10 }), 10);
  });

  it("rejects missing, empty, long and misformatted strings", () => {
    assert.throws(() => string({}, "s", "o"), {
      message: 'o.s: must be a non-empty string, got undefined. Set "s" to a string.',
    });
    assert.throws(() => string({ s: "" }, "s", "o"), {
      message: 'o.s: must be a non-empty string, got "". Set "s" to a string.',
    });
    assert.throws(() => string({ s: "abcd" }, "s", "o", { maxLength: 3 }), {
      message: 'o.s: must be at most 3 characters, got "abcd". Shorten "s".',
    });
    assert.throws(() => string({ s: "ab" }, "s", "o", { pattern: /^\d+$/, hint: "digits" }), {
      message: 'o.s: has the wrong format, got "ab". Use digits.',
    });
  });

  it("reads enumerations, optional fields and bounded arrays", () => {
    assert.equal(oneOf({ k: "b" }, "k", "o", ["a", "b"]), "b");
    assert.throws(() => oneOf({ k: "c" }, "k", "o", ["a", "b"]), {
      message: 'o.k: must be one of a, b, got "c". Set "k" to one of those.',
    });
    assert.equal(
      optional({ k: null }, "k", () => 1),
      undefined,
    );
    assert.equal(
      optional({ k: 2 }, "k", () => 1),
      1,
    );
    assert.throws(() => array({ a: [1, 2, 3] }, "a", "o", 2), {
      message: "o.a: must hold at most 2 items, got an array of 3. Send fewer items.",
    });
  });
});
