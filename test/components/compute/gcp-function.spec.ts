import assert from "node:assert/strict";
import {
  cloudRunCpu,
  cloudRunMemory,
  createGcpFunction,
  gcpLabels,
  validateGcpFunction,
} from "../../../components/compute/gcp-function";
import { useRecordingMocks } from "../azure-gcp-mocks";
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
    const service = mocks.one("gcp:cloudrunv2/service:Service", "fraud-service");
    assert.equal(service.inputs.template.vpcAccess, undefined);
    assert.equal(service.inputs.template.timeout, "10s");
    assert.deepEqual(service.inputs.template.containers[0].envs, []);
    assert.equal(service.inputs.name, "tachyon-prod-europe-west3-fraud-score");
    assert.ok(result.identity);
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
    const service = mocks.one("gcp:cloudrunv2/service:Service", "order-service");
    assert.equal(service.inputs.ingress, "INGRESS_TRAFFIC_INTERNAL_ONLY");
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
