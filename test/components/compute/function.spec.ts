import assert from "node:assert/strict";
import {
  DEFAULT_MEMORY_MB,
  LatencyFunction,
  primaryVenue,
  resolveFunctionArgs,
  type LatencyFunctionArgs,
} from "../../../components/compute/function";
import { FUNCTIONS } from "../../../functions/catalog";
import type { Site } from "../../../model/types";
import { useAwsMocks, valueOf, type Recorder } from "../aws-mocks";

const EAST: Site = {
  id: "aws:us-east-1",
  cloud: "aws",
  region: "us-east-1",
  cidr: "10.10.0.0/16",
  venues: [],
  index: 0,
};
const ORDER = FUNCTIONS.find((f) => f.name === "order")!;

const ARGS: LatencyFunctionArgs = {
  site: EAST,
  environment: "prod",
  spec: ORDER,
  bundle: { dir: "/srv/bundles/order", handler: "index.handler", sha256: "ab12", bytes: 2048 },
  warmInstances: 4,
  dataClass: "confidential",
  tags: { team: "trading" },
};

describe("resolveFunctionArgs", () => {
  it("defaults to one full Lambda vCPU of memory and a ten-second timeout", () => {
    const r = resolveFunctionArgs(ARGS);
    assert.deepEqual([r.memoryMb, r.timeoutSeconds, DEFAULT_MEMORY_MB], [1769, 10, 1769]);
    assert.equal(r.physicalName, "tachyon-prod-us-east-1-order");
  });

  it("tags latency-critical functions with latency-class critical beside the caller's tags", () => {
    assert.deepEqual(resolveFunctionArgs(ARGS).tags, {
      team: "trading",
      "latency-class": "critical",
    });
    const relaxed = resolveFunctionArgs({ ...ARGS, spec: { ...ORDER, latencyCritical: false } });
    assert.deepEqual(relaxed.tags, { team: "trading" });
  });

  it("tags latency-critical functions with their budget and venue, and only those", () => {
    const budgeted = { ...ARGS, latencyBudgetMs: 15, venue: "NYSE" };
    assert.deepEqual(resolveFunctionArgs(budgeted).tags, {
      team: "trading",
      "latency-class": "critical",
      "latency-budget-ms": "15",
      venue: "NYSE",
    });
    const relaxed = resolveFunctionArgs({
      ...budgeted,
      spec: { ...ORDER, latencyCritical: false },
    });
    assert.deepEqual(relaxed.tags, { team: "trading" });
  });

  it("rejects a latency budget that is not a whole positive number of milliseconds", () => {
    assert.throws(
      () => resolveFunctionArgs({ ...ARGS, latencyBudgetMs: 0.5 }),
      (e: Error) =>
        e.message ===
        'LatencyFunction "order": "latencyBudgetMs" must be a whole number of milliseconds, got 0.5. Use 1 or more.',
    );
  });

  it("reports every bad argument at once", () => {
    assert.throws(
      () => resolveFunctionArgs({ ...ARGS, warmInstances: -1, timeoutSeconds: 901 }),
      (e: Error) =>
        e.message ===
        'LatencyFunction "order": "warmInstances" must be a whole number of instances, got -1. Use 0 or more. "timeoutSeconds" must be whole seconds within 1-900, got 901. Use a value in that range.',
    );
  });
});

describe("primaryVenue", () => {
  it("is the site's first venue, and none for a site without venues", () => {
    assert.equal(primaryVenue({ ...EAST, venues: ["NYSE", "NASDAQ"] }), "NYSE");
    assert.equal(primaryVenue(EAST), undefined);
  });
});

describe("LatencyFunction", () => {
  let mocks: Recorder;
  beforeEach(async () => {
    mocks = await useAwsMocks();
  });

  it("dispatches an AWS site to Lambda and exposes the live alias as the invoke target", async () => {
    const fn = new LatencyFunction("order", ARGS);
    assert.equal(
      await valueOf(fn.invokeTarget),
      "arn:aws:lambda:us-east-1:123456789012:function:tachyon-prod-us-east-1-order:live",
    );
    assert.equal(await valueOf(fn.functionName), "tachyon-prod-us-east-1-order");
    assert.equal(
      await valueOf(fn.identity),
      "arn:aws:iam::123456789012:role/tachyon-prod-us-east-1-order",
    );
    await mocks.settle();
    const lambda = mocks.one("aws:lambda/function:Function", "order-function").inputs;
    assert.deepEqual([lambda.memorySize, lambda.timeout], [1769, 10]);
    assert.equal(
      mocks.one(
        "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig",
        "order-provisioned",
      ).inputs.provisionedConcurrentExecutions,
      4,
    );
  });
});
