import assert from "node:assert/strict";
import { AwsGlobalEntry, AwsSiteEntry } from "../../../components/edge/aws-entry";
import type { Site } from "../../../model/types";
import { useAwsMocks, valueOf, type Recorder } from "../aws-mocks";

const EAST: Site = {
  id: "aws:us-east-1",
  cloud: "aws",
  region: "us-east-1",
  cidr: "10.10.0.0/16",
  venues: [],
  index: 0,
};

describe("AwsGlobalEntry", () => {
  let mocks: Recorder;
  beforeEach(async () => {
    mocks = await useAwsMocks();
  });

  it("creates the zone, an accelerator with a TLS-port listener and an edge alias", async () => {
    const entry = new AwsGlobalEntry("entry", { domain: "trade.example.com", environment: "prod" });
    assert.equal(await valueOf(entry.zoneId), "Z-entry-zone");
    await mocks.settle();
    assert.equal(mocks.one("aws:route53/zone:Zone", "entry-zone").inputs.name, "trade.example.com");
    assert.equal(
      mocks.one("aws:globalaccelerator/accelerator:Accelerator", "entry-accelerator").inputs
        .ipAddressType,
      "IPV4",
    );
    const listener = mocks.one("aws:globalaccelerator/listener:Listener", "entry-listener").inputs;
    assert.deepEqual(
      [listener.protocol, listener.portRanges],
      ["TCP", [{ fromPort: 443, toPort: 443 }]],
    );
    const edge = mocks.one("aws:route53/record:Record", "entry-edge").inputs;
    assert.deepEqual(edge.aliases, [
      {
        name: "entry-accelerator.awsglobalaccelerator.com",
        zoneId: "Z2BJ6XQ5FK7U4H",
        evaluateTargetHealth: true,
      },
    ]);
  });
});

describe("AwsSiteEntry", () => {
  let mocks: Recorder;
  beforeEach(async () => {
    mocks = await useAwsMocks();
  });

  it("puts an internal ALB with a validated certificate into the accelerator as the region's endpoint group", async () => {
    const entry = new AwsSiteEntry("entry", {
      site: EAST,
      environment: "prod",
      domain: "trade.example.com",
      zoneId: "Z1",
      acceleratorListenerArn: "arn:listener",
      vpcId: "vpc-1",
      subnetIds: ["subnet-1", "subnet-2"],
    });
    assert.equal(entry.apiName, "api.trade.example.com");
    await valueOf(entry.listenerArn);
    await mocks.settle();
    const alb = mocks.one("aws:lb/loadBalancer:LoadBalancer", "entry-alb").inputs;
    assert.deepEqual(
      [alb.internal, alb.loadBalancerType, alb.subnets, alb.dropInvalidHeaderFields],
      [true, "application", ["subnet-1", "subnet-2"], true],
    );
    const validation = mocks.one("aws:route53/record:Record", "entry-cert-validation").inputs;
    assert.deepEqual(
      [validation.name, validation.records, validation.zoneId],
      ["_x1.api.trade.example.com.", ["_x2.acm-validations.aws."], "Z1"],
    );
    const listener = mocks.one("aws:lb/listener:Listener", "entry-https").inputs;
    assert.deepEqual(
      [listener.protocol, listener.port, listener.sslPolicy, listener.certificateArn],
      [
        "HTTPS",
        443,
        "ELBSecurityPolicy-TLS13-1-2-2021-06",
        "arn:aws:acm:us-east-1:123456789012:certificate/entry-cert",
      ],
    );
    const group = mocks.one(
      "aws:globalaccelerator/endpointGroup:EndpointGroup",
      "entry-endpoint-group",
    ).inputs;
    assert.deepEqual(
      [group.listenerArn, group.endpointGroupRegion, group.endpointConfigurations],
      [
        "arn:listener",
        "us-east-1",
        [
          {
            endpointId:
              "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/tachyon-prod-us-east-1-alb/abc",
            weight: 100,
            clientIpPreservationEnabled: true,
          },
        ],
      ],
    );
  });
});
