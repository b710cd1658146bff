import * as assert from "node:assert/strict";
import { parseTopology } from "../../model/config";
import type { Problem } from "../../model/problems";

type Json = Record<string, unknown>;

/** A valid topology in the shape of DESIGN.md §2; every case below breaks one thing. */
function base(): Json {
  return {
    environment: "prod",
    sites: [
      { id: "aws:us-east-1", cidr: "10.10.0.0/16", venues: ["NYSE"] },
      { id: "aws:eu-west-2", cidr: "10.11.0.0/16", venues: ["LSE"] },
      { id: "azure:westeurope", cidr: "10.30.0.0/16" },
    ],
    workloads: {
      trading: {
        sites: ["aws:us-east-1"],
        warmInstances: 10,
        latencyBudgetMs: 15,
        dataClass: "confidential",
        database: "orders",
      },
      fraud: { sites: ["azure:westeurope"], dataClass: "pii" },
    },
    databases: { orders: { sites: ["aws:us-east-1", "aws:eu-west-2"], dataClass: "pii" } },
    residency: { pii: ["US", "GB", "EU"] },
    dns: { domain: "trade.example.com" },
    directConnect: { connectionId: "dxcon-ffabc123", amazonSideAsn: 64512 },
  };
}

/* eslint-disable @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any -- each case edits an untyped copy of the config */
const T = "tachyon:topology";
const cases: { name: string; change: (t: any) => void; problems: Problem[] }[] = [
  {
    name: "an environment with capitals",
    change: (t) => (t.environment = "Prod"),
    problems: [
      {
        path: `${T}.environment`,
        message: `must be 1 to 8 lower-case letters or digits starting with a letter, got "Prod". It is part of stack and physical resource names; use e.g. "prod" or "dev".`,
      },
    ],
  },
  {
    name: "no sites key",
    change: (t) => delete t.sites,
    problems: [
      {
        path: `${T}.sites`,
        message: `is required, got nothing. Add it, e.g. [{ id: "aws:us-east-1", cidr: "10.10.0.0/16" }].`,
      },
    ],
  },
  {
    name: "an empty site list",
    change: (t) => {
      t.sites = [];
      delete t.workloads;
      delete t.databases;
    },
    problems: [{ path: `${T}.sites`, message: "must list at least 1, got []. Add an entry." }],
  },
  {
    name: "a site id without a cloud",
    change: (t) => (t.sites[0].id = "useast1"),
    problems: [
      {
        path: `${T}.sites[0].id`,
        message: `must be "<cloud>:<region>", got "useast1". Write it like "aws:us-east-1".`,
      },
      {
        path: `${T}.workloads.trading.sites[0]`,
        message: `is not a site of the topology, got "aws:us-east-1". Add it to tachyon:topology.sites or use one of: useast1, aws:eu-west-2, azure:westeurope.`,
      },
      {
        path: `${T}.databases.orders.sites[0]`,
        message: `is not a site of the topology, got "aws:us-east-1". Add it to tachyon:topology.sites or use one of: useast1, aws:eu-west-2, azure:westeurope.`,
      },
    ],
  },
  {
    name: "an unknown cloud",
    change: (t) => (t.sites[2].id = "azur:westeurope"),
    problems: [
      {
        path: `${T}.sites[2].id`,
        message: `names an unknown cloud, got "azur:westeurope". Did you mean "azure:westeurope"? Use aws, azure or gcp.`,
      },
      {
        path: `${T}.workloads.fraud.sites[0]`,
        message: `is not a site of the topology, got "azure:westeurope". Add it to tachyon:topology.sites or use one of: aws:us-east-1, aws:eu-west-2, azur:westeurope.`,
      },
    ],
  },
  {
    name: "a region missing from the catalog",
    change: (t) => {
      t.sites[1].id = "aws:eu-west-9";
      t.databases.orders.sites = ["aws:us-east-1"];
    },
    problems: [
      {
        path: `${T}.sites[1].id`,
        message: `names no aws region in the catalog, got "aws:eu-west-9". Did you mean aws:eu-west-1, aws:eu-west-2, aws:eu-west-3?`,
      },
    ],
  },
  {
    name: "a site listed twice",
    change: (t) => t.sites.push({ id: "aws:us-east-1", cidr: "10.40.0.0/16" }),
    problems: [
      {
        path: `${T}.sites[3].id`,
        message: `repeats sites[0], got "aws:us-east-1". List each site once.`,
      },
    ],
  },
  {
    name: "overlapping site address spaces",
    change: (t) => (t.sites[1].cidr = "10.10.128.0/17"),
    problems: [
      {
        path: `${T}.sites[1].cidr`,
        message:
          "10.10.128.0/17 overlaps 10.10.0.0/16 of aws:us-east-1. Give each site its own range such as 10.0.0.0/17.",
      },
    ],
  },
  {
    name: "a CIDR block that does not parse",
    change: (t) => (t.sites[0].cidr = "10.10.0/16"),
    problems: [
      {
        path: `${T}.sites[0].cidr`,
        message: `is not an IPv4 CIDR block, got "10.10.0/16". Write it like "10.10.0.0/16".`,
      },
    ],
  },
  {
    name: "a public address space",
    change: (t) => (t.sites[0].cidr = "8.8.0.0/16"),
    problems: [
      {
        path: `${T}.sites[0].cidr`,
        message: `is not in a private (RFC 1918) range, got "8.8.0.0/16". Use a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16.`,
      },
    ],
  },
  {
    name: "an address space larger than a VPC may be",
    change: (t) => (t.sites[2].cidr = "172.16.0.0/12"),
    problems: [
      {
        path: `${T}.sites[2].cidr`,
        message: `is a /12, larger than a site's address space may be, got "172.16.0.0/12". Use a prefix from /16 to /24.`,
      },
    ],
  },
  {
    name: "an address space too small for a site's subnets",
    change: (t) => (t.sites[2].cidr = "192.168.0.0/28"),
    problems: [
      {
        path: `${T}.sites[2].cidr`,
        message: `is a /28, smaller than a site's address space may be, got "192.168.0.0/28". Use a prefix from /16 to /24.`,
      },
    ],
  },
  {
    name: "a CIDR block with host bits set",
    change: (t) => (t.sites[1].cidr = "10.11.4.0/16"),
    problems: [
      {
        path: `${T}.sites[1].cidr`,
        message: `has host bits set, got "10.11.4.0/16". Use the network address "10.11.0.0/16".`,
      },
    ],
  },
  {
    name: "an unknown venue",
    change: (t) => (t.sites[0].venues = ["NYSE", "NYES"]),
    problems: [
      {
        path: `${T}.sites[0].venues[1]`,
        message: `is not a venue in the catalog, got "NYES". Did you mean NSE, NYSE?`,
      },
    ],
  },
  {
    name: "a venue listed twice",
    change: (t) => (t.sites[0].venues = ["NYSE", "CBOE", "NYSE"]),
    problems: [
      {
        path: `${T}.sites[0].venues[2]`,
        message: `repeats an earlier entry, got "NYSE". List each venue once.`,
      },
    ],
  },
  {
    name: "venues given as a string",
    change: (t) => (t.sites[0].venues = "NYSE"),
    problems: [
      {
        path: `${T}.sites[0].venues`,
        message: `must be a list, got "NYSE". Write it as a list.`,
      },
    ],
  },
  {
    name: "an unknown key in a site",
    change: (t) => (t.sites[0].venue = ["NYSE"]),
    problems: [
      {
        path: `${T}.sites[0].venue`,
        message: `is not a known key, got "venue". Did you mean "venues"?`,
      },
    ],
  },
  {
    name: "an unknown workload",
    change: (t) => (t.workloads.options = { sites: ["aws:us-east-1"] }),
    problems: [
      {
        path: `${T}.workloads.options`,
        message: `is not a known key, got "options". Remove it or use one of: trading, fraud, portfolio.`,
      },
    ],
  },
  {
    name: "a workload on a site the topology lacks",
    change: (t) => t.workloads.trading.sites.push("aws:us-west-2"),
    problems: [
      {
        path: `${T}.workloads.trading.sites[1]`,
        message: `is not a site of the topology, got "aws:us-west-2". Add it to tachyon:topology.sites or use one of: aws:us-east-1, aws:eu-west-2, azure:westeurope.`,
      },
    ],
  },
  {
    name: "a workload listing a site twice",
    change: (t) => t.workloads.trading.sites.push("aws:us-east-1"),
    problems: [
      {
        path: `${T}.workloads.trading.sites[1]`,
        message: `repeats an earlier entry, got "aws:us-east-1". List each site once.`,
      },
    ],
  },
  {
    name: "fractional warm instances",
    change: (t) => (t.workloads.trading.warmInstances = 2.5),
    problems: [
      {
        path: `${T}.workloads.trading.warmInstances`,
        message:
          "must be a whole number from 0 to 200, got 2.5. Set the warm instances each latency-critical function keeps per site.",
      },
    ],
  },
  {
    name: "more warm instances than a regional quota allows",
    change: (t) => (t.workloads.fraud.warmInstances = 1000),
    problems: [
      {
        path: `${T}.workloads.fraud.warmInstances`,
        message:
          "must be a whole number from 0 to 200, got 1000. Set the warm instances each latency-critical function keeps per site.",
      },
    ],
  },
  {
    name: "a zero latency budget",
    change: (t) => (t.workloads.trading.latencyBudgetMs = 0),
    problems: [
      {
        path: `${T}.workloads.trading.latencyBudgetMs`,
        message:
          "must be a number of milliseconds above 0 and at most 60000, got 0. Set the end-to-end p99.9 target, e.g. 15.",
      },
    ],
  },
  {
    name: "a latency budget given as text",
    change: (t) => (t.workloads.trading.latencyBudgetMs = "15ms"),
    problems: [
      {
        path: `${T}.workloads.trading.latencyBudgetMs`,
        message: `must be a number, got "15ms". Write it as a number.`,
      },
    ],
  },
  {
    name: "an unknown data class",
    change: (t) => (t.workloads.trading.dataClass = "secret"),
    problems: [
      {
        path: `${T}.workloads.trading.dataClass`,
        message: `must be one of public, internal, confidential, pii, got "secret". Use one of those.`,
      },
    ],
  },
  {
    name: "memory below Lambda's floor",
    change: (t) => (t.workloads.trading.memoryMb = 64),
    problems: [
      {
        path: `${T}.workloads.trading.memoryMb`,
        message:
          "must be a whole number from 128 to 10240, got 64. Set the memory of each function in MB, e.g. 1769.",
      },
    ],
  },
  {
    name: "a workload naming a missing database",
    change: (t) => (t.workloads.trading.database = "order"),
    problems: [
      {
        path: `${T}.workloads.trading.database`,
        message: `names no database of the topology, got "order". Use one of: orders, or define it under tachyon:topology.databases.`,
      },
    ],
  },
  {
    name: "a database spanning two clouds",
    change: (t) => t.databases.orders.sites.push("azure:westeurope"),
    problems: [
      {
        path: `${T}.databases.orders.sites[2]`,
        message: `is on another cloud than aws:us-east-1, got "azure:westeurope". A global database spans one cloud; list only aws sites or define a second database.`,
      },
    ],
  },
  {
    name: "a database on a site the topology lacks",
    change: (t) => (t.databases.orders.sites = ["aws:us-east-1", "aws:eu-west-1"]),
    problems: [
      {
        path: `${T}.databases.orders.sites[1]`,
        message: `is not a site of the topology, got "aws:eu-west-1". Add it to tachyon:topology.sites or use one of: aws:us-east-1, aws:eu-west-2, azure:westeurope.`,
      },
    ],
  },
  {
    name: "a database name unfit for physical names",
    change: (t) => {
      t.databases.Orders_DB = t.databases.orders;
      delete t.databases.orders;
      t.workloads.trading.database = "Orders_DB";
    },
    problems: [
      {
        path: `${T}.databases.Orders_DB`,
        message: `is not a valid database name, got "Orders_DB". Use 2 to 20 lower-case letters, digits or inner hyphens starting with a letter, e.g. "orders".`,
      },
    ],
  },
  {
    name: "a database without a data class",
    change: (t) => delete t.databases.orders.dataClass,
    problems: [
      {
        path: `${T}.databases.orders.dataClass`,
        message: `is required, got nothing. Add it, e.g. "confidential".`,
      },
    ],
  },
  {
    name: "a residency rule for an unknown data class",
    change: (t) => (t.residency.secret = ["US"]),
    problems: [
      {
        path: `${T}.residency.secret`,
        message: `is not a known key, got "secret". Remove it or use one of: public, internal, confidential, pii.`,
      },
    ],
  },
  {
    name: "UK instead of GB",
    change: (t) => (t.residency.pii = ["US", "UK", "EU"]),
    problems: [
      {
        path: `${T}.residency.pii[1]`,
        message: `is not a jurisdiction, got "UK". Use "GB" for the United Kingdom.`,
      },
    ],
  },
  {
    name: "an empty residency list",
    change: (t) => (t.residency.pii = []),
    problems: [
      { path: `${T}.residency.pii`, message: "must list at least 1, got []. Add an entry." },
    ],
  },
  {
    name: "a database and a workload outside their own residency",
    change: (t) => (t.residency.pii = ["US"]),
    problems: [
      {
        path: `${T}.workloads.fraud.sites[0]`,
        message: `is in NL, outside the pii residency (US) of workload "fraud", got "azure:westeurope". Remove the site or add NL to tachyon:topology.residency.pii.`,
      },
      {
        path: `${T}.databases.orders.sites[1]`,
        message: `is in GB, outside the pii residency (US) of database "orders", got "aws:eu-west-2". Remove the site or add GB to tachyon:topology.residency.pii.`,
      },
    ],
  },
  {
    name: "a workload reading a database outside the database's residency",
    change: (t) => {
      t.residency.pii = ["US", "GB"];
      t.workloads.fraud.sites = ["aws:us-east-1"];
      t.workloads.trading.sites.push("azure:westeurope");
    },
    problems: [
      {
        path: `${T}.workloads.trading.sites[1]`,
        message: `is in NL, outside the pii residency (US, GB) of its database "orders", got "azure:westeurope". Remove the site or add NL to tachyon:topology.residency.pii.`,
      },
    ],
  },
  {
    name: "a DNS name with capitals and a trailing dot",
    change: (t) => (t.dns.domain = "Trade.example.com."),
    problems: [
      {
        path: `${T}.dns.domain`,
        message: `is not a valid DNS domain name, got "Trade.example.com.". Use lower-case labels of letters, digits and inner hyphens joined by dots, without a trailing dot, e.g. "trade.example.com".`,
      },
    ],
  },
  {
    name: "no dns key",
    change: (t) => delete t.dns,
    problems: [
      {
        path: `${T}.dns`,
        message: `is required, got nothing. Add it, e.g. { domain: "trade.example.com" }.`,
      },
    ],
  },
  {
    name: "a Direct Connect id of another resource type",
    change: (t) => (t.directConnect.connectionId = "dxlag-ffabc123"),
    problems: [
      {
        path: `${T}.directConnect.connectionId`,
        message: `is not a Direct Connect connection id, got "dxlag-ffabc123". Use the id AWS assigned to the connection, e.g. "dxcon-ffabc123".`,
      },
    ],
  },
  {
    name: "Direct Connect without an AWS site",
    change: (t) => {
      t.sites = [{ id: "azure:westeurope", cidr: "10.30.0.0/16" }];
      t.workloads = { fraud: { sites: ["azure:westeurope"] } };
      delete t.databases;
    },
    problems: [
      {
        path: `${T}.directConnect`,
        message: `needs an aws site to attach to, got {"connectionId":"dxcon-ffabc123","amazonSideAsn":64512}. Add an aws site or remove the key.`,
      },
    ],
  },
  {
    name: "a public ASN on the Amazon side",
    change: (t) => (t.directConnect.amazonSideAsn = 16509),
    problems: [
      {
        path: `${T}.directConnect.amazonSideAsn`,
        message:
          "is not a private ASN, got 16509. Use a number from 64512 to 65534 or from 4200000000 to 4294967294.",
      },
    ],
  },
];
/* eslint-enable @typescript-eslint/no-unsafe-return, @typescript-eslint/no-explicit-any */

describe("model/config parseTopology", () => {
  it("accepts the base topology", () => {
    const result = parseTopology(base());
    assert.ok("topology" in result, JSON.stringify(result));
  });

  describe("reports the exact path and message of each bad config", () => {
    for (const c of cases) {
      it(`rejects ${c.name}`, () => {
        const t = base();
        c.change(t);
        assert.deepEqual(parseTopology(t), { problems: c.problems });
      });
    }
  });

  it("covers at least 25 distinct bad configs", () => {
    assert.ok(cases.length >= 25, `${cases.length} cases`);
    assert.equal(new Set(cases.map((c) => JSON.stringify(c.problems))).size, cases.length);
  });
});
