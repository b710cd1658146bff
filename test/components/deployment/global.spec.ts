import * as assert from "node:assert/strict";
import { GLOBAL_DEPLOYMENT_TYPE, cloudsOf } from "../../../components/deployment/global";
import { REGIONAL_DEPLOYMENT_TYPE } from "../../../components/deployment/regional";
import type { Site, Topology } from "../../../model/types";

const site = (id: string, index: number): Site => {
  const [cloud, region] = id.split(":") as [Site["cloud"], string];
  return { id, cloud, region, cidr: `10.${index}.0.0/16`, venues: [], index };
};
const topology = (ids: string[]): Topology => ({
  environment: "dev",
  sites: ids.map(site),
  workloads: [],
  databases: [],
  residency: {},
  dns: { domain: "dev.example.com" },
});

describe("components/deployment/global", () => {
  it("lists each cloud with a site once, in aws, azure, gcp order", () => {
    assert.deepEqual(cloudsOf(topology(["gcp:europe-west1", "aws:us-east-1", "aws:eu-west-2"])), [
      "aws",
      "gcp",
    ]);
    assert.deepEqual(cloudsOf(topology(["azure:westeurope"])), ["azure"]);
  });

  it("uses the tachyon:deployment type tokens", () => {
    assert.equal(GLOBAL_DEPLOYMENT_TYPE, "tachyon:deployment:GlobalDeployment");
    assert.equal(REGIONAL_DEPLOYMENT_TYPE, "tachyon:deployment:RegionalDeployment");
  });
});
