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
    assert.equal(entry.apiValidationFqdn, undefined);
    assert.equal(mocks.ofType("aws:acm/certificate:Certificate").length, 0);
  });

  it("owns the one validation record of api.<domain> when sites answer HTTP", async () => {
    const entry = new AwsGlobalEntry("entry", {
      domain: "trade.example.com",
      environment: "prod",
      apiCertificate: true,
    });
    assert.ok(entry.apiValidationFqdn);
    await valueOf(entry.apiValidationFqdn);
    await mocks.settle();
    const cert = mocks.one("aws:acm/certificate:Certificate", "entry-api-cert").inputs;
    assert.deepEqual(
      [cert.region, cert.domainName, cert.validationMethod],
      ["us-east-1", "api.trade.example.com", "DNS"],
    );
    const record = mocks.one("aws:route53/record:Record", "entry-api-cert-validation").inputs;
    assert.deepEqual(
      [record.zoneId, record.name, record.type, record.records, record.ttl, record.allowOverwrite],
      [
        "Z-entry-zone",
        "_x1.api.trade.example.com.",
        "CNAME",
        ["_x2.acm-validations.aws."],
        60,
        undefined,
      ],
    );
    // The AWS-only name of the edge distribution's origin is validated beside it.
    assert.deepEqual(cert.subjectAlternativeNames, ["edge.trade.example.com"]);
    const edgeRecord = mocks.one("aws:route53/record:Record", "entry-edge-cert-validation").inputs;
    assert.deepEqual(
      [edgeRecord.name, edgeRecord.type, edgeRecord.records],
      ["_x1.edge.trade.example.com.", "CNAME", ["_x2.acm-validations.aws."]],
    );
    assert.equal(await valueOf(entry.edgeValidationFqdn!), "_x1.edge.trade.example.com");
    const valid = mocks.one(
      "aws:acm/certificateValidation:CertificateValidation",
      "entry-api-cert-valid",
    ).inputs;
    assert.deepEqual(
      [valid.region, valid.validationRecordFqdns],
      ["us-east-1", ["_x1.api.trade.example.com", "_x1.edge.trade.example.com"]],
    );
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
      validationRecordFqdns: ["_x1.api.trade.example.com", "_x1.edge.trade.example.com"],
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
    // The certificate covers the latency-routed name and the AWS-only name the edge uses.
    const cert = mocks.one("aws:acm/certificate:Certificate", "entry-cert").inputs;
    assert.deepEqual(
      [cert.domainName, cert.subjectAlternativeNames],
      ["api.trade.example.com", ["edge.trade.example.com"]],
    );
    // The site validates with the global stack's records and owns no record of its own.
    assert.deepEqual(
      mocks.one("aws:acm/certificateValidation:CertificateValidation", "entry-cert-valid").inputs
        .validationRecordFqdns,
      ["_x1.api.trade.example.com", "_x1.edge.trade.example.com"],
    );
    assert.equal(mocks.ofType("aws:route53/record:Record").length, 0);
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
