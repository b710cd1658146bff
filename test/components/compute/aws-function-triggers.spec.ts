import assert from "node:assert/strict";
import { lambdaHealthCheck } from "../../../components/compute/aws-function-triggers";

describe("lambdaHealthCheck", () => {
  it("enables the check on the health path, healthy only on 200", () => {
    const check = lambdaHealthCheck(3);
    assert.deepEqual(
      [check.enabled, check.path, check.matcher, check.healthyThreshold, check.unhealthyThreshold],
      [true, "/health", "200", 2, 2],
    );
  });

  const intervals: [number, number][] = [
    [1, 10],
    [3, 10],
    [9, 10],
    [10, 11],
    [30, 31],
    [299, 300],
    [900, 300],
  ];
  for (const [functionTimeout, interval] of intervals) {
    it(`checks every ${interval} s a function that times out after ${functionTimeout} s`, () => {
      assert.equal(lambdaHealthCheck(functionTimeout).interval, interval);
    });
  }

  it("waits 5 s for an answer, less than any interval, as the ALB requires", () => {
    for (const functionTimeout of [1, 10, 900]) {
      const check = lambdaHealthCheck(functionTimeout);
      assert.equal(check.timeout, 5);
      assert.ok(check.timeout < check.interval);
    }
  });
});
