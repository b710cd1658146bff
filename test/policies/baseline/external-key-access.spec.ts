import assert from "node:assert/strict";
import { externalKeyAccess } from "../../../policies/baseline/external-key-access";
import { validateStack, type FixtureResource } from "../harness";

const KEY = "arn:aws:kms:ap-northeast-1:111122223333:key/shared";
const document = (...statements: object[]) =>
  JSON.stringify({ Version: "2012-10-17", Statement: statements });

const stream: FixtureResource = {
  type: "aws:kinesis/stream:Stream",
  name: "ticks",
  props: { name: "ticks", region: "ap-northeast-1", encryptionType: "KMS", kmsKeyId: KEY },
};
const role: FixtureResource = {
  type: "aws:iam/role:Role",
  name: "normalize-role",
  props: { name: "tachyon-normalize" },
};
const READ = {
  Effect: "Allow",
  Action: ["kinesis:GetRecords", "kinesis:SubscribeToShard"],
  Resource: ["arn:aws:kinesis:ap-northeast-1:111122223333:stream/ticks"],
};
const withInline = (...statements: object[]): FixtureResource => ({
  ...role,
  props: { ...role.props, inlinePolicies: [{ name: "read", policy: document(...statements) }] },
});

describe("external-key-access", () => {
  it("accepts a role granted the outside key it needs", async () => {
    const decrypt = { Effect: "Allow", Action: "kms:Decrypt", Resource: KEY };
    assert.deepEqual(
      await validateStack(externalKeyAccess, [stream, withInline(READ, decrypt)]),
      [],
    );
  });

  it("reports a role that reads a stream on an outside key with no grant on it", async () => {
    assert.deepEqual(await validateStack(externalKeyAccess, [stream, withInline(READ)]), [
      `normalize-role: IAM role tachyon-normalize must be allowed kms:Decrypt on KMS key ${KEY}, which encrypts Kinesis stream ticks in ap-northeast-1 that the role reads; no policy of the role grants it and the key policy is outside the program, so only a statement there naming the role would.`,
    ]);
  });

  it("leaves streams on the AWS-managed key and keys of the program alone", async () => {
    const managed = { ...stream, props: { ...stream.props, kmsKeyId: "alias/aws/kinesis" } };
    assert.deepEqual(await validateStack(externalKeyAccess, [managed, withInline(READ)]), []);
    const key: FixtureResource = { type: "aws:kms/key:Key", name: "ticks-key", props: {} };
    const own = { ...stream, propertyDependencies: { kmsKeyId: [key] } };
    assert.deepEqual(await validateStack(externalKeyAccess, [key, own, withInline(READ)]), []);
  });
});
