import assert from "node:assert/strict";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";
import { logRetention } from "../../../policies/baseline/log-retention";
import { validate, withProp, type FixtureResource } from "../harness";

const fixtures: Record<string, [FixtureResource, string]> = {
  logGroup: [
    { type: "aws:cloudwatch/logGroup:LogGroup", props: { retentionInDays: 365 } },
    "retentionInDays",
  ],
  workspace: [
    {
      type: "azure-native:operationalinsights:Workspace",
      props: { sku: { name: "PerGB2018" }, retentionInDays: 400 },
    },
    "retentionInDays",
  ],
  bucket: [
    {
      type: "gcp:logging/projectBucketConfig:ProjectBucketConfig",
      props: { bucketId: "_Default", retentionDays: 3650 },
    },
    "retentionDays",
  ],
};

describe("log-retention", () => {
  for (const [kind, [r, input]] of Object.entries(fixtures)) {
    it(`accepts a ${kind} that keeps logs a year or more`, async () => {
      assert.deepEqual(await validate(logRetention, r), []);
    });
    it(`gives no violation for a ${kind} whose retention is unknown during preview`, async () => {
      assert.deepEqual(await validate(logRetention, withProp(r, input, unknownValue)), []);
    });
  }

  it("reports a CloudWatch log group kept two weeks", async () => {
    assert.deepEqual(
      await validate(logRetention, withProp(fixtures.logGroup[0], "retentionInDays", 14)),
      ["CloudWatch log group must set retentionInDays to at least 365; found 14 days."],
    );
  });

  it("reports a CloudWatch log group without a retention decision", async () => {
    assert.deepEqual(
      await validate(logRetention, withProp(fixtures.logGroup[0], "retentionInDays", undefined)),
      ["CloudWatch log group must set retentionInDays to at least 365; found unset."],
    );
  });

  it("accepts a CloudWatch log group that never expires", async () => {
    assert.deepEqual(
      await validate(logRetention, withProp(fixtures.logGroup[0], "retentionInDays", 0)),
      [],
    );
  });

  it("reports a Log Analytics workspace on its 30-day default", async () => {
    assert.deepEqual(
      await validate(logRetention, withProp(fixtures.workspace[0], "retentionInDays", undefined)),
      [
        "Log Analytics workspace must set retentionInDays to at least 365; found unset (the default 30 days).",
      ],
    );
  });

  it("reports a Cloud Logging bucket kept 90 days", async () => {
    assert.deepEqual(
      await validate(logRetention, withProp(fixtures.bucket[0], "retentionDays", 90)),
      ["Cloud Logging bucket must set retentionDays to at least 365; found 90 days."],
    );
  });

  it("uses the configured minimum", async () => {
    const r = withProp(fixtures.bucket[0], "retentionDays", 90);
    assert.deepEqual(await validate(logRetention, r, { minimumDays: 90 }), []);
    assert.deepEqual(await validate(logRetention, r, { minimumDays: 91 }), [
      "Cloud Logging bucket must set retentionDays to at least 91; found 90 days.",
    ]);
  });
});
