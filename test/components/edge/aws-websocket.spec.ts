import assert from "node:assert/strict";
import {
  ACCESS_LOG_FORMAT,
  APIGW_LOGS_POLICY_ARN,
  AwsWebSocketApi,
} from "../../../components/edge/aws-websocket";
import { useAwsMocks, valueOf, type Recorder } from "../aws-mocks";

const ALIAS =
  "arn:aws:lambda:us-east-1:123456789012:function:tachyon-dev-us-east-1-portfolio-value:live";

describe("AwsWebSocketApi", () => {
  let mocks: Recorder;
  let ws: AwsWebSocketApi;
  beforeEach(async () => {
    mocks = await useAwsMocks();
    ws = new AwsWebSocketApi("ws", {
      region: "us-east-1",
      apiName: "tachyon-dev-us-east-1-portfolio-ws",
      logRoleName: "tachyon-dev-us-east-1-apigw-logs",
    });
    ws.route({ functionName: "tachyon-dev-us-east-1-portfolio-value", aliasArn: ALIAS });
    await mocks.settle();
  });

  it("creates a WebSocket API whose three routes proxy to the live alias", () => {
    const api = mocks.one("aws:apigatewayv2/api:Api", "ws-api").inputs;
    assert.deepEqual(
      [api.protocolType, api.routeSelectionExpression, api.region],
      ["WEBSOCKET", "$request.body.action", "us-east-1"],
    );
    const integration = mocks.one(
      "aws:apigatewayv2/integration:Integration",
      "ws-integration",
    ).inputs;
    assert.deepEqual(
      [integration.integrationType, integration.integrationMethod, integration.integrationUri],
      [
        "AWS_PROXY",
        "POST",
        `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${ALIAS}/invocations`,
      ],
    );
    const routes = mocks
      .ofType("aws:apigatewayv2/route:Route")
      .map((r) => [r.inputs.routeKey, r.inputs.authorizationType, r.inputs.target]);
    assert.deepEqual(routes, [
      ["$connect", "AWS_IAM", "integrations/ws-integration-id"],
      ["$disconnect", "NONE", "integrations/ws-integration-id"],
      ["$default", "NONE", "integrations/ws-integration-id"],
    ]);
  });

  it("returns the function's answer on $default to the client, and only there", () => {
    const selection = mocks
      .ofType("aws:apigatewayv2/route:Route")
      .map((r) => [r.inputs.routeKey, r.inputs.routeResponseSelectionExpression]);
    assert.deepEqual(selection, [
      ["$connect", undefined],
      ["$disconnect", undefined],
      ["$default", "$default"],
    ]);
    const responses = mocks.ofType("aws:apigatewayv2/routeResponse:RouteResponse");
    assert.deepEqual(
      responses.map((r) => [r.name, r.inputs.routeId, r.inputs.routeResponseKey, r.inputs.region]),
      [["ws-route-default-response", "ws-route-default-id", "$default", "us-east-1"]],
    );
  });

  it("lets only this API invoke only the live alias", () => {
    const p = mocks.one("aws:lambda/permission:Permission", "ws-invoke").inputs;
    assert.deepEqual(
      [p.function, p.qualifier, p.principal, p.sourceArn],
      [
        "tachyon-dev-us-east-1-portfolio-value",
        "live",
        "apigateway.amazonaws.com",
        "arn:aws:execute-api:us-east-1:123456789012:ws-api-id/*",
      ],
    );
  });

  it("throttles the stage and writes JSON access logs through the account's logging role", () => {
    const stage = mocks.one("aws:apigatewayv2/stage:Stage", "ws-stage").inputs;
    assert.deepEqual([stage.name, stage.autoDeploy], ["live", true]);
    assert.deepEqual(stage.defaultRouteSettings, {
      throttlingRateLimit: 1000,
      throttlingBurstLimit: 500,
      loggingLevel: "ERROR",
      dataTraceEnabled: false,
      detailedMetricsEnabled: true,
    });
    assert.deepEqual(stage.accessLogSettings, {
      destinationArn:
        "arn:aws:logs:us-east-1:123456789012:log-group:/aws/apigateway/tachyon-dev-us-east-1-portfolio-ws/live",
      format: ACCESS_LOG_FORMAT,
    });
    assert.equal(
      mocks.one("aws:apigateway/account:Account", "ws-account").inputs.cloudwatchRoleArn,
      "arn:aws:iam::123456789012:role/tachyon-dev-us-east-1-apigw-logs",
    );
    assert.equal(
      mocks.one("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "ws-log-policy").inputs
        .policyArn,
      APIGW_LOGS_POLICY_ARN,
    );
  });

  it("names the stage's wss:// URL and describes the API as request and reply", async () => {
    assert.equal(await valueOf(ws.url), "wss://ws-api-id.execute-api.us-east-1.amazonaws.com/live");
    assert.equal(
      mocks.one("aws:apigatewayv2/api:Api", "ws-api").inputs.description,
      "Answers portfolio revaluation requests on the client's connection.",
    );
  });

  describe("in an account shared with other stacks", () => {
    it("sets the region's logging setting to the given role and creates none", async () => {
      mocks = await useAwsMocks();
      new AwsWebSocketApi("shared", {
        region: "eu-west-2",
        apiName: "tachyon-prod-eu-west-2-portfolio-ws",
        logRoleName: "tachyon-prod-eu-west-2-apigw-logs",
        logRoleArn: "arn:aws:iam::123456789012:role/service-role/apigw-cloudwatch",
      });
      await mocks.settle();
      assert.deepEqual(mocks.one("aws:apigateway/account:Account", "shared-account").inputs, {
        region: "eu-west-2",
        cloudwatchRoleArn: "arn:aws:iam::123456789012:role/service-role/apigw-cloudwatch",
      });
      assert.equal(mocks.ofType("aws:iam/role:Role").length, 0);
      assert.equal(mocks.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment").length, 0);
    });
  });
});
