import assert from "node:assert/strict";
import type * as acm from "@pulumi/aws/acm";
import * as route53 from "@pulumi/aws/route53";
import * as pulumi from "@pulumi/pulumi";
import { validationRecordArgs } from "../../../components/edge/aws-acm";
import { useAwsMocks, type Recorder } from "../aws-mocks";

/** A certificate that offers these DNS validation options. */
function certificate(options: unknown[]): acm.Certificate {
  return { domainValidationOptions: pulumi.output(options) } as unknown as acm.Certificate;
}

describe("validationRecordArgs", () => {
  let mocks: Recorder;
  beforeEach(async () => {
    mocks = await useAwsMocks();
  });

  it("writes the CNAME ACM asks for the certificate's name", async () => {
    const cert = certificate([
      {
        domainName: "www.trade.example.com",
        resourceRecordName: "_w.www.trade.example.com.",
        resourceRecordType: "CNAME",
        resourceRecordValue: "_w.acm-validations.aws.",
      },
      {
        domainName: "api.trade.example.com",
        resourceRecordName: "_a.api.trade.example.com.",
        resourceRecordType: "CNAME",
        resourceRecordValue: "_a.acm-validations.aws.",
      },
    ]);
    new route53.Record("v", validationRecordArgs("Z1", cert, "api.trade.example.com"));
    await mocks.settle();
    const record = mocks.one("aws:route53/record:Record", "v").inputs;
    assert.deepEqual(
      [record.zoneId, record.name, record.type, record.records, record.ttl],
      ["Z1", "_a.api.trade.example.com.", "CNAME", ["_a.acm-validations.aws."], 60],
    );
  });

  it("fails naming the certificate when ACM offers no DNS record", async () => {
    new route53.Record("v", validationRecordArgs("Z1", certificate([]), "api.trade.example.com"));
    await assert.rejects(mocks.settle(), (error: Error) =>
      error.message.endsWith(
        'ACM certificate for api.trade.example.com: must offer a DNS validation record, got none. Request it with validationMethod "DNS".',
      ),
    );
  });
});
