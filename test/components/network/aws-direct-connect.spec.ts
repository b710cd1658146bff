import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import {
  AwsDirectConnectGateway,
  bgpAsnInput,
} from "../../../components/network/aws-direct-connect";
import type { DirectConnect } from "../../../model/types";
import { useAwsMocks, valueOf, type Recorder } from "../aws-mocks";

const CONNECTION: DirectConnect = { connectionId: "dxcon-ffabc123", amazonSideAsn: 64512 };
const VIF_TYPE = "aws:directconnect/privateVirtualInterface:PrivateVirtualInterface";

describe("AwsDirectConnectGateway: private virtual interface", () => {
  let mocks: Recorder;
  beforeEach(async () => {
    mocks = await useAwsMocks();
  });

  it("attaches the connection's private virtual interface to the gateway with the topology's VLAN, ASN, peers and MTU", async () => {
    const dx = new AwsDirectConnectGateway("dx", {
      environment: "prod",
      directConnect: {
        ...CONNECTION,
        vlan: 101,
        customerAsn: 65010,
        amazonAddress: "169.254.255.1/30",
        customerAddress: "169.254.255.2/30",
        mtu: 9001,
      },
      tags: { "tachyon-environment": "prod" },
    });
    assert.equal(await valueOf(dx.virtualInterfaceId as pulumi.Output<string>), "dx-vif-id");
    await mocks.settle();
    assert.deepEqual(mocks.one(VIF_TYPE, "dx-vif").inputs, {
      connectionId: "dxcon-ffabc123",
      dxGatewayId: "dx-gateway-id",
      name: "tachyon-prod-dx-vif",
      vlan: 101,
      addressFamily: "ipv4",
      bgpAsn: 65010,
      amazonAddress: "169.254.255.1/30",
      customerAddress: "169.254.255.2/30",
      mtu: 9001,
      tags: { "tachyon-environment": "prod" },
    });
  });

  it("leaves the peer addresses to AWS and uses a 1500-byte MTU when the topology gives neither", async () => {
    new AwsDirectConnectGateway("dx", {
      environment: "dev",
      directConnect: { ...CONNECTION, vlan: 7, customerAsn: 4200000001 },
    });
    await mocks.settle();
    const inputs = mocks.one(VIF_TYPE, "dx-vif").inputs;
    assert.deepEqual(
      [
        inputs.amazonAddress,
        inputs.customerAddress,
        inputs.mtu,
        inputs.bgpAsn,
        inputs.bgpAsnLong,
        inputs.bgpAuthKey,
      ],
      [undefined, undefined, 1500, undefined, "4200000001", undefined],
    );
  });

  it("hands out the BGP key AWS generates only as a secret", async () => {
    const dx = new AwsDirectConnectGateway("dx", {
      environment: "prod",
      directConnect: { ...CONNECTION, vlan: 101, customerAsn: 65010 },
    });
    assert.equal(await pulumi.isSecret(dx.bgpAuthKey as pulumi.Output<string>), true);
  });

  it("creates no interface without a VLAN and customer ASN", async () => {
    const dx = new AwsDirectConnectGateway("dx", {
      environment: "prod",
      directConnect: CONNECTION,
    });
    await mocks.settle();
    assert.deepEqual(
      [mocks.ofType(VIF_TYPE).length, dx.virtualInterfaceId, dx.bgpAuthKey],
      [0, undefined, undefined],
    );
    assert.equal(mocks.ofType("aws:directconnect/gateway:Gateway").length, 1);
  });

  it("puts ASNs up to 2147483646 in bgpAsn and larger 4-byte ASNs in bgpAsnLong", () => {
    assert.deepEqual([1, 65010, 2147483646, 2147483647, 4294967294].map(bgpAsnInput), [
      { bgpAsn: 1 },
      { bgpAsn: 65010 },
      { bgpAsn: 2147483646 },
      { bgpAsnLong: "2147483647" },
      { bgpAsnLong: "4294967294" },
    ]);
  });
});
