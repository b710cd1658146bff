import { rejectsEach, T, type BadCase } from "./config-fixture";

/* eslint-disable @typescript-eslint/no-unsafe-return -- the cases edit an untyped copy */
const cases: BadCase[] = [
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
    name: "a database named after a site's region",
    change: (t) => {
      t.databases["eu-west-2-state"] = t.databases.orders;
      delete t.databases.orders;
      t.workloads.trading.database = "eu-west-2-state";
    },
    problems: [
      {
        path: `${T}.databases.eu-west-2-state`,
        message: `is reserved for the stores of site aws:eu-west-2, got "eu-west-2-state": physical names join the database's name or a site's region with a suffix, so this one would share names with that site's own store. Rename the database so that it does not begin with a site's region, e.g. "orders".`,
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
/* eslint-enable @typescript-eslint/no-unsafe-return */

describe("model/config parseTopology: workloads, databases, residency, dns, directConnect", () => {
  describe("reports the exact path and message of each bad config", () => rejectsEach(cases));
});
