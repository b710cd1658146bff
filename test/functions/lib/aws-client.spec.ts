import assert from "node:assert/strict";
import {
  AwsClient,
  AwsError,
  awsClientFromEnv,
  backoffDelay,
  errorTypeOf,
  isRetryable,
  lambdaEnvironment,
} from "../../../functions/lib/aws-client";
import type { AwsCredentials } from "../../../functions/lib/aws-sigv4";
import {
  amzJsonError,
  dynamoService,
  startEmulator,
  type Emulator,
  type Table,
} from "./aws-emulator";

const CREDENTIALS: AwsCredentials = {
  accessKeyId: "ASIAQEXAMPLECLIENT01",
  secretAccessKey: "client/spec/secret/EXAMPLEKEY+0123456789ab",
  sessionToken: "IQoJb3JpZ2luX2VjEXAMPLEclientspec==",
};
const THROTTLED = amzJsonError(
  400,
  "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
  "The level of configured provisioned throughput for the table was exceeded.",
);

describe("functions/lib/aws-client", () => {
  let emulator: Emulator;
  let table: Table;
  let client: AwsClient;

  beforeEach(async () => {
    table = new Map();
    emulator = await startEmulator({
      credentials: CREDENTIALS,
      region: "eu-west-2",
      service: "dynamodb",
      handle: dynamoService("claims", table),
    });
    client = new AwsClient({
      service: "dynamodb",
      region: "eu-west-2",
      credentials: CREDENTIALS,
      endpoint: emulator.endpoint,
      random: () => 0,
      timeoutMs: 300,
    });
  });

  afterEach(async () => {
    client.close();
    await emulator.close();
  });

  it("sends a signed AWS JSON 1.0 call with its target and answers the parsed body", async () => {
    const answer = await client.json("DynamoDB_20120810.PutItem", {
      TableName: "claims",
      Item: { pk: { S: "o-1" } },
    });
    assert.deepEqual(answer, {});
    assert.deepEqual(emulator.refused, []);
    assert.equal(emulator.requests.length, 1);
    const seen = emulator.requests[0];
    assert.equal(seen?.headers["x-amz-target"], "DynamoDB_20120810.PutItem");
    assert.equal(seen?.headers["content-type"], "application/x-amz-json-1.0");
    assert.equal(seen?.headers["x-amz-security-token"], CREDENTIALS.sessionToken);
    assert.deepEqual(JSON.parse(seen?.body.toString("utf8") ?? ""), {
      TableName: "claims",
      Item: { pk: { S: "o-1" } },
    });
    assert.deepEqual(table.get("o-1"), { pk: { S: "o-1" } });
  });

  it("maps an error body's __type to the error's type and keeps its fields", async () => {
    table.set("o-1", { pk: { S: "o-1" }, state: { S: "done" } });
    const error = await client
      .json("DynamoDB_20120810.PutItem", {
        TableName: "claims",
        Item: { pk: { S: "o-1" } },
        ConditionExpression: "attribute_not_exists(pk)",
        ReturnValuesOnConditionCheckFailure: "ALL_OLD",
      })
      .then(
        () => assert.fail("the condition must fail"),
        (e: unknown) => e,
      );
    assert.ok(error instanceof AwsError);
    assert.equal(error.type, "ConditionalCheckFailedException");
    assert.equal(error.name, "ConditionalCheckFailedException");
    assert.equal(error.status, 400);
    assert.equal(error.message, "ConditionalCheckFailedException: The conditional request failed");
    assert.deepEqual(error.body.Item, { pk: { S: "o-1" }, state: { S: "done" } });
    assert.equal(emulator.requests.length, 1, "a failed condition is never retried");
  });

  it("retries throttling and 5xx answers, then answers the success", async () => {
    emulator.script.push(THROTTLED, { status: 503, body: "" });
    await client.json("DynamoDB_20120810.PutItem", {
      TableName: "claims",
      Item: { pk: { S: "o-2" } },
    });
    assert.equal(emulator.requests.length, 3);
    assert.deepEqual(table.get("o-2"), { pk: { S: "o-2" } });
  });

  it("gives up after maxAttempts with the last throttling error", async () => {
    emulator.script.push(THROTTLED, THROTTLED, THROTTLED, THROTTLED);
    await assert.rejects(
      client.json("DynamoDB_20120810.PutItem", {
        TableName: "claims",
        Item: { pk: { S: "o-3" } },
      }),
      { name: "ProvisionedThroughputExceededException", status: 400 },
    );
    assert.equal(emulator.requests.length, 3);
    assert.equal(table.size, 0);
  });

  it("never retries a client error", async () => {
    await assert.rejects(
      client.json("DynamoDB_20120810.PutItem", { TableName: "other", Item: { pk: { S: "x" } } }),
      {
        name: "ResourceNotFoundException",
        message: "ResourceNotFoundException: Requested resource not found",
      },
    );
    assert.equal(emulator.requests.length, 1);
  });

  it("fails a stalled attempt after its timeout without retrying it", async () => {
    emulator.script.push("stall");
    const started = Date.now();
    await assert.rejects(
      client.json("DynamoDB_20120810.DeleteItem", { TableName: "claims", Key: { pk: { S: "x" } } }),
      (error: unknown) => {
        assert.ok(error instanceof AwsError);
        assert.equal(error.type, "TimeoutError");
        assert.equal(error.status, 0);
        assert.match(error.message, /^POST 127\.0\.0\.1:\d+\/: no answer within 300 ms$/);
        return true;
      },
    );
    assert.ok(Date.now() - started < 2000);
    assert.equal(emulator.requests.length, 1);
  });

  it("keeps one connection alive across sequential calls", async () => {
    for (let i = 0; i < 5; i++) {
      await client.json("DynamoDB_20120810.PutItem", {
        TableName: "claims",
        Item: { pk: { S: `k-${i}` } },
      });
    }
    assert.equal(emulator.requests.length, 5);
    assert.equal(emulator.connections(), 1);
  });

  it("is refused by a server that recomputes the signature when the secret is wrong", async () => {
    const forged = new AwsClient({
      service: "dynamodb",
      region: "eu-west-2",
      credentials: { ...CREDENTIALS, secretAccessKey: "not-the-secret" },
      endpoint: emulator.endpoint,
    });
    await assert.rejects(
      forged.json("DynamoDB_20120810.PutItem", { TableName: "claims", Item: { pk: { S: "f" } } }),
      { name: "InvalidSignatureException", status: 403 },
    );
    forged.close();
    assert.deepEqual(emulator.refused, ["signature mismatch"]);
    assert.equal(table.size, 0);
  });

  it("reads the error type from __type or x-amzn-errortype without namespace or suffix", () => {
    const cases: [Record<string, string>, unknown, string][] = [
      [
        {},
        { __type: "com.amazonaws.dynamodb.v20120810#ThrottlingException" },
        "ThrottlingException",
      ],
      [
        { "x-amzn-errortype": "ResourceNotFoundException:http://internal.amazon.com/" },
        {},
        "ResourceNotFoundException",
      ],
      [{}, { code: "AccessDeniedException" }, "AccessDeniedException"],
      [{}, undefined, "UnknownError"],
    ];
    for (const [headers, body, type] of cases) assert.equal(errorTypeOf(headers, body), type);
  });

  it("retries only throttling, 429 and 5xx", () => {
    const cases: [number, string, boolean][] = [
      [400, "ThrottlingException", true],
      [400, "ProvisionedThroughputExceededException", true],
      [429, "TooManyRequestsException", true],
      [500, "InternalServerError", true],
      [503, "ServiceUnavailable", true],
      [400, "ConditionalCheckFailedException", false],
      [400, "ValidationException", false],
      [403, "AccessDeniedException", false],
      [404, "ResourceNotFoundException", false],
    ];
    for (const [status, type, retry] of cases) assert.equal(isRetryable(status, type), retry, type);
  });

  it("backs off with full jitter, doubling the ceiling up to the cap", () => {
    assert.equal(
      backoffDelay(1, 20, 500, () => 0.999),
      19,
    );
    assert.equal(
      backoffDelay(2, 20, 500, () => 0.5),
      20,
    );
    assert.equal(
      backoffDelay(3, 20, 500, () => 0.5),
      40,
    );
    assert.equal(
      backoffDelay(10, 20, 500, () => 0.5),
      250,
    );
    assert.equal(
      backoffDelay(4, 20, 500, () => 0),
      0,
    );
  });

  it("takes region and credentials from the Lambda environment", () => {
    const env = {
      AWS_REGION: "ap-northeast-1",
      AWS_ACCESS_KEY_ID: "AKIDENV",
      AWS_SECRET_ACCESS_KEY: "secret",
      AWS_SESSION_TOKEN: "token",
    };
    const { region, credentials } = lambdaEnvironment(env);
    assert.equal(region, "ap-northeast-1");
    assert.deepEqual(credentials(), {
      accessKeyId: "AKIDENV",
      secretAccessKey: "secret",
      sessionToken: "token",
    });
    const lambda = awsClientFromEnv("lambda", {}, env);
    assert.equal(lambda.endpoint.href, "https://lambda.ap-northeast-1.amazonaws.com/");
    lambda.close();
    const local = { ...env, AWS_ENDPOINT_URL: "http://127.0.0.1:9000" };
    assert.equal(awsClientFromEnv("lambda", {}, local).endpoint.href, "http://127.0.0.1:9000/");
    assert.equal(
      awsClientFromEnv(
        "dynamodb",
        {},
        { ...local, AWS_ENDPOINT_URL_DYNAMODB: "http://127.0.0.1:8000" },
      ).endpoint.href,
      "http://127.0.0.1:8000/",
    );
    assert.throws(() => lambdaEnvironment({}), {
      message:
        "AWS_REGION: must name the function's region, got none. Run in Lambda or export AWS_REGION.",
    });
    assert.throws(() => lambdaEnvironment({ AWS_REGION: "us-east-1" }).credentials(), {
      message:
        "AWS_ACCESS_KEY_ID: must be set with AWS_SECRET_ACCESS_KEY to sign AWS requests, got none. Run in Lambda or export the role's credentials.",
    });
  });
});
