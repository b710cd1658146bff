/**
 * The packs end to end over the analyzer protocol: resources travel as the engine sends them
 * (assets in their wire form, property dependencies by URN), config arrives through Configure,
 * and violations, remediations and preview-unknowns come back through the real policy runner.
 */
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import {
  analyze,
  analyzeStack,
  configure,
  remediate,
  startPack,
  urnOf,
  type WireResource,
} from "./analyzer-client";

const ASSET_SIG = "4dabf18193072939515e22adb298388d";
const ARCHIVE_SIG = "0def7320c3a5731c473e5ecbe6d01bc7";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

describe("policy packs over the analyzer protocol", function () {
  this.timeout(120_000);
  const packs: Record<string, { child: ChildProcess; port: number }> = {};
  let bundle: string;

  before(async () => {
    bundle = mkdtempSync(path.join(tmpdir(), "wire-bundle-"));
    writeFileSync(path.join(bundle, "index.mjs"), "x".repeat(4000));
    const [latency, residency] = await Promise.all([
      startPack("policies/latency"),
      startPack("policies/residency"),
    ]);
    Object.assign(packs, { latency, residency });
  });
  after(() => {
    for (const p of Object.values(packs)) p.child.kill();
    rmSync(bundle, { recursive: true, force: true });
  });

  const fn: WireResource = {
    type: "aws:lambda/function:Function",
    name: "order",
    properties: {
      name: "order",
      memorySize: 1769,
      architectures: ["arm64"],
      tags: { "latency-class": "critical" },
    },
  };

  it("sizes a Lambda archive sent in its wire form", async () => {
    await configure(packs.latency.port, {
      "function-bundle-size-limit": {
        enforcementLevel: "mandatory",
        properties: { maxBytes: 1000 },
      },
    });
    const r = {
      ...fn,
      properties: { ...fn.properties, code: { [ASSET_SIG]: ARCHIVE_SIG, path: bundle } },
    };
    assert.deepEqual(await analyze(packs.latency.port, r), [
      {
        policy: "function-bundle-size-limit",
        urn: urnOf(r),
        message: `Function code package must be at most 1000 B (1000 bytes); found 3.9 KiB (4000 bytes) at ${bundle}.`,
      },
    ]);
  });

  it("judges warm capacity and invocation qualifiers across a stack linked by URNs", async () => {
    const alias: WireResource = {
      type: "aws:lambda/alias:Alias",
      name: "order-live",
      properties: { name: "live", functionName: "order", functionVersion: "1" },
      propertyDependencies: { functionName: [urnOf(fn)] },
    };
    const mapping: WireResource = {
      type: "aws:lambda/eventSourceMapping:EventSourceMapping",
      name: "ticks",
      properties: {
        functionName: "order",
        batchSize: 10,
        eventSourceArn: "arn:aws:kinesis:us-east-1:1:stream/t",
      },
      propertyDependencies: { functionName: [urnOf(fn)] },
    };
    const provisioned: WireResource = {
      type: "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig",
      name: "order-provisioned",
      properties: { functionName: "order", qualifier: "live", provisionedConcurrentExecutions: 1 },
      propertyDependencies: { functionName: [urnOf(fn)], qualifier: [urnOf(alias)] },
    };
    await configure(packs.latency.port, {
      "provisioned-concurrency-required": {
        enforcementLevel: "mandatory",
        properties: { minimum: 2 },
      },
    });
    const found = await analyzeStack(packs.latency.port, [fn, alias, provisioned, mapping]);
    assert.deepEqual(
      found.filter((d) => d.policy.startsWith("provisioned-concurrency")),
      [
        {
          policy: "provisioned-concurrency-required",
          urn: urnOf(fn),
          message:
            'Latency-critical Lambda function must have provisioned concurrency of at least 2 on an alias or version; found 1 on "live".',
        },
        {
          policy: "provisioned-concurrency-on-invoked-alias",
          urn: urnOf(mapping),
          message:
            'Event source mapping must invoke the provisioned "live" of function order; found the unqualified function ($LATEST).',
        },
      ],
    );
  });

  it("keeps judging the rest of a stack when one value is unknown during preview", async () => {
    // The config names its function by a name that is unknown on the function itself: the
    // policy cannot link them, and must say so for this function rather than give up on the stack.
    const unknownFn = { ...fn, name: "quote", properties: { ...fn.properties, name: UNKNOWN } };
    const provisioned: WireResource = {
      type: "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig",
      name: "quote-provisioned",
      properties: { functionName: "quote", qualifier: "live", provisionedConcurrentExecutions: 5 },
    };
    await configure(packs.latency.port, {
      "provisioned-concurrency-required": {
        enforcementLevel: "mandatory",
        properties: { minimum: 3 },
      },
    });
    const found = await analyzeStack(packs.latency.port, [unknownFn, provisioned]);
    assert.deepEqual(
      found.filter((d) => d.policy === "provisioned-concurrency-required"),
      [
        {
          policy: "provisioned-concurrency-required",
          urn: urnOf(unknownFn),
          message:
            "Latency-critical Lambda function must have provisioned concurrency of at least 3 on an alias or version; found none.",
        },
      ],
    );
  });

  it("remediates a Cloud Run service's minimum instances when the level is remediate", async () => {
    await configure(packs.latency.port, {
      "provisioned-concurrency-required": {
        enforcementLevel: "remediate",
        properties: { minimum: 3 },
      },
    });
    const svc: WireResource = {
      type: "gcp:cloudrunv2/service:Service",
      name: "value",
      properties: {
        location: "us-east4",
        labels: { "latency-class": "critical" },
        template: { containers: [{ image: "i" }] },
      },
    };
    assert.deepEqual(await remediate(packs.latency.port, svc), {
      "provisioned-concurrency-required": {
        location: "us-east4",
        labels: { "latency-class": "critical" },
        template: { containers: [{ image: "i" }], scaling: { minInstanceCount: 3 } },
      },
    });
  });

  it("takes residency rules from Configure and the region from the provider", async () => {
    await configure(packs.residency.port, {
      "data-residency": {
        enforcementLevel: "mandatory",
        properties: { jurisdictions: { pii: ["EU"] } },
      },
    });
    const table: WireResource = {
      type: "aws:dynamodb/table:Table",
      name: "customers",
      properties: { tags: { "data-class": "pii" } },
      provider: { type: "pulumi:providers:aws", properties: { region: "us-west-2" } },
    };
    assert.deepEqual(await analyze(packs.residency.port, table), [
      {
        policy: "data-residency",
        urn: urnOf(table),
        message: 'Resource with data-class "pii" must live in [EU]; found us-west-2 (US).',
      },
    ]);
  });
});
