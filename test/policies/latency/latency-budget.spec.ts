import assert from "node:assert/strict";
import { estimateRtt } from "../../../model/latency";
import { findRegion } from "../../../model/regions";
import { findVenue } from "../../../model/venues";
import { latencyBudget } from "../../../policies/latency/latency-budget";
import { validateStack, withProp, type FixtureResource } from "../harness";

const rtt = (a: Parameters<typeof estimateRtt>[0], b: Parameters<typeof estimateRtt>[1]) =>
  estimateRtt(a, b).rttMs;
const useast1 = findRegion("aws", "us-east-1")!;
const euwest2 = findRegion("aws", "eu-west-2")!;
const nyse = findVenue("NYSE")!;
const lse = findVenue("LSE")!;

const table: FixtureResource = {
  type: "aws:dynamodb/table:Table",
  name: "orders-table",
  props: { name: "orders", region: "us-east-1", replicas: [{ regionName: "eu-west-2" }] },
};
const fn: FixtureResource = {
  type: "aws:lambda/function:Function",
  name: "order",
  props: {
    name: "order",
    region: "us-east-1",
    tags: { "latency-class": "critical", "latency-budget-ms": "15", venue: "nyse" },
    environment: { variables: {} },
  },
  propertyDependencies: { environment: [table] },
};
const check = (stack: FixtureResource[], config = {}) =>
  validateStack(latencyBudget, stack, config);

describe("latency-budget", () => {
  it("accepts a function next to its venue and its data", async () => {
    const estimate = 1 + rtt(useast1, nyse) + 2;
    assert.ok(estimate <= 15, `the fixture must fit its budget, estimated ${estimate}`);
    assert.deepEqual(await check([table, fn]), []);
  });

  it("reports a function across the ocean from its venue, naming every leg", async () => {
    const r = withProp(fn, "tags", {
      "latency-class": "critical",
      "latency-budget-ms": "15",
      venue: "LSE",
    });
    const venueLeg = rtt(useast1, lse);
    const total = 1 + venueLeg + 2;
    assert.deepEqual(await check([table, r]), [
      `order: Latency-critical path of function order in aws:us-east-1 must fit its budget of 15 ms; estimated ${total.toFixed(1)} ms (invoke 1.0 + aws:us-east-1 to venue:LSE ${venueLeg.toFixed(1)} + DynamoDB table orders at aws:us-east-1 2.0).`,
    ]);
  });

  it("charges the round trip to the nearest replica of the data", async () => {
    const tokyoTable = withProp(withProp(table, "region", "eu-west-2"), "replicas", []);
    const r = { ...fn, propertyDependencies: { environment: [tokyoTable] } };
    const venueLeg = rtt(useast1, nyse);
    const dataLeg = rtt(useast1, euwest2) + 2;
    const total = 1 + venueLeg + dataLeg;
    assert.deepEqual(await check([tokyoTable, r]), [
      `order: Latency-critical path of function order in aws:us-east-1 must fit its budget of 15 ms; estimated ${total.toFixed(1)} ms (invoke 1.0 + aws:us-east-1 to venue:NYSE ${venueLeg.toFixed(1)} + DynamoDB table orders at aws:eu-west-2 ${dataLeg.toFixed(1)}).`,
    ]);
  });

  it("adds the configured per-hop costs", async () => {
    const r = withProp(fn, "tags", { "latency-class": "critical", "latency-budget-ms": "5" });
    assert.deepEqual(await check([table, r], { invokeMs: 2, dataAccessMs: 4 }), [
      "order: Latency-critical path of function order in aws:us-east-1 must fit its budget of 5 ms; estimated 6.0 ms (invoke 2.0 + DynamoDB table orders at aws:us-east-1 4.0).",
    ]);
  });

  it("falls back to the configured default budget", async () => {
    const r = withProp(fn, "tags", { "latency-class": "critical" });
    assert.deepEqual(await check([table, r], { defaultBudgetMs: 2 }), [
      "order: Latency-critical path of function order in aws:us-east-1 must fit its budget of 2 ms; estimated 3.0 ms (invoke 1.0 + DynamoDB table orders at aws:us-east-1 2.0).",
    ]);
    assert.deepEqual(await check([table, r]), []);
  });

  it("reports a venue the catalog does not know", async () => {
    const r = withProp(fn, "tags", {
      "latency-class": "critical",
      "latency-budget-ms": "15",
      venue: "xetra2",
    });
    assert.deepEqual(await check([table, r]), [
      'order: Latency-critical function order must name a catalog venue in its "venue" tag; found "xetra2".',
    ]);
  });
});
