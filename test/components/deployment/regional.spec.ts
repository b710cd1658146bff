import * as assert from "node:assert/strict";
import { peerRefusal, siteOf } from "../../../components/deployment/regional";
import type { RegionalConfig } from "../../../model/config";
import type { Topology } from "../../../model/types";

const topology: Topology = {
  environment: "prod",
  sites: [
    {
      id: "aws:us-east-1",
      cloud: "aws",
      region: "us-east-1",
      cidr: "10.10.0.0/16",
      venues: [],
      index: 0,
    },
    {
      id: "aws:eu-west-2",
      cloud: "aws",
      region: "eu-west-2",
      cidr: "10.11.0.0/16",
      venues: [],
      index: 1,
    },
    {
      id: "gcp:asia-northeast1",
      cloud: "gcp",
      region: "asia-northeast1",
      cidr: "10.50.0.0/16",
      venues: [],
      index: 2,
    },
  ],
  workloads: [],
  databases: [],
  residency: {},
  dns: { domain: "trade.example.com" },
};

const regional = (site: string): RegionalConfig => {
  const [cloud, region] = site.split(":") as [RegionalConfig["cloud"], string];
  return {
    site,
    cloud,
    region,
    globalStack: "org/tachyon/prod-global",
    stackPrefix: "org/tachyon/",
    options: {},
  };
};

describe("components/deployment/regional", () => {
  describe("siteOf", () => {
    it("finds the configured site in the exported topology", () => {
      assert.deepEqual(siteOf(topology, regional("aws:eu-west-2")), {
        topology,
        site: topology.sites[1],
      });
    });

    it("names the sites the topology has when the configured one is missing", () => {
      assert.deepEqual(siteOf(topology, regional("azure:westeurope")), {
        problem: {
          path: "tachyon:site",
          message: `is not a site of the topology of org/tachyon/prod-global, got "azure:westeurope". Add it to tachyon:topology.sites of org/tachyon/prod-global or use one of: aws:us-east-1, aws:eu-west-2, gcp:asia-northeast1.`,
        },
      });
    });

    for (const [label, exported] of [
      ["nothing", undefined],
      ["an object without sites", { environment: "prod" }],
      ["sites without ids", { environment: "prod", sites: [{ cidr: "10.0.0.0/16" }] }],
    ] as const) {
      it(`asks for the global stack to be deployed when it exports ${label}`, () => {
        assert.deepEqual(siteOf(exported, regional("aws:us-east-1")), {
          problem: {
            path: "tachyon:globalStack",
            message: `names a stack that exports no topology, got "org/tachyon/prod-global". Deploy the global stack first ("pulumi up" on org/tachyon/prod-global) or correct the name.`,
          },
        });
      });
    }
  });

  describe("peerRefusal", () => {
    it("lets a site read every earlier site's stack", () => {
      assert.equal(peerRefusal(topology, topology.sites[2], "aws:us-east-1"), undefined);
      assert.equal(peerRefusal(topology, topology.sites[2], "aws:eu-west-2"), undefined);
    });

    it("refuses a later site, which would make peering cyclic", () => {
      assert.equal(
        peerRefusal(topology, topology.sites[1], "gcp:asia-northeast1"),
        "Site aws:eu-west-2 cannot read the stack of gcp:asia-northeast1: only earlier sites of the topology have deployed before it (aws:us-east-1).",
      );
    });

    it("refuses the site itself and sites outside the topology", () => {
      assert.equal(
        peerRefusal(topology, topology.sites[0], "aws:us-east-1"),
        "Site aws:us-east-1 cannot read the stack of aws:us-east-1: only earlier sites of the topology have deployed before it (none, it is the first site).",
      );
      assert.equal(
        peerRefusal(topology, topology.sites[1], "aws:us-west-2"),
        "Site aws:eu-west-2 cannot read the stack of aws:us-west-2: only earlier sites of the topology have deployed before it (aws:us-east-1).",
      );
    });
  });
});
