import * as assert from "node:assert/strict";
import { answerInvoke, UnknownInvokeError } from "../../../tools/engine/invokes";

const WHERE = { region: "eu-west-2", gcpProject: "tachyon-offline" };

describe("tools/engine/invokes", () => {
  it("answers aws getRegion with the placement's region unless the call names one", () => {
    assert.deepEqual(answerInvoke("aws:index/getRegion:getRegion", {}, WHERE), {
      id: "eu-west-2",
      name: "eu-west-2",
      region: "eu-west-2",
      description: "offline eu-west-2",
      endpoint: "ec2.eu-west-2.amazonaws.com",
    });
    assert.equal(
      answerInvoke("aws:index/getRegion:getRegion", { region: "ap-northeast-1" }, WHERE)["region"],
      "ap-northeast-1",
    );
  });

  it("answers getAvailabilityZones with three zones and AWS-style zone ids", () => {
    const zones = answerInvoke(
      "aws:index/getAvailabilityZones:getAvailabilityZones",
      {},
      { ...WHERE, region: "ap-northeast-1" },
    );
    assert.deepEqual(zones["names"], ["ap-northeast-1a", "ap-northeast-1b", "ap-northeast-1c"]);
    assert.deepEqual(zones["zoneIds"], ["apne1-az1", "apne1-az2", "apne1-az3"]);
  });

  it("answers caller identity, partition and the Azure and Google client config", () => {
    assert.equal(
      answerInvoke("aws:index/getCallerIdentity:getCallerIdentity", {}, WHERE)["accountId"],
      "123456789012",
    );
    assert.equal(
      answerInvoke("aws:index/getPartition:getPartition", {}, WHERE)["dnsSuffix"],
      "amazonaws.com",
    );
    assert.equal(
      answerInvoke("azure-native:authorization:getClientConfig", {}, WHERE)["subscriptionId"],
      "00000000-0000-4000-8000-000000000001",
    );
    assert.equal(
      answerInvoke("gcp:organizations/getClientConfig:getClientConfig", {}, WHERE)["project"],
      "tachyon-offline",
    );
    assert.equal(
      answerInvoke("gcp:organizations/getProject:getProject", {}, WHERE)["number"],
      "123456789012",
    );
  });

  it("renders an IAM policy document the way AWS writes one", () => {
    const doc = answerInvoke(
      "aws:iam/getPolicyDocument:getPolicyDocument",
      {
        statements: [
          {
            effect: "Allow",
            actions: ["sqs:SendMessage"],
            resources: ["arn:aws:sqs:eu-west-2:123456789012:q"],
            principals: [{ type: "Service", identifiers: ["lambda.amazonaws.com"] }],
          },
        ],
      },
      WHERE,
    );
    assert.equal(
      doc["minifiedJson"],
      '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sqs:SendMessage","Resource":"arn:aws:sqs:eu-west-2:123456789012:q","Principal":{"Service":"lambda.amazonaws.com"}}]}',
    );
  });

  it("fails an unknown invoke with a message naming its token", () => {
    assert.throws(
      () => answerInvoke("aws:ec2/getAmi:getAmi", {}, WHERE),
      (err: Error) => {
        assert.ok(err instanceof UnknownInvokeError);
        assert.equal(err.token, "aws:ec2/getAmi:getAmi");
        assert.equal(
          err.message,
          'Invoke "aws:ec2/getAmi:getAmi" has no offline answer, got a call the invoke table does not know. Answer it under "invokes" in a --mocks file.',
        );
        return true;
      },
    );
  });
});
