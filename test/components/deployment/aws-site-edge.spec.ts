import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { deployAwsSite } from "../../../components/deployment/aws";
import { useAwsMocks, valueOf, type Recorder } from "../aws-mocks";
import { GLOBAL_OUTPUTS, siteContext } from "./aws-fixture";

describe("deployAwsSite: edge, WebSocket, fan-out and dashboard", () => {
  let mocks: Recorder;
  beforeEach(async () => {
    mocks = await useAwsMocks();
  });

  it("answers portfolio requests over a WebSocket API wired to the live alias", async () => {
    const outputs = deployAwsSite(siteContext("aws:ap-northeast-1", []));
    const endpoints = (await valueOf(pulumi.output(outputs.endpoints))) as Record<string, string>;
    assert.equal(
      endpoints.portfolioWebSocket,
      "wss://aws-portfolio-ws-api-id.execute-api.ap-northeast-1.amazonaws.com/live",
    );
    await mocks.settle();
    const alias =
      "arn:aws:lambda:ap-northeast-1:123456789012:function:tachyon-prod-ap-northeast-1-portfolio-value:live";
    assert.equal(
      mocks.one("aws:apigatewayv2/integration:Integration", "aws-portfolio-ws-integration").inputs
        .integrationUri,
      `arn:aws:apigateway:ap-northeast-1:lambda:path/2015-03-31/functions/${alias}/invocations`,
    );
    const permission = mocks.one(
      "aws:lambda/permission:Permission",
      "aws-portfolio-ws-invoke",
    ).inputs;
    assert.deepEqual(
      [permission.function, permission.qualifier],
      ["tachyon-prod-ap-northeast-1-portfolio-value", "live"],
    );
    const fn = mocks.one("aws:lambda/function:Function", "aws-portfolio-value-function").inputs;
    const variables = (fn.environment as { variables: Record<string, string> }).variables;
    // In a VPC with no NAT the function cannot reach the public @connections API, so it is
    // given neither its endpoint nor the permission to post to it.
    assert.deepEqual(
      Object.keys(variables).filter((k) => k.startsWith("TACHYON_WEBSOCKET")),
      [],
    );
    const policy = JSON.parse(
      mocks.one("aws:iam/rolePolicy:RolePolicy", "aws-portfolio-value-policy").inputs
        .policy as string,
    ) as { Statement: { Sid: string; Action: string[] }[] };
    assert.deepEqual(
      policy.Statement.flatMap((st) => st.Action).filter((a) => a.startsWith("execute-api:")),
      [],
    );
  });

  it("builds no WebSocket API where portfolio does not run", async () => {
    deployAwsSite(siteContext("aws:eu-west-2", []));
    await mocks.settle();
    assert.equal(mocks.ofType("aws:apigatewayv2/api:Api").length, 0);
  });

  it("reads each stream through the function's own enhanced fan-out consumer", async () => {
    deployAwsSite(siteContext("aws:us-east-1", []));
    await mocks.settle();
    const stream =
      "arn:aws:kinesis:us-east-1:123456789012:stream/tachyon-prod-us-east-1-market-data";
    assert.equal(
      mocks.one("aws:kinesis/streamConsumer:StreamConsumer", "aws-market-data-consumer-normalize")
        .inputs.streamArn,
      stream,
    );
    assert.equal(
      mocks.one("aws:lambda/eventSourceMapping:EventSourceMapping", "aws-normalize-source-0").inputs
        .eventSourceArn,
      `${stream}/consumer/normalize:1767225600`,
    );
  });

  it("registers the load balancer on the accelerator port the edge pins to the site", async () => {
    const ctx = siteContext("aws:eu-west-2", []);
    const pinned = "arn:aws:globalaccelerator::123456789012:accelerator/a/listener/eu";
    deployAwsSite({
      ...ctx,
      global: (key) =>
        pulumi.output(
          key === "aws" ? { ...GLOBAL_OUTPUTS, pinnedListeners: { "aws:eu-west-2": pinned } } : {},
        ),
    });
    await mocks.settle();
    const group = mocks.one(
      "aws:globalaccelerator/endpointGroup:EndpointGroup",
      "aws-edge-pinned",
    ).inputs;
    assert.deepEqual(
      [group.listenerArn, group.endpointGroupRegion, group.portOverrides],
      [pinned, "eu-west-2", [{ listenerPort: 8445, endpointPort: 443 }]],
    );
    assert.deepEqual(group.endpointConfigurations, [
      {
        endpointId:
          "arn:aws:elasticloadbalancing:eu-west-2:123456789012:loadbalancer/app/tachyon-prod-eu-west-2-alb/abc",
        weight: 100,
        clientIpPreservationEnabled: true,
      },
    ]);
  });

  it("draws one dashboard with every function of the site and every failure queue", async () => {
    deployAwsSite(siteContext("aws:eu-west-2", []));
    await mocks.settle();
    const d = mocks.one("aws:cloudwatch/dashboard:Dashboard", "aws-dashboard-dashboard").inputs;
    assert.equal(d.dashboardName, "tachyon-prod-eu-west-2-latency");
    const body = JSON.parse(d.dashboardBody as string) as {
      widgets: { properties: { title: string } }[];
    };
    assert.deepEqual(
      body.widgets.map((w) => w.properties.title),
      [
        "tachyon-prod-eu-west-2-normalize duration (live)",
        "tachyon-prod-eu-west-2-normalize concurrency, throttles, lag (live)",
        "tachyon-prod-eu-west-2-order duration (live)",
        "tachyon-prod-eu-west-2-order concurrency, throttles, lag (live)",
        "tachyon-prod-eu-west-2-fraud-score duration (live)",
        "tachyon-prod-eu-west-2-fraud-score concurrency, throttles, lag (live)",
        "Dead-letter queue depth",
      ],
    );
  });
});
