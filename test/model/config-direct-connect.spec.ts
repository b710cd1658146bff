import * as assert from "node:assert/strict";
import { parseTopology } from "../../model/config";
import { base, rejectsEach, T, type BadCase } from "./config-fixture";

/** A topology as the bad-config cases edit it. */
type Editable = Parameters<BadCase["change"]>[0];

const DX = `${T}.directConnect`;

/** A complete private virtual interface on top of the fixture's connection and gateway ASN. */
function withInterface(t: Editable): void {
  Object.assign(t.directConnect, {
    vlan: 101,
    customerAsn: 65010,
    amazonAddress: "169.254.255.1/30",
    customerAddress: "169.254.255.2/30",
    mtu: 9001,
  });
}

const cases: BadCase[] = [
  {
    name: "a VLAN outside 1-4094",
    change: (t) => {
      withInterface(t);
      t.directConnect.vlan = 4095;
    },
    problems: [
      {
        path: `${DX}.vlan`,
        message:
          "must be a whole number from 1 to 4094, got 4095. Use the 802.1Q VLAN tag assigned to this interface on the connection.",
      },
    ],
  },
  {
    name: "a customer ASN above the 4-byte range",
    change: (t) => {
      withInterface(t);
      t.directConnect.customerAsn = 4294967295;
    },
    problems: [
      {
        path: `${DX}.customerAsn`,
        message:
          "is not a BGP ASN, got 4294967295. Use your router's ASN, a whole number from 1 to 4294967294, e.g. 65010.",
      },
    ],
  },
  {
    name: "a customer ASN equal to the gateway's",
    change: (t) => {
      withInterface(t);
      t.directConnect.customerAsn = 64512;
    },
    problems: [
      {
        path: `${DX}.customerAsn`,
        message:
          "equals amazonSideAsn, got 64512. BGP peers over the interface need two different ASNs; use your router's own ASN.",
      },
    ],
  },
  {
    name: "interface keys without a VLAN or customer ASN",
    change: (t) => (t.directConnect.mtu = 9001),
    problems: [
      {
        path: `${DX}.vlan`,
        message:
          "is required for the private virtual interface that mtu describes, got nothing. Add it, e.g. 101, or remove mtu.",
      },
      {
        path: `${DX}.customerAsn`,
        message:
          "is required for the private virtual interface that mtu describes, got nothing. Add it, e.g. 65010, or remove mtu.",
      },
    ],
  },
  {
    name: "the transit interface's jumbo MTU on a private interface",
    change: (t) => {
      withInterface(t);
      t.directConnect.mtu = 8500;
    },
    problems: [
      {
        path: `${DX}.mtu`,
        message:
          "is not an MTU a private virtual interface accepts, got 8500. Use 1500, or 9001 for jumbo frames.",
      },
    ],
  },
  {
    name: "an Amazon peer address without the customer's",
    change: (t) => {
      withInterface(t);
      delete t.directConnect.customerAddress;
    },
    problems: [
      {
        path: `${DX}.customerAddress`,
        message:
          "is required together with amazonAddress, got nothing. Set both BGP peer addresses, or neither and let AWS assign a pair from 169.254.0.0/16.",
      },
    ],
  },
  {
    name: "a peer address without a prefix",
    change: (t) => {
      withInterface(t);
      t.directConnect.amazonAddress = "169.254.255.1";
    },
    problems: [
      {
        path: `${DX}.amazonAddress`,
        message: `is not a BGP peer address in a /30 or /31, got "169.254.255.1". Write the address with its prefix, e.g. "169.254.255.1/30".`,
      },
    ],
  },
  {
    name: "the network address of a /30 as a peer",
    change: (t) => {
      withInterface(t);
      t.directConnect.amazonAddress = "169.254.255.0/30";
    },
    problems: [
      {
        path: `${DX}.amazonAddress`,
        message: `is the network address of its /30, got "169.254.255.0/30". Use one of the two host addresses, e.g. "169.254.255.1/30" and "169.254.255.2/30".`,
      },
    ],
  },
  {
    name: "peer addresses in different subnets",
    change: (t) => {
      withInterface(t);
      t.directConnect.customerAddress = "169.254.255.6/30";
    },
    problems: [
      {
        path: `${DX}.customerAddress`,
        message: `is not in the same /30 as amazonAddress 169.254.255.1/30, got "169.254.255.6/30". Use the other host address of that subnet.`,
      },
    ],
  },
  {
    name: "one address for both peers",
    change: (t) => {
      withInterface(t);
      t.directConnect.amazonAddress = "10.0.0.0/31";
      t.directConnect.customerAddress = "10.0.0.0/31";
    },
    problems: [
      {
        path: `${DX}.customerAddress`,
        message: `is the same address as amazonAddress, got "10.0.0.0/31". Use the other host address of that /31.`,
      },
    ],
  },
  {
    name: "a BGP key written in the topology, without echoing it",
    change: (t) => {
      withInterface(t);
      t.directConnect.bgpAuthKey = "hunter2hunter2";
    },
    problems: [
      {
        path: `${DX}.bgpAuthKey`,
        message:
          "must not be written in the topology, got a key (not shown). Remove it: AWS then generates the BGP MD5 key, which the global stack exports as the secret output aws.dxBgpAuthKey for your router.",
      },
    ],
  },
  {
    name: "a BGP key beside no aws site, hidden in every message",
    change: (t) => {
      t.sites = [{ id: "azure:westeurope", cidr: "10.30.0.0/16" }];
      t.workloads = { fraud: { sites: ["azure:westeurope"], dataClass: "pii" } };
      delete t.databases;
      t.directConnect = { bgpAuthKey: "hunter2hunter2", ...t.directConnect };
    },
    problems: [
      {
        path: DX,
        message: `needs an aws site to attach to, got {"bgpAuthKey":"(not shown)","connectionId":"dxcon-ffabc12.... Add an aws site or remove the key.`,
      },
      {
        path: `${DX}.bgpAuthKey`,
        message:
          "must not be written in the topology, got a key (not shown). Remove it: AWS then generates the BGP MD5 key, which the global stack exports as the secret output aws.dxBgpAuthKey for your router.",
      },
    ],
  },
];

describe("model/config: directConnect private virtual interface", () => {
  rejectsEach(cases);

  it("keeps the interface keys on the topology's Direct Connect settings", () => {
    const t = base();
    withInterface(t);
    const parsed = parseTopology(t);
    assert.ok("topology" in parsed, JSON.stringify(parsed));
    assert.deepEqual(parsed.topology.directConnect, {
      connectionId: "dxcon-ffabc123",
      amazonSideAsn: 64512,
      vlan: 101,
      customerAsn: 65010,
      amazonAddress: "169.254.255.1/30",
      customerAddress: "169.254.255.2/30",
      mtu: 9001,
    });
  });

  it("accepts a 4-byte customer ASN and a /31 pair, MTU left to its default", () => {
    const t = base();
    Object.assign(t.directConnect as object, {
      vlan: 1,
      customerAsn: 4200000001,
      amazonAddress: "10.255.0.0/31",
      customerAddress: "10.255.0.1/31",
    });
    const parsed = parseTopology(t);
    assert.ok("topology" in parsed, JSON.stringify(parsed));
    assert.equal(parsed.topology.directConnect?.mtu, undefined);
    assert.equal(parsed.topology.directConnect?.customerAsn, 4200000001);
  });
});
