import * as assert from "node:assert/strict";
import { parseTopology } from "../../model/config";
import { base, rejectsEach, T, type BadCase } from "./config-fixture";

/* eslint-disable @typescript-eslint/no-unsafe-return -- the cases edit an untyped copy */
const cases: BadCase[] = [
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
];
/* eslint-enable @typescript-eslint/no-unsafe-return */

describe("model/config parseTopology: environment and sites", () => {
  it("accepts the base topology the bad configs depart from", () => {
    const result = parseTopology(base());
    assert.ok("topology" in result, JSON.stringify(result));
  });

  describe("reports the exact path and message of each bad site config", () => rejectsEach(cases));
});
