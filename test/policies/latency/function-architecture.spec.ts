import assert from "node:assert/strict";
import { functionArchitecture } from "../../../policies/latency/function-architecture";
import { validate, withProp, type FixtureResource } from "../harness";

const lambda: FixtureResource = {
  type: "aws:lambda/function:Function",
  props: { architectures: ["arm64"], tags: { "latency-class": "critical" } },
};

describe("function-architecture", () => {
  it("accepts a critical Lambda function on arm64", async () => {
    assert.deepEqual(await validate(functionArchitecture, lambda), []);
  });

  it("reports a critical Lambda function on the default architecture", async () => {
    assert.deepEqual(
      await validate(functionArchitecture, withProp(lambda, "architectures", undefined)),
      ['Lambda function must set architectures to ["arm64"]; found the default x86_64.'],
    );
  });

  it("reports a critical Lambda function on x86_64", async () => {
    assert.deepEqual(
      await validate(functionArchitecture, withProp(lambda, "architectures", ["x86_64"])),
      ['Lambda function must set architectures to ["arm64"]; found ["x86_64"].'],
    );
  });

  it("ignores functions that are not latency-critical", async () => {
    const plain = withProp(withProp(lambda, "architectures", ["x86_64"]), "tags", {});
    assert.deepEqual(await validate(functionArchitecture, plain), []);
  });
});
