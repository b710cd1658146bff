import assert from "node:assert/strict";
import { estimateRtt } from "../../../model/latency";
import { findRegion } from "../../../model/regions";
import { findVenue } from "../../../model/venues";
import { latencyBudget } from "../../../policies/latency/latency-budget";
import { validateStack, withProp, type FixtureResource } from "../harness";

const rtt = (a: Parameters<typeof estimateRtt>[0], b: Parameters<typeof estimateRtt>[1]) =>
  estimateRtt(a, b).rttMs;
const est = estimateRtt;
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
    const venue = est(useast1, lse);
    const total = 1 + venue.rttMs + 2;
    const low = 1 + venue.rttLowMs + 2;
    const high = 1 + venue.rttHighMs + 2;
    const floor = 1 + venue.floorMs + 2;
    assert.equal(floor.toFixed(2), "61.09");
    assert.deepEqual(await check([table, r]), [
      `order: Latency-critical path of function order in aws:us-east-1 must fit its budget of 15 ms; estimated ${total.toFixed(1)} ms, range ${low.toFixed(1)}-${high.toFixed(1)} (invoke 1.0 + aws:us-east-1 to venue:LSE ${venue.rttMs.toFixed(1)} + DynamoDB table orders at aws:us-east-1 2.0); even with every round trip at its fibre floor it takes 61.09 ms.`,
    ]);
  });

  it("charges the round trip to the nearest replica of the data", async () => {
    const tokyoTable = withProp(withProp(table, "region", "eu-west-2"), "replicas", []);
    const r = { ...fn, propertyDependencies: { environment: [tokyoTable] } };
    const venue = est(useast1, nyse);
    const data = est(useast1, euwest2);
    const total = 1 + venue.rttMs + data.rttMs + 2;
    const low = 1 + venue.rttLowMs + data.rttLowMs + 2;
    const high = 1 + venue.rttHighMs + data.rttHighMs + 2;
    const floor = 1 + venue.floorMs + data.floorMs + 2;
    assert.equal(floor.toFixed(2), "64.56");
    assert.deepEqual(await check([tokyoTable, r]), [
      `order: Latency-critical path of function order in aws:us-east-1 must fit its budget of 15 ms; estimated ${total.toFixed(1)} ms, range ${low.toFixed(1)}-${high.toFixed(1)} (invoke 1.0 + aws:us-east-1 to venue:NYSE ${venue.rttMs.toFixed(1)} + DynamoDB table orders at aws:eu-west-2 ${(data.rttMs + 2).toFixed(1)}); even with every round trip at its fibre floor it takes 64.56 ms.`,
    ]);
  });

  it("adds the configured per-hop costs", async () => {
    const r = withProp(fn, "tags", { "latency-class": "critical", "latency-budget-ms": "5" });
    assert.deepEqual(await check([table, r], { invokeMs: 2, dataAccessMs: 4 }), [
      "order: Latency-critical path of function order in aws:us-east-1 must fit its budget of 5 ms; estimated 6.0 ms, range 6.0-6.0 (invoke 2.0 + DynamoDB table orders at aws:us-east-1 4.0); even with every round trip at its fibre floor it takes 6.00 ms.",
    ]);
  });

  it("charges a Spanner database and the instance it lives in as one store", async () => {
    const instance: FixtureResource = {
      type: "gcp:spanner/instance:Instance",
      name: "claims-instance",
      props: { name: "tachyon-staging-claims", config: "regional-europe-west4" },
    };
    const database: FixtureResource = {
      type: "gcp:spanner/database:Database",
      name: "claims-db",
      props: { name: "claims", instance: "tachyon-staging-claims" },
      propertyDependencies: { instance: [instance] },
    };
    const order: FixtureResource = {
      type: "gcp:cloudfunctionsv2/function:Function",
      name: "order-fn",
      props: {
        name: "order",
        location: "europe-west4",
        labels: { "latency-class": "critical", "latency-budget-ms": "3" },
        serviceConfig: {},
      },
      propertyDependencies: { serviceConfig: [instance, database] },
    };
    assert.deepEqual(await check([instance, database, order], { dataAccessMs: 3 }), [
      "order-fn: Latency-critical path of function order in gcp:europe-west4 must fit its budget of 3 ms; estimated 4.0 ms, range 4.0-4.0 (invoke 1.0 + Spanner database claims at gcp:europe-west4 3.0); even with every round trip at its fibre floor it takes 4.00 ms.",
    ]);
  });

  it("falls back to the configured default budget", async () => {
    const r = withProp(fn, "tags", { "latency-class": "critical" });
    assert.deepEqual(await check([table, r], { defaultBudgetMs: 2 }), [
      "order: Latency-critical path of function order in aws:us-east-1 must fit its budget of 2 ms; estimated 3.0 ms, range 3.0-3.0 (invoke 1.0 + DynamoDB table orders at aws:us-east-1 2.0); even with every round trip at its fibre floor it takes 3.00 ms.",
    ]);
    assert.deepEqual(await check([table, r]), []);
  });

  it("accepts a same-metro path whose range only grazes the budget", async () => {
    // eu-west-2 to LSE (8 km, one London metro): 1 + 0.97 + 2 ms (0.96 before metro fibre took
    // the terrestrial route inflation, 1.53); the old single line charged the venue leg 6 ms
    // and blocked this path at 9 ms.
    const london = withProp(withProp(table, "region", "eu-west-2"), "replicas", []);
    const r = {
      ...withProp(withProp(fn, "region", "eu-west-2"), "tags", {
        "latency-class": "critical",
        "latency-budget-ms": "4",
        venue: "LSE",
      }),
      propertyDependencies: { environment: [london] },
    };
    const e = est(euwest2, lse);
    assert.equal((1 + e.rttMs + 2).toFixed(2), "3.97");
    assert.ok(1 + e.rttHighMs + 2 > 4, "the range's high end must exceed the budget");
    assert.deepEqual(await check([london, r]), []);
  });

  it("blocks on the central estimate when the fibre floor alone would fit", async () => {
    // aws:us-east-1 to NYSE: floor 3.5 ms, estimate 9.5 ms (9.2 before terrestrial fibre got
    // its own route inflation); 1 + 9.5 + 2 misses 12 ms.
    const r = withProp(fn, "tags", {
      "latency-class": "critical",
      "latency-budget-ms": "12",
      venue: "NYSE",
    });
    const e = est(useast1, nyse);
    assert.deepEqual(await check([table, r]), [
      `order: Latency-critical path of function order in aws:us-east-1 must fit its budget of 12 ms; estimated ${(3 + e.rttMs).toFixed(1)} ms, range ${(3 + e.rttLowMs).toFixed(1)}-${(3 + e.rttHighMs).toFixed(1)} (invoke 1.0 + aws:us-east-1 to venue:NYSE ${e.rttMs.toFixed(1)} + DynamoDB table orders at aws:us-east-1 2.0).`,
    ]);
    assert.equal((3 + e.rttMs).toFixed(1), "12.5");
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
