import assert from "node:assert/strict";
import fc from "fast-check";
import { parseFunctionRef } from "../../../policies/lib/lambda";

describe("policies/lib/lambda", () => {
  const cases: [string, { name: string; qualifier: string | null }][] = [
    ["order", { name: "order", qualifier: null }],
    ["order:live", { name: "order", qualifier: "live" }],
    ["arn:aws:lambda:us-east-1:123456789012:function:order", { name: "order", qualifier: null }],
    ["arn:aws:lambda:us-east-1:123456789012:function:order:7", { name: "order", qualifier: "7" }],
    [
      "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:order:live/invocations",
      { name: "order", qualifier: "live" },
    ],
  ];
  for (const [ref, expected] of cases) {
    it(`reads ${ref}`, () => assert.deepEqual(parseFunctionRef(ref), expected));
  }

  it("gets back the name and qualifier it is given in any ARN form", () => {
    const name = fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/);
    const qualifier = fc.option(fc.stringMatching(/^[A-Za-z0-9_-]{1,32}$/), { nil: null });
    fc.assert(
      fc.property(name, qualifier, fc.constantFrom("us-east-1", "eu-west-2"), (n, q, region) => {
        const arn = `arn:aws:lambda:${region}:123456789012:function:${n}${q === null ? "" : `:${q}`}`;
        const uri = `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${arn}/invocations`;
        const expected = { name: n, qualifier: q };
        assert.deepEqual(parseFunctionRef(arn), expected);
        assert.deepEqual(parseFunctionRef(uri), expected);
      }),
    );
  });
});
