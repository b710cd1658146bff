import assert from "node:assert/strict";
import { awsIdempotencyStore } from "../../../functions/lib/aws-idempotency";
import { InMemoryIdempotencyStore } from "../../../functions/lib/idempotency";
import { DynamoDBIdempotencyStore } from "../../../functions/lib/idempotency-dynamodb";
import { captured } from "./log-capture";

describe("functions/lib/aws-idempotency", () => {
  it("keeps claims in memory without a table and says so once", () => {
    const { value, lines } = captured(() => awsIdempotencyStore({}));
    assert.ok(value instanceof InMemoryIdempotencyStore);
    assert.deepEqual(lines, [
      {
        severity: "WARNING",
        message: "order ids are claimed in instance memory: exactly-once within this instance only",
        store: "memory",
        fix: "set TACHYON_IDEMPOTENCY_TABLE",
      },
    ]);
  });

  it("claims in the named DynamoDB table", () => {
    const { value, lines } = captured(() =>
      awsIdempotencyStore({
        TACHYON_IDEMPOTENCY_TABLE: "tachyon-staging-eu-west-2-order-claims",
        AWS_REGION: "eu-west-2",
      }),
    );
    assert.ok(value instanceof DynamoDBIdempotencyStore);
    assert.deepEqual(lines, [
      {
        severity: "INFO",
        message: "order ids are claimed in DynamoDB",
        store: "dynamodb",
        table: "tachyon-staging-eu-west-2-order-claims",
      },
    ]);
  });

  it("needs the function's region to sign its claims", () => {
    assert.throws(
      () => awsIdempotencyStore({ TACHYON_IDEMPOTENCY_TABLE: "t" }),
      /^Error: AWS_REGION: must name the function's region, got none\./,
    );
  });
});
