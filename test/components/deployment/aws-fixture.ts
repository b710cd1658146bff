/**
 * The AWS deployment specs' shared fixture: a topology with AWS sites before and after an Azure
 * site, every workload, a global table and Direct Connect; the global stack's outputs as a
 * regional stack reads them; and a site context that records which peers it asked for.
 */
import * as pulumi from "@pulumi/pulumi";
import type { SiteContext } from "../../../components/deployment/context";
import type { Site, Topology } from "../../../model/types";
import { SpecParent } from "../recorder";

const site = (id: string, cidr: string, index: number, venues: string[] = []): Site => {
  const [cloud, region] = id.split(":") as [Site["cloud"], string];
  return { id, cloud, region, cidr, venues, index };
};

/** The fixture topology. */
export const TOPOLOGY: Topology = {
  environment: "prod",
  sites: [
    site("aws:us-east-1", "10.10.0.0/16", 0, ["NYSE", "NASDAQ"]),
    site("azure:westeurope", "10.30.0.0/16", 1),
    site("aws:eu-west-2", "10.20.0.0/16", 2, ["LSE"]),
    site("aws:ap-northeast-1", "10.40.0.0/16", 3),
  ],
  workloads: [
    {
      kind: "trading",
      sites: ["aws:us-east-1", "aws:eu-west-2"],
      warmInstances: 10,
      latencyBudgetMs: 15,
      dataClass: "confidential",
      database: "orders",
    },
    {
      kind: "fraud",
      sites: ["aws:eu-west-2", "azure:westeurope"],
      warmInstances: 5,
      latencyBudgetMs: 25,
      dataClass: "pii",
    },
    {
      kind: "portfolio",
      sites: ["aws:ap-northeast-1"],
      warmInstances: 0,
      latencyBudgetMs: 100,
      dataClass: "internal",
    },
  ],
  databases: [
    { name: "orders", cloud: "aws", sites: ["aws:us-east-1", "aws:eu-west-2"], dataClass: "pii" },
  ],
  residency: {},
  dns: { domain: "trade.example.com" },
  directConnect: { connectionId: "dxcon-ffabc123", amazonSideAsn: 64512 },
};

/** The global stack's `aws` outputs. */
export const GLOBAL_OUTPUTS = {
  zoneId: "Z123",
  nameServers: [],
  acceleratorArn: "arn:aws:globalaccelerator::123456789012:accelerator/a",
  acceleratorDnsName: "a.awsglobalaccelerator.com",
  listenerArn: "arn:aws:globalaccelerator::123456789012:accelerator/a/listener/l",
  tables: {
    orders: {
      name: "tachyon-prod-orders",
      arn: "arn:aws:dynamodb:us-east-1:123456789012:table/tachyon-prod-orders",
      homeRegion: "us-east-1",
      regions: ["us-east-1", "eu-west-2"],
      keyArns: {
        "us-east-1": "arn:aws:kms:us-east-1:123456789012:key/orders-use1",
        "eu-west-2": "arn:aws:kms:eu-west-2:123456789012:key/orders-euw2",
      },
    },
  },
  dxGatewayId: "dxgw-1",
  apiValidationFqdn: "_x1.api.trade.example.com",
  edgeValidationFqdn: "_x1.edge.trade.example.com",
  edgeKeyValueStoreArn: "arn:aws:cloudfront::123456789012:key-value-store/edge-health",
  pinnedListeners: {
    "aws:us-east-1": "arn:aws:globalaccelerator::123456789012:accelerator/a/listener/use1",
    "aws:eu-west-2": "arn:aws:globalaccelerator::123456789012:accelerator/a/listener/euw2",
    "aws:ap-northeast-1": "arn:aws:globalaccelerator::123456789012:accelerator/a/listener/apne1",
  },
};

/** The context of one fixture site; `peerAsks` records every peer output asked for. */
export function siteContext(id: string, peerAsks: string[]): SiteContext {
  const s = TOPOLOGY.sites.find((x) => x.id === id)!;
  return {
    topology: TOPOLOGY,
    site: s,
    parent: new SpecParent(),
    global: (key) => pulumi.output(key === "aws" ? GLOBAL_OUTPUTS : {}),
    peer: (peerId, key) => {
      peerAsks.push(`${peerId}/${key}`);
      const p = TOPOLOGY.sites.find((x) => x.id === peerId)!;
      return pulumi.output({
        region: p.region,
        vpcId: `vpc-${p.region}`,
        cidr: p.cidr,
        routeTableIds: [`rtb-${p.region}`],
      });
    },
  };
}
