import assert from "node:assert/strict";
import {
  cloudFunctionsDefaultCpu,
  functionMemoryFloor,
  parseCpu,
  parseMemoryMb,
} from "../../../policies/latency/function-memory-floor";
import { validate, withProp, type FixtureResource } from "../harness";

const critical = { "latency-class": "critical" };
const fixtures: Record<string, FixtureResource> = {
  lambda: { type: "aws:lambda/function:Function", props: { memorySize: 1769, tags: critical } },
  flex: {
    type: "azure-native:web:WebApp",
    props: {
      kind: "functionapp,linux",
      tags: critical,
      functionAppConfig: { scaleAndConcurrency: { instanceMemoryMB: 2048 } },
    },
  },
  cloudRun: {
    type: "gcp:cloudrunv2/service:Service",
    props: {
      labels: critical,
      template: {
        containers: [{ image: "i", resources: { limits: { cpu: "1", memory: "1Gi" } } }],
      },
    },
  },
  cloudFunction: {
    type: "gcp:cloudfunctionsv2/function:Function",
    props: { labels: critical, serviceConfig: { availableMemory: "2Gi" } },
  },
};

describe("function-memory-floor", () => {
  for (const [kind, r] of Object.entries(fixtures)) {
    it(`accepts a ${kind} function with a full vCPU`, async () => {
      assert.deepEqual(await validate(functionMemoryFloor, r), []);
    });
  }

  it("reports a Lambda function below 1769 MB", async () => {
    assert.deepEqual(
      await validate(functionMemoryFloor, withProp(fixtures.lambda, "memorySize", 1024)),
      ["Lambda function must set memorySize to at least 1769 MB; found 1024 MB."],
    );
  });

  it("counts Lambda's default of 128 MB", async () => {
    assert.deepEqual(
      await validate(functionMemoryFloor, withProp(fixtures.lambda, "memorySize", undefined)),
      ["Lambda function must set memorySize to at least 1769 MB; found 128 MB."],
    );
  });

  it("reports a Flex Consumption app on 512 MB instances", async () => {
    const r = withProp(
      fixtures.flex,
      "functionAppConfig.scaleAndConcurrency.instanceMemoryMB",
      512,
    );
    assert.deepEqual(await validate(functionMemoryFloor, r), [
      "Flex Consumption function app must set instanceMemoryMB to at least 2048; found 512.",
    ]);
  });

  it("reports a Cloud Run container with half a vCPU", async () => {
    const r = withProp(fixtures.cloudRun, "template.containers", [
      { image: "i", resources: { limits: { cpu: "500m", memory: "1Gi" } } },
    ]);
    assert.deepEqual(await validate(functionMemoryFloor, r), [
      'Cloud Run container 0 must have a cpu limit of at least 1; found "500m".',
    ]);
  });

  it("reports a Cloud Function on the default memory", async () => {
    assert.deepEqual(
      await validate(functionMemoryFloor, withProp(fixtures.cloudFunction, "serviceConfig", {})),
      [
        "Cloud Function must have at least 1 vCPU (serviceConfig.availableCpu, or availableMemory of 2Gi); found 0.167 vCPU.",
        'Cloud Function must set serviceConfig.availableMemory to at least 512Mi; found "256M".',
      ],
    );
  });

  it("uses the configured floors", async () => {
    assert.deepEqual(
      await validate(functionMemoryFloor, fixtures.lambda, { lambdaMinMemoryMb: 3008 }),
      ["Lambda function must set memorySize to at least 3008 MB; found 1769 MB."],
    );
  });

  it("ignores functions that are not latency-critical", async () => {
    assert.deepEqual(
      await validate(
        functionMemoryFloor,
        withProp(withProp(fixtures.lambda, "memorySize", 128), "tags", {}),
      ),
      [],
    );
  });

  it("parses CPU and memory quantities", () => {
    assert.deepEqual(["1", "2", "1000m", "0.5", "x"].map(parseCpu), [1, 2, 1, 0.5, undefined]);
    assert.deepEqual(["512Mi", "1Gi", "256M", "2G", "x"].map(parseMemoryMb), [
      512,
      1024,
      256,
      2048,
      undefined,
    ]);
    assert.deepEqual([256, 1024, 2048, 4096].map(cloudFunctionsDefaultCpu), [0.167, 0.583, 1, 2]);
  });
});
