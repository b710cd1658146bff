import assert from "node:assert/strict";
import {
  cloudRunCpu,
  cloudRunMemory,
  createGcpFunction,
  gcpLabels,
  requireServiceName,
  validateGcpFunction,
} from "../../../components/compute/gcp-function";
import { useRecordingMocks, valueOf } from "../azure-gcp-mocks";
import { functionArgs, site, SpecParent } from "../azure-gcp-fixtures";

const FRANKFURT = site("gcp:europe-west3", "10.50.0.0/16", 4);

describe("createGcpFunction", () => {
  it("creates a bucket of its own and no VPC access when none is given", async () => {
    const mocks = await useRecordingMocks();
    const result = createGcpFunction(
      "fraud",
      functionArgs(FRANKFURT, "fraud-score"),
      undefined,
      new SpecParent("p"),
    );
    await mocks.settle();
    const bucket = mocks.one("gcp:storage/bucket:Bucket", "fraud-sources");
    assert.equal(bucket.inputs.publicAccessPrevention, "enforced");
    assert.equal(bucket.inputs.uniformBucketLevelAccess, true);
    const fn = mocks.one("gcp:cloudfunctionsv2/function:Function", "fraud-function");
    assert.equal(fn.inputs.serviceConfig.directVpcNetworkInterfaces, undefined);
    assert.equal(fn.inputs.serviceConfig.timeoutSeconds, 10);
    assert.deepEqual(fn.inputs.serviceConfig.environmentVariables, {});
    assert.equal(fn.inputs.name, "tachyon-prod-europe-west3-fraud-score");
    // No repository or build identity given: Cloud Functions' defaults.
    assert.deepEqual(Object.keys(fn.inputs.buildConfig).sort(), [
      "automaticUpdatePolicy",
      "entryPoint",
      "runtime",
      "source",
    ]);
    assert.equal(await valueOf(result.serviceName), "tachyon-prod-europe-west3-fraud-score");
    assert.equal(
      await valueOf(result.invokeTarget),
      "https://tachyon-prod-europe-west3-fraud-score.a.run.app",
    );
  });

  it("keeps an HTTP function internal when it is not public", async () => {
    const mocks = await useRecordingMocks();
    createGcpFunction(
      "order",
      functionArgs(FRANKFURT, "order"),
      { public: false },
      new SpecParent("p"),
    );
    await mocks.settle();
    const fn = mocks.one("gcp:cloudfunctionsv2/function:Function", "order-function");
    assert.equal(fn.inputs.serviceConfig.ingressSettings, "ALLOW_INTERNAL_ONLY");
    assert.equal(mocks.ofType("gcp:cloudrunv2/serviceIamMember:ServiceIamMember").length, 0);
  });

  it("fails with every problem at once", () => {
    assert.throws(
      () =>
        createGcpFunction(
          "order",
          functionArgs(FRANKFURT, "order", { warmInstances: 20 }),
          { concurrency: 0, maxInstances: 10 },
          new SpecParent("p"),
        ),
      {
        message:
          "gcp.concurrency: Cloud Run allows 1-1000 requests per instance, got 0. Use a value in that range. warmInstances: must not exceed gcp.maxInstances (10), got 20. Raise maxInstances or lower warmInstances.",
      },
    );
  });
});

describe("requireServiceName", () => {
  it("takes the service's short name from its resource path", () => {
    assert.equal(
      requireServiceName("projects/p/locations/europe-west3/services/tachyon-prod-x", "order"),
      "tachyon-prod-x",
    );
  });

  it("fails when Cloud Functions reports no service", () => {
    assert.throws(() => requireServiceName(undefined, "order"), {
      message:
        "gcp.order: Cloud Functions reports no Cloud Run service for the function, got undefined. Run `pulumi refresh` to read the deployed function again.",
    });
  });
});

describe("Cloud Run sizing", () => {
  for (const [mb, cpu, memory] of [
    [512, "1", "512Mi"],
    [1769, "1", "1792Mi"],
    [4096, "1", "4096Mi"],
    [6000, "2", "6016Mi"],
    [16384, "4", "16384Mi"],
    [20000, "8", "20096Mi"],
  ] as const) {
    it(`gives ${mb} MB ${cpu} CPU and ${memory}`, () => {
      assert.equal(cloudRunCpu(mb), cpu);
      assert.equal(cloudRunMemory(mb), memory);
    });
  }
});

describe("validateGcpFunction", () => {
  it("bounds memory and timeout", () => {
    assert.deepEqual(
      validateGcpFunction(
        functionArgs(FRANKFURT, "order", { memoryMb: 40000, timeoutSeconds: 4000 }),
        {},
      ),
      [
        "memoryMb: Cloud Run instances hold at most 32768 MiB, got 40000. Use 32768 or less.",
        "timeoutSeconds: Cloud Run requests last at most 3600 s, got 4000. Use 3600 or less.",
      ],
    );
  });
});

describe("gcpLabels", () => {
  it("lowercases and replaces characters labels refuse", () => {
    assert.deepEqual(gcpLabels({ "Latency-Class": "Critical", site: "gcp:europe-west3" }), {
      "latency-class": "critical",
      site: "gcp_europe-west3",
    });
  });
});
