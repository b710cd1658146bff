import assert from "node:assert/strict";
import { GcpGoogleApis, googleApisAddress } from "../../../components/network/gcp-google-apis";
import { GcpSiteNetwork } from "../../../components/network/gcp-network";
import { useRecordingMocks } from "../azure-gcp-mocks";

describe("GcpSiteNetwork", () => {
  it("creates no router or attachment without an interconnect", async () => {
    const mocks = await useRecordingMocks();
    new GcpSiteNetwork("net", {
      network: "vpc",
      region: "us-east4",
      cidr: "10.40.0.0/16",
      baseName: "tachyon-prod-us-east4",
    });
    await mocks.settle();
    assert.deepEqual(
      mocks.resources.filter((r) => r.type.startsWith("gcp:")).map((r) => r.type),
      ["gcp:compute/subnetwork:Subnetwork"],
    );
  });

  it("attaches a partner interconnect through a Cloud Router advertising the site CIDR", async () => {
    const mocks = await useRecordingMocks();
    new GcpSiteNetwork("net", {
      network: "vpc",
      region: "us-east4",
      cidr: "10.40.0.0/16",
      baseName: "tachyon-prod-us-east4",
      interconnect: { type: "PARTNER" },
    });
    await mocks.settle();
    const router = mocks.one("gcp:compute/router:Router", "net-router");
    assert.deepEqual(router.inputs.bgp, {
      asn: 16550,
      advertiseMode: "CUSTOM",
      advertisedIpRanges: [{ range: "10.40.0.0/16" }],
    });
    const attachment = mocks.one(
      "gcp:compute/interconnectAttachment:InterconnectAttachment",
      "net-attachment",
    );
    assert.equal(attachment.inputs.type, "PARTNER");
    assert.equal(attachment.inputs.edgeAvailabilityDomain, "AVAILABILITY_DOMAIN_1");
    assert.equal(attachment.inputs.router, "net-router-id");
  });
});

describe("GcpGoogleApis", () => {
  it("serves every Google API at one internal address resolved by a private googleapis.com zone", async () => {
    const mocks = await useRecordingMocks();
    new GcpGoogleApis("apis", {
      network: "vpc",
      address: "10.255.255.254",
      endpointName: "tachyonprodapis",
    });
    await mocks.settle();
    const rule = mocks.one(
      "gcp:compute/globalForwardingRule:GlobalForwardingRule",
      "apis-endpoint",
    );
    assert.equal(rule.inputs.target, "all-apis");
    assert.equal(rule.inputs.ipAddress, "apis-address-id");
    const address = mocks.one("gcp:compute/globalAddress:GlobalAddress", "apis-address");
    assert.equal(address.inputs.purpose, "PRIVATE_SERVICE_CONNECT");
    assert.equal(address.inputs.address, "10.255.255.254");
    const zone = mocks.one("gcp:dns/managedZone:ManagedZone", "apis-zone");
    assert.equal(zone.inputs.dnsName, "googleapis.com.");
    assert.equal(zone.inputs.visibility, "private");
    assert.deepEqual(
      mocks
        .ofType("gcp:dns/recordSet:RecordSet")
        .map((r): unknown[] => [r.inputs.name, r.inputs.type, r.inputs.rrdatas]),
      [
        ["googleapis.com.", "A", ["10.255.255.254"]],
        ["*.googleapis.com.", "CNAME", ["googleapis.com."]],
      ],
    );
  });

  it("refuses an endpoint name Google does not accept", () => {
    assert.throws(
      () =>
        new GcpGoogleApis("bad", {
          network: "vpc",
          address: "10.255.255.254",
          endpointName: "tachyon-prod",
        }),
      /endpointName: must be 1-20 lowercase letters and digits starting with a letter, got "tachyon-prod"/,
    );
  });
});

describe("googleApisAddress", () => {
  it("takes the first candidate outside every site range", () => {
    assert.equal(googleApisAddress(["10.10.0.0/16", "10.50.0.0/16"]), "10.255.255.254");
    assert.equal(googleApisAddress(["10.0.0.0/8"]), "172.31.255.254");
    assert.equal(googleApisAddress(["10.0.0.0/8", "172.16.0.0/12"]), "192.168.255.254");
  });
  it("fails when every candidate collides", () => {
    assert.throws(
      () => googleApisAddress(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]),
      /sites: every Google APIs endpoint candidate \(10.255.255.254, 172.31.255.254, 192.168.255.254\) lies in a site range/,
    );
  });
});
