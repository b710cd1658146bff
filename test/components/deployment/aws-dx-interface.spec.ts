import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { deployAwsGlobal } from "../../../components/deployment/aws";
import type { Topology } from "../../../model/types";
import { useAwsMocks, valueOf, type Recorder } from "../aws-mocks";
import { SpecParent } from "../recorder";

const TOPOLOGY: Topology = {
  environment: "prod",
  sites: [
    {
      id: "aws:us-east-1",
      cloud: "aws",
      region: "us-east-1",
      cidr: "10.10.0.0/16",
      venues: ["NYSE"],
      index: 0,
    },
  ],
  workloads: [],
  databases: [],
  residency: {},
  dns: { domain: "trade.example.com" },
  directConnect: {
    connectionId: "dxcon-ffabc123",
    amazonSideAsn: 64512,
    vlan: 101,
    customerAsn: 65010,
    mtu: 9001,
  },
};

describe("deployAwsGlobal: Direct Connect private virtual interface", () => {
  let mocks: Recorder;
  beforeEach(async () => {
    mocks = await useAwsMocks();
  });

  it("attaches the interface to the environment's gateway and exports its id and secret BGP key", async () => {
    const outputs = deployAwsGlobal({ topology: TOPOLOGY, parent: new SpecParent() });
    assert.equal(
      await valueOf(outputs.dxVirtualInterfaceId as pulumi.Output<string>),
      "aws-dx-vif-id",
    );
    assert.equal(await pulumi.isSecret(outputs.dxBgpAuthKey as pulumi.Output<string>), true);
    await mocks.settle();
    const vif = mocks.one(
      "aws:directconnect/privateVirtualInterface:PrivateVirtualInterface",
      "aws-dx-vif",
    ).inputs;
    assert.deepEqual(
      [vif.connectionId, vif.dxGatewayId, vif.vlan, vif.bgpAsn, vif.mtu, vif.tags],
      ["dxcon-ffabc123", "aws-dx-gateway-id", 101, 65010, 9001, { "tachyon-environment": "prod" }],
    );
  });

  it("exports no interface outputs when the topology gives no VLAN", () => {
    const { vlan: _vlan, customerAsn: _asn, mtu: _mtu, ...connection } = TOPOLOGY.directConnect!;
    const outputs = deployAwsGlobal({
      topology: { ...TOPOLOGY, directConnect: connection },
      parent: new SpecParent(),
    });
    assert.deepEqual(
      ["dxGatewayId", "dxVirtualInterfaceId", "dxBgpAuthKey"].map((k) => k in outputs),
      [true, false, false],
    );
  });
});
