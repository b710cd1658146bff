import assert from "node:assert/strict";
import {
  needsSiteClaims,
  siteStateWorkloads,
  siteStoreDataClass,
} from "../../../components/deployment/site-stores";
import { parseTopology } from "../../../model/config";
import type { Topology } from "../../../model/types";

/** A topology with a site on each cloud, trading on all of them, and `orders` as given. */
function topology(orders: Record<string, unknown> | undefined): Topology {
  const parsed = parseTopology({
    environment: "prod",
    sites: [
      { id: "aws:us-east-1", cidr: "10.10.0.0/16" },
      { id: "aws:eu-west-2", cidr: "10.11.0.0/16" },
      { id: "azure:westeurope", cidr: "10.30.0.0/16" },
      { id: "azure:northeurope", cidr: "10.31.0.0/16" },
      { id: "gcp:europe-west4", cidr: "10.50.0.0/16" },
      { id: "gcp:europe-west1", cidr: "10.51.0.0/16" },
    ],
    workloads: {
      trading: {
        sites: ["aws:us-east-1", "aws:eu-west-2", "azure:westeurope", "gcp:europe-west4"],
        dataClass: "confidential",
        ...(orders ? { database: "orders" } : {}),
      },
      fraud: { sites: ["azure:northeurope", "gcp:europe-west1"], dataClass: "pii" },
    },
    ...(orders ? { databases: { orders: { ...orders, dataClass: "confidential" } } } : {}),
    dns: { domain: "trade.example.com" },
  });
  assert.ok("topology" in parsed, JSON.stringify(parsed));
  return parsed.topology;
}

/** The sites that need a claims store of their own, in topology order. */
function siteStores(t: Topology): string[] {
  return t.sites.filter((s) => needsSiteClaims(t, s)).map((s) => s.id);
}

describe("needsSiteClaims", () => {
  it("gives every trading site its own store when trading has no database", () => {
    assert.deepEqual(siteStores(topology(undefined)), [
      "aws:us-east-1",
      "aws:eu-west-2",
      "azure:westeurope",
      "gcp:europe-west4",
    ]);
  });

  it("gives AWS sites with a replica none, and the AWS site without one and the other clouds' sites their own", () => {
    assert.deepEqual(siteStores(topology({ sites: ["aws:us-east-1"] })), [
      "aws:eu-west-2",
      "azure:westeurope",
      "gcp:europe-west4",
    ]);
  });

  it("lets an Azure database serve a trading site outside its locations, through its nearest one", () => {
    assert.deepEqual(siteStores(topology({ sites: ["azure:northeurope"] })), [
      "aws:us-east-1",
      "aws:eu-west-2",
      "gcp:europe-west4",
    ]);
  });

  it("lets a Google Cloud database serve a trading site outside its sites", () => {
    assert.deepEqual(siteStores(topology({ sites: ["gcp:europe-west1"] })), [
      "aws:us-east-1",
      "aws:eu-west-2",
      "azure:westeurope",
    ]);
  });

  it("gives no store to a site that does not run trading", () => {
    const t = topology(undefined);
    const fraudOnly = t.sites.filter(
      (s) => s.id === "azure:northeurope" || s.id === "gcp:europe-west1",
    );
    assert.deepEqual(
      fraudOnly.map((s) => needsSiteClaims(t, s)),
      [false, false],
    );
  });
});

describe("siteStateWorkloads", () => {
  /** Portfolio on every cloud's first site, fraud on the second, each with the database given. */
  function topologyOf(
    portfolio: Record<string, unknown> | undefined,
    fraud: Record<string, unknown> | undefined,
  ): Topology {
    const parsed = parseTopology({
      environment: "staging",
      sites: [
        { id: "aws:us-east-1", cidr: "10.10.0.0/16" },
        { id: "aws:eu-west-2", cidr: "10.11.0.0/16" },
        { id: "azure:westeurope", cidr: "10.30.0.0/16" },
        { id: "gcp:europe-west4", cidr: "10.50.0.0/16" },
      ],
      workloads: {
        portfolio: {
          sites: ["aws:us-east-1", "aws:eu-west-2", "azure:westeurope", "gcp:europe-west4"],
          dataClass: "confidential",
          ...(portfolio ? { database: "positions" } : {}),
        },
        fraud: {
          sites: ["aws:eu-west-2", "azure:westeurope"],
          dataClass: "pii",
          ...(fraud ? { database: "customers" } : {}),
        },
      },
      databases: {
        ...(portfolio ? { positions: { ...portfolio, dataClass: "confidential" } } : {}),
        ...(fraud ? { customers: { ...fraud, dataClass: "pii" } } : {}),
      },
      dns: { domain: "trade.example.com" },
    });
    assert.ok("topology" in parsed, JSON.stringify(parsed));
    return parsed.topology;
  }

  const bySite = (t: Topology): Record<string, string[]> =>
    Object.fromEntries(t.sites.map((s) => [s.id, siteStateWorkloads(t, s)]));

  it("gives a store to each site the named database does not serve, per workload", () => {
    assert.deepEqual(
      bySite(topologyOf({ sites: ["gcp:europe-west4"] }, { sites: ["aws:us-east-1"] })),
      {
        "aws:us-east-1": ["portfolio"],
        "aws:eu-west-2": ["fraud", "portfolio"],
        "azure:westeurope": ["fraud", "portfolio"],
        "gcp:europe-west4": [],
      },
    );
  });

  it("lets an Azure database serve every Azure site and an AWS one only its replicas' regions", () => {
    assert.deepEqual(
      bySite(topologyOf({ sites: ["aws:eu-west-2"] }, { sites: ["azure:westeurope"] })),
      {
        "aws:us-east-1": ["portfolio"],
        "aws:eu-west-2": ["fraud"],
        "azure:westeurope": ["portfolio"],
        "gcp:europe-west4": ["portfolio"],
      },
    );
  });

  it("keeps a workload without a database in memory, as configured", () => {
    assert.deepEqual(bySite(topologyOf(undefined, undefined)), {
      "aws:us-east-1": [],
      "aws:eu-west-2": [],
      "azure:westeurope": [],
      "gcp:europe-west4": [],
    });
  });
});

describe("siteStoreDataClass", () => {
  const parsed = parseTopology({
    environment: "prod",
    sites: [
      { id: "aws:us-east-1", cidr: "10.10.0.0/16" },
      { id: "azure:westeurope", cidr: "10.30.0.0/16" },
    ],
    workloads: {
      trading: { sites: ["azure:westeurope"], dataClass: "internal", database: "orders" },
      portfolio: { sites: ["azure:westeurope"], dataClass: "internal" },
      fraud: { sites: ["azure:westeurope"], dataClass: "confidential", database: "cards" },
    },
    databases: {
      orders: { sites: ["aws:us-east-1"], dataClass: "confidential" },
      cards: { sites: ["aws:us-east-1"], dataClass: "pii" },
    },
    dns: { domain: "trade.example.com" },
  });
  assert.ok("topology" in parsed, JSON.stringify(parsed));
  const t = parsed.topology;

  it("takes the class of the database a workload's records stand in for when it is stricter", () => {
    assert.equal(siteStoreDataClass(t, ["trading"]), "confidential");
    assert.equal(siteStoreDataClass(t, ["fraud"]), "pii");
  });

  it("takes the strictest of every workload it holds, and the workload's own without a database", () => {
    assert.equal(siteStoreDataClass(t, ["portfolio"]), "internal");
    assert.equal(siteStoreDataClass(t, ["trading", "portfolio", "fraud"]), "pii");
  });
});
