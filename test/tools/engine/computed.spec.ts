import * as assert from "node:assert/strict";
import { computeOutputs } from "../../../tools/engine/computed";

const WHERE = { region: "us-east-1", gcpProject: "tachyon-offline" };
const URN = "urn:pulumi:dev::p::aws:lambda/function:Function::score";

describe("tools/engine/computed", () => {
  it("gives a published Lambda function its ARN, version and qualified ARN", () => {
    const { id, outputs } = computeOutputs(
      URN,
      "aws:lambda/function:Function",
      "score",
      { name: "tachyon-score", publish: true, memorySize: 2048 },
      WHERE,
    );
    assert.equal(id, "tachyon-score");
    assert.equal(outputs["arn"], "arn:aws:lambda:us-east-1:123456789012:function:tachyon-score");
    assert.equal(outputs["version"], "1");
    assert.equal(
      outputs["qualifiedArn"],
      "arn:aws:lambda:us-east-1:123456789012:function:tachyon-score:1",
    );
    assert.equal(outputs["memorySize"], 2048);
  });

  it("names a Global Datastore by a stable prefix and the suffix the program chose", () => {
    const urn =
      "urn:pulumi:dev::p::aws:elasticache/globalReplicationGroup:GlobalReplicationGroup::g";
    const inputs = { globalReplicationGroupIdSuffix: "tachyon-dev-us-east-1-cache" };
    const type = "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup";
    const a = computeOutputs(urn, type, "g", inputs, WHERE);
    assert.deepEqual(a, computeOutputs(urn, type, "g", inputs, WHERE));
    assert.match(
      a.outputs["globalReplicationGroupId"] as string,
      /^[0-9a-f]{5}-tachyon-dev-us-east-1-cache$/,
    );
  });

  it("autonames a resource without a name input from its logical name and URN, stably", () => {
    const a = computeOutputs(URN, "aws:sqs/queue:Queue", "orders", {}, WHERE);
    const b = computeOutputs(URN, "aws:sqs/queue:Queue", "orders", {}, WHERE);
    assert.deepEqual(a, b);
    assert.match(a.outputs["name"] as string, /^orders-[0-9a-f]{7}$/);
    assert.equal(
      a.outputs["url"],
      `https://sqs.us-east-1.amazonaws.com/123456789012/${a.outputs["name"] as string}`,
    );
  });

  it("builds Azure resource ids from the resource group and the resource's name input", () => {
    const { id, outputs } = computeOutputs(
      URN,
      "azure-native:web:WebApp",
      "fn",
      { name: "tachyon-fn", resourceGroupName: "rg1", location: "westeurope" },
      { ...WHERE, region: "westeurope" },
    );
    assert.equal(
      id,
      "/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg1/providers/Microsoft.Web/sites/tachyon-fn",
    );
    assert.equal(outputs["type"], "Microsoft.Web/sites");
    assert.equal(outputs["defaultHostName"], "tachyon-fn.azurewebsites.net");
  });

  it("asks for one ACM validation record per domain name, whatever the region", () => {
    const type = "aws:acm/certificate:Certificate";
    const inputs = { domainName: "api.trade.example.com", validationMethod: "DNS" };
    const east = computeOutputs(`${URN}-east`, type, "east", inputs, WHERE);
    const west = computeOutputs(`${URN}-west`, type, "west", inputs, {
      ...WHERE,
      region: "eu-west-2",
    });
    const [option] = east.outputs["domainValidationOptions"] as Record<string, string>[];
    assert.equal(option.domainName, "api.trade.example.com");
    assert.match(option.resourceRecordName, /^_[0-9a-f]{32}\.api\.trade\.example\.com\.$/);
    assert.match(option.resourceRecordValue, /^_[0-9a-f]{32}\.acm-validations\.aws\.$/);
    assert.deepEqual(
      west.outputs["domainValidationOptions"],
      east.outputs["domainValidationOptions"],
    );
    assert.notEqual(west.outputs["arn"], east.outputs["arn"]);
  });

  it("asks for one ACM validation record per subject alternative name too", () => {
    const type = "aws:acm/certificate:Certificate";
    const single = computeOutputs(
      `${URN}-a`,
      type,
      "a",
      { domainName: "edge.trade.example.com" },
      WHERE,
    );
    const both = computeOutputs(
      `${URN}-b`,
      type,
      "b",
      { domainName: "api.trade.example.com", subjectAlternativeNames: ["edge.trade.example.com"] },
      WHERE,
    );
    const options = both.outputs["domainValidationOptions"] as Record<string, string>[];
    assert.deepEqual(
      options.map((o) => o.domainName),
      ["api.trade.example.com", "edge.trade.example.com"],
    );
    // The same name asks for the same record, whichever certificate lists it.
    assert.deepEqual(options[1], (single.outputs["domainValidationOptions"] as unknown[])[0]);
  });

  it("gives a Front Door custom domain the token of its _dnsauth TXT record", () => {
    const urn = "urn:pulumi:dev::p::azure-native:cdn:AFDCustomDomain::api";
    const type = "azure-native:cdn:AFDCustomDomain";
    const inputs = { customDomainName: "api", hostName: "api.trade.example.com" };
    const a = computeOutputs(urn, type, "api", inputs, WHERE);
    const b = computeOutputs(`${urn}2`, type, "api2", inputs, WHERE);
    const token = (a.outputs["validationProperties"] as Record<string, string>).validationToken;
    assert.match(token, /^[0-9a-f]{32}$/);
    assert.notEqual(
      (b.outputs["validationProperties"] as Record<string, string>).validationToken,
      token,
    );
    assert.equal(a.outputs["domainValidationState"], "Pending");
    assert.equal(a.outputs["name"], "api");
  });

  it("names a Front Door endpoint by its endpointName, the prefix of its host name", () => {
    const urn = "urn:pulumi:dev::p::azure-native:cdn:AFDEndpoint::endpoint";
    const inputs = { endpointName: "tachyon-prod", profileName: "tachyon-prod" };
    const { outputs } = computeOutputs(
      urn,
      "azure-native:cdn:AFDEndpoint",
      "endpoint",
      inputs,
      WHERE,
    );
    assert.equal(outputs["name"], "tachyon-prod");
    assert.match(outputs["hostName"] as string, /^tachyon-prod-[0-9a-f]{12}\.z01\.azurefd\.net$/);
  });

  it("gives a Front Door profile a stable GUID as its Front Door id", () => {
    const urn = "urn:pulumi:dev::p::azure-native:cdn:Profile::fd";
    const type = "azure-native:cdn:Profile";
    const inputs = { profileName: "tachyon-dev", resourceGroupName: "rg1" };
    const a = computeOutputs(urn, type, "fd", inputs, WHERE);
    assert.deepEqual(a, computeOutputs(urn, type, "fd", inputs, WHERE));
    assert.match(
      a.outputs["frontDoorId"] as string,
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it("does not overwrite inputs with generic defaults", () => {
    const { outputs } = computeOutputs(
      URN,
      "aws:kinesis/stream:Stream",
      "s",
      { name: "given" },
      WHERE,
    );
    assert.equal(outputs["name"], "given");
    assert.equal(outputs["arn"], "arn:aws:kinesis:us-east-1:123456789012:stream/given");
  });
});
