import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import {
  deployAwsGlobal,
  deployAwsSite,
  earlierAwsSites,
} from "../../../components/deployment/aws";
import { mostSensitive } from "../../../components/deployment/aws-site";
import { useAwsMocks, valueOf, type Recorder } from "../aws-mocks";
import { GLOBAL_OUTPUTS, siteContext, TOPOLOGY } from "./aws-fixture";
import { SpecParent } from "../recorder";

describe("deployAwsGlobal", () => {
  let mocks: Recorder;
  beforeEach(async () => {
    mocks = await useAwsMocks();
  });

  it("builds the zone, the accelerator, one global table per AWS database and the Direct Connect gateway", async () => {
    const outputs = deployAwsGlobal({ topology: TOPOLOGY, parent: new SpecParent() });
    assert.deepEqual(Object.keys(outputs).sort(), [
      "acceleratorArn",
      "acceleratorDnsName",
      "apiValidationFqdn",
      "dxGatewayId",
      "edgeHostName",
      "edgeKeyValueStoreArn",
      "edgeValidationFqdn",
      "listenerArn",
      "nameServers",
      "pinnedListeners",
      "tables",
      "zoneId",
    ]);
    assert.equal(await valueOf(outputs.dxGatewayId as pulumi.Output<string>), "aws-dx-gateway-id");
    assert.equal(
      await valueOf(outputs.edgeKeyValueStoreArn as pulumi.Output<string>),
      "arn:aws:cloudfront::123456789012:key-value-store/aws-edge-health-uuid",
    );
    assert.equal(
      await valueOf(outputs.apiValidationFqdn as pulumi.Output<string>),
      "_x1.api.trade.example.com",
    );
    assert.equal(
      await valueOf(outputs.edgeValidationFqdn as pulumi.Output<string>),
      "_x1.edge.trade.example.com",
    );
    const tables = await valueOf(pulumi.output(outputs.tables));
    assert.deepEqual(tables, {
      orders: {
        name: "tachyon-prod-orders",
        arn: "arn:aws:dynamodb:us-east-1:123456789012:table/tachyon-prod-orders",
        homeRegion: "us-east-1",
        regions: ["us-east-1", "eu-west-2"],
        keyArns: {
          "us-east-1": "arn:aws:kms:us-east-1:123456789012:key/aws-db-orders-key-us-east-1",
          "eu-west-2": "arn:aws:kms:eu-west-2:123456789012:key/aws-db-orders-key-eu-west-2",
        },
      },
    });
    await mocks.settle();
    const table = mocks.one("aws:dynamodb/table:Table", "aws-db-orders-table").inputs;
    assert.deepEqual(
      (table.replicas as { regionName: string }[]).map((r) => r.regionName),
      ["eu-west-2"],
    );
    assert.equal(mocks.ofType("aws:route53/zone:Zone").length, 1);
    // The shared anycast port, then one port pinned to each AWS site that answers HTTP.
    assert.deepEqual(
      mocks
        .ofType("aws:globalaccelerator/listener:Listener")
        .map((l) => [l.name, (l.inputs.portRanges as { fromPort: number }[])[0].fromPort]),
      [
        ["aws-entry-listener", 443],
        ["aws-edge-pinned-us-east-1", 8443],
        ["aws-edge-pinned-eu-west-2", 8445],
      ],
    );
    assert.equal(mocks.ofType("aws:lambda/function:Function").length, 0);
  });
});

describe("deployAwsSite", () => {
  let mocks: Recorder;
  beforeEach(async () => {
    mocks = await useAwsMocks();
  });

  it("peers with every earlier AWS site and only those", async () => {
    const asks: string[] = [];
    deployAwsSite(siteContext("aws:ap-northeast-1", asks));
    await mocks.settle();
    assert.deepEqual([...new Set(asks)], ["aws:us-east-1/aws", "aws:eu-west-2/aws"]);
    const connections = mocks
      .ofType("aws:ec2/vpcPeeringConnection:VpcPeeringConnection")
      .map((c) => [c.inputs.region, c.inputs.peerRegion, c.inputs.peerVpcId])
      .sort();
    assert.deepEqual(connections, [
      ["ap-northeast-1", "eu-west-2", "vpc-eu-west-2"],
      ["ap-northeast-1", "us-east-1", "vpc-us-east-1"],
    ]);
    const peerRoutes = mocks
      .ofType("aws:ec2/route:Route")
      .filter((r) => r.inputs.region !== "ap-northeast-1")
      .map((r) => [r.inputs.routeTableId, r.inputs.destinationCidrBlock])
      .sort();
    assert.deepEqual(peerRoutes, [
      ["rtb-eu-west-2", "10.40.0.0/16"],
      ["rtb-us-east-1", "10.40.0.0/16"],
    ]);
  });

  it("subscribes the stack's alertEmail to the site's alarm topic", async () => {
    deployAwsSite({
      ...siteContext("aws:us-east-1", []),
      options: { alertEmail: "fx-oncall@trade.example.com" },
    });
    await mocks.settle();
    const sub = mocks.one("aws:sns/topicSubscription:TopicSubscription", "aws-alarms-email-0");
    assert.deepEqual(
      [sub.inputs.protocol, sub.inputs.endpoint, sub.inputs.topic],
      [
        "email",
        "fx-oncall@trade.example.com",
        // The topic every alarm of the site notifies.
        (
          mocks.ofType("aws:cloudwatch/metricAlarm:MetricAlarm")[0].inputs.alarmActions as string[]
        )[0],
      ],
    );
  });

  it("peers with nothing from the first site", async () => {
    const asks: string[] = [];
    deployAwsSite(siteContext("aws:us-east-1", asks));
    await mocks.settle();
    assert.deepEqual(asks, []);
    assert.equal(mocks.ofType("aws:ec2/vpcPeeringConnection:VpcPeeringConnection").length, 0);
  });

  it("deploys every function of the site's workloads with triggers on the live alias", async () => {
    const outputs = deployAwsSite(siteContext("aws:eu-west-2", []));
    const functions = await valueOf(pulumi.output(outputs.functions));
    assert.deepEqual(Object.keys(functions as object).sort(), [
      "fraud-score",
      "normalize",
      "order",
    ]);
    await mocks.settle();
    const alias = (fn: string): string =>
      `arn:aws:lambda:eu-west-2:123456789012:function:tachyon-prod-eu-west-2-${fn}:live`;
    assert.equal(
      mocks.one("aws:lambda/eventSourceMapping:EventSourceMapping", "aws-normalize-source-0").inputs
        .functionName,
      alias("normalize"),
    );
    const targets = mocks
      .ofType("aws:lb/targetGroupAttachment:TargetGroupAttachment")
      .map((a) => a.inputs.targetId)
      .sort();
    assert.deepEqual(targets, [alias("fraud-score"), alias("order")]);
    const provisioned = mocks
      .ofType("aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig")
      .map((p) => [
        p.inputs.functionName,
        p.inputs.qualifier,
        p.inputs.provisionedConcurrentExecutions,
      ])
      .sort();
    assert.deepEqual(provisioned, [
      ["tachyon-prod-eu-west-2-fraud-score", "live", 5],
      ["tachyon-prod-eu-west-2-normalize", "live", 10],
      ["tachyon-prod-eu-west-2-order", "live", 10],
    ]);
    const fn = mocks.one("aws:lambda/function:Function", "aws-order-function").inputs;
    assert.deepEqual(fn.tags, {
      "tachyon-environment": "prod",
      "tachyon-site": "aws:eu-west-2",
      "latency-class": "critical",
      "latency-budget-ms": "15",
      venue: "LSE",
    });
    const variables = (fn.environment as { variables: Record<string, string> }).variables;
    assert.equal(variables.TACHYON_IDEMPOTENCY_TABLE, "tachyon-prod-orders");
    const policy = JSON.parse(
      mocks.one("aws:iam/rolePolicy:RolePolicy", "aws-order-policy").inputs.policy as string,
    );
    const claim = (policy.Statement as { Sid: string; Resource: string[] }[]).find(
      (s) => s.Sid === "ClaimOrderIds",
    );
    assert.deepEqual(claim?.Resource, [
      "arn:aws:dynamodb:eu-west-2:123456789012:table/tachyon-prod-orders",
    ]);
    // The replica's own key, usable only through DynamoDB in the site's region.
    assert.deepEqual(
      (policy.Statement as { Sid: string }[]).find((s) => s.Sid === "UseOrderTableKey"),
      {
        Sid: "UseOrderTableKey",
        Effect: "Allow",
        Action: ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"],
        Resource: ["arn:aws:kms:eu-west-2:123456789012:key/orders-euw2"],
        Condition: { StringEquals: { "kms:ViaService": "dynamodb.eu-west-2.amazonaws.com" } },
      },
    );
    const normalize = mocks.one("aws:lambda/function:Function", "aws-normalize-function").inputs;
    const normalizeEnv = normalize.environment as { variables: Record<string, string> };
    assert.equal(normalizeEnv.variables.TACHYON_VENUE, "LSE");
  });

  it("lets normalize invoke exactly order's live alias for its signals", async () => {
    deployAwsSite(siteContext("aws:eu-west-2", []));
    await mocks.settle();
    const orderAlias =
      "arn:aws:lambda:eu-west-2:123456789012:function:tachyon-prod-eu-west-2-order:live";
    const normalize = mocks.one("aws:lambda/function:Function", "aws-normalize-function").inputs;
    const env = (normalize.environment as { variables: Record<string, string> }).variables;
    assert.equal(env.TACHYON_ORDER_FUNCTION, orderAlias);
    const statements = (
      JSON.parse(
        mocks.one("aws:iam/rolePolicy:RolePolicy", "aws-normalize-policy").inputs.policy as string,
      ) as { Statement: { Sid: string; Effect: string; Action: string[]; Resource: string[] }[] }
    ).Statement;
    assert.deepEqual(
      statements.filter((s) => s.Action.some((a) => a.startsWith("lambda:"))),
      [
        {
          Sid: "InvokeOrderAlias",
          Effect: "Allow",
          Action: ["lambda:InvokeFunction"],
          Resource: [orderAlias],
        },
      ],
    );
    // No other function invokes order, and order itself gets no signal wiring.
    for (const name of ["order", "fraud-score"]) {
      const fn = mocks.one("aws:lambda/function:Function", `aws-${name}-function`).inputs;
      const vars = (fn.environment as { variables: Record<string, string> }).variables;
      assert.equal(vars.TACHYON_ORDER_FUNCTION, undefined, name);
      const policy = mocks.one("aws:iam/rolePolicy:RolePolicy", `aws-${name}-policy`).inputs
        .policy as string;
      assert.doesNotMatch(policy, /lambda:InvokeFunction/, name);
    }
  });

  it("puts the site's internal load balancer in the accelerator and points the site's latency record at the accelerator", async () => {
    deployAwsSite(siteContext("aws:eu-west-2", []));
    await mocks.settle();
    const group = mocks.one(
      "aws:globalaccelerator/endpointGroup:EndpointGroup",
      "aws-site-entry-endpoint-group",
    ).inputs;
    assert.deepEqual(
      [group.listenerArn, group.endpointGroupRegion],
      [GLOBAL_OUTPUTS.listenerArn, "eu-west-2"],
    );
    const record = mocks.one("aws:route53/record:Record", "aws-dns-record").inputs;
    assert.deepEqual(
      [record.zoneId, record.name, record.setIdentifier, record.latencyRoutingPolicies, record.ttl],
      ["Z123", "api.trade.example.com", "aws-eu-west-2", [{ region: "eu-west-2" }], 30],
    );
    assert.deepEqual(record.records, ["a.awsglobalaccelerator.com"]);
    const check = mocks.one("aws:route53/healthCheck:HealthCheck", "aws-dns-health").inputs;
    assert.deepEqual([check.type, check.cloudwatchAlarmRegion], ["CLOUDWATCH_METRIC", "eu-west-2"]);
  });

  it("gives every function role only explicit actions on named resources", async () => {
    deployAwsSite(siteContext("aws:eu-west-2", []));
    await mocks.settle();
    const policies = mocks.ofType("aws:iam/rolePolicy:RolePolicy");
    // The site's three functions and its edge drain.
    assert.deepEqual(policies.map((p) => p.name).sort(), [
      "aws-edge-drain-policy",
      "aws-fraud-score-policy",
      "aws-normalize-policy",
      "aws-order-policy",
    ]);
    for (const p of policies) {
      const doc = JSON.parse(p.inputs.policy as string) as {
        Statement: { Action: string[]; Resource: string[] }[];
      };
      for (const statement of doc.Statement) {
        for (const action of statement.Action) assert.doesNotMatch(action, /\*/, p.name);
        for (const resource of statement.Resource)
          assert.match(resource, /^arn:aws:[a-z0-9-]+:/, p.name);
      }
    }
  });

  it("associates the site with the Direct Connect gateway and records its venues", async () => {
    const outputs = deployAwsSite(siteContext("aws:us-east-1", []));
    assert.deepEqual(outputs.venues, ["NYSE", "NASDAQ"]);
    await mocks.settle();
    const association = mocks.one(
      "aws:directconnect/gatewayAssociation:GatewayAssociation",
      "aws-dx-association",
    ).inputs;
    assert.deepEqual(
      [association.dxGatewayId, association.allowedPrefixes],
      ["dxgw-1", ["10.10.0.0/16"]],
    );
  });

  it("builds no load balancer or record for a site without HTTP functions, and no provisioned concurrency for zero warm instances", async () => {
    deployAwsSite(siteContext("aws:ap-northeast-1", []));
    await mocks.settle();
    assert.equal(mocks.ofType("aws:lb/loadBalancer:LoadBalancer").length, 0);
    assert.equal(mocks.ofType("aws:route53/record:Record").length, 0);
    assert.equal(
      mocks.ofType("aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig").length,
      0,
    );
    assert.equal(
      mocks.one("aws:lambda/eventSourceMapping:EventSourceMapping", "aws-portfolio-value-source-0")
        .inputs.maximumBatchingWindowInSeconds,
      0,
    );
  });
});

describe("earlierAwsSites and mostSensitive", () => {
  it("lists the AWS sites before a site in topology order", () => {
    assert.deepEqual(
      earlierAwsSites(TOPOLOGY, TOPOLOGY.sites[3]).map((s) => s.id),
      ["aws:us-east-1", "aws:eu-west-2"],
    );
  });

  it("picks the most sensitive data class", () => {
    assert.equal(mostSensitive(["internal", "pii", "confidential"]), "pii");
    assert.equal(mostSensitive([]), "public");
  });
});
