import assert from "node:assert/strict";
import { AzureFrontDoorDomains } from "../../../components/edge/azure-front-door-domains";
import { useRecordingMocks, type Recorder } from "../azure-gcp-mocks";

describe("AzureFrontDoorDomains", () => {
  let mocks: Recorder;
  beforeEach(async () => {
    mocks = await useRecordingMocks();
  });

  const args = {
    resourceGroupName: "rg",
    profileName: "tachyon-prod",
    endpointHostName: "tachyon-prod-abc.z01.azurefd.net",
    zoneId: "Z1",
    domain: "trade.example.com",
    subdomains: ["api", "azure.api"],
    direct: "azure.api",
  };

  it("makes only the per-cloud name a CNAME to the endpoint, with a one-minute TTL", async () => {
    const domains = new AzureFrontDoorDomains("fd", args);
    assert.deepEqual(domains.hostNames, ["api.trade.example.com", "azure.api.trade.example.com"]);
    await mocks.settle();
    const cname = mocks.one("aws:route53/record:Record", "fd-cname").inputs;
    assert.deepEqual(
      [cname.name, cname.type, cname.ttl, cname.records],
      ["azure.api.trade.example.com", "CNAME", 60, ["tachyon-prod-abc.z01.azurefd.net"]],
    );
    assert.deepEqual(
      mocks
        .ofType("aws:route53/record:Record")
        .map((r) => r.name)
        .sort(),
      ["fd-api-dnsauth", "fd-azure-api-dnsauth", "fd-cname"],
    );
  });

  it("rejects a per-cloud name that is not one of its custom domains", () => {
    assert.throws(() => new AzureFrontDoorDomains("fd", { ...args, direct: "azure" }), {
      message:
        'AzureFrontDoorDomains "fd": "direct" must be one of "subdomains", got "azure". Add it to "subdomains" or name one of ["api","azure.api"].',
    });
  });
});
