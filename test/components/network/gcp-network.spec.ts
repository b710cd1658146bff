import assert from "node:assert/strict";
import { GcpSiteNetwork, validateInterconnect } from "../../../components/network/gcp-network";
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

describe("validateInterconnect", () => {
  it("requires the interconnect URL of a dedicated attachment", () => {
    assert.deepEqual(validateInterconnect({ type: "DEDICATED" }, "tachyon:interconnect"), [
      "tachyon:interconnect.interconnect: required for a DEDICATED attachment, got undefined. Give the interconnect's URL.",
    ]);
  });
  it("refuses an interconnect URL on a partner attachment", () => {
    assert.deepEqual(validateInterconnect({ type: "PARTNER", interconnect: "ic-1" }, "ic"), [
      'ic.interconnect: a PARTNER attachment takes no interconnect, got "ic-1". Remove it or use type "DEDICATED".',
    ]);
  });
});
