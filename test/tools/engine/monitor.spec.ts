import * as assert from "node:assert/strict";
import * as path from "node:path";
import { readProject } from "../../../tools/engine/project";
import { runStacks, type StackRun } from "../../../tools/engine/schedule";
import { SECRET_SIG, SIG_KEY } from "../../../tools/engine/wire";
import type { RecordedResource } from "../../../tools/engine/types";

const PROJECT = readProject(path.join(__dirname, "..", "..", "fixtures", "project"));
const secret = (value: unknown): Record<string, unknown> => ({ [SIG_KEY]: SECRET_SIG, value });

describe("tools/engine (fixture program in child processes)", () => {
  let global: StackRun;
  let app: StackRun;
  let probe: StackRun;
  let broken: StackRun;
  const find = (run: StackRun, urn: string): RecordedResource => {
    const r = run.resources.find((x) => x.urn === urn);
    assert.ok(r, `no resource ${urn} among ${run.resources.map((x) => x.urn).join(", ")}`);
    return r;
  };

  // Four programs in child processes; generous for a loaded 2-core CI runner.
  before(async function () {
    this.timeout(180_000);
    [app, broken, global, probe] = await runStacks(PROJECT, [
      "dev-app",
      "dev-broken",
      "dev-global",
      "dev-probe",
    ]);
  });

  it("fails a stack whose registration fails inside an apply, as pulumi up does", () => {
    assert.equal(
      broken.failure?.message,
      'error serializing property "name": no name derives from first (at index.ts:116)',
    );
  });

  it("names resources with the parent type chain, leaving out the root stack type", () => {
    assert.deepEqual(
      global.resources.map((r) => r.urn),
      [
        "urn:pulumi:dev-global::fixture::pulumi:pulumi:Stack::fixture-dev-global",
        "urn:pulumi:dev-global::fixture::fixture:index:Store::orders0",
        "urn:pulumi:dev-global::fixture::pulumi:providers:aws::default_7_48_0",
        "urn:pulumi:dev-global::fixture::fixture:index:Store$aws:s3/bucket:Bucket::orders0-bucket",
        "urn:pulumi:dev-global::fixture::fixture:index:Store$aws:sqs/queue:Queue::orders0-queue",
        "urn:pulumi:dev-global::fixture::pulumi:providers:aws::west",
        "urn:pulumi:dev-global::fixture::aws:s3/bucket:Bucket::archive",
      ],
    );
  });

  it("records parent, explicit and property dependencies, and resource options", () => {
    const queue = find(
      global,
      "urn:pulumi:dev-global::fixture::fixture:index:Store$aws:sqs/queue:Queue::orders0-queue",
    );
    const bucketUrn =
      "urn:pulumi:dev-global::fixture::fixture:index:Store$aws:s3/bucket:Bucket::orders0-bucket";
    assert.equal(queue.parent, "urn:pulumi:dev-global::fixture::fixture:index:Store::orders0");
    assert.deepEqual(queue.dependencies, [bucketUrn]);
    assert.deepEqual(queue.propertyDependencies["name"], [bucketUrn]);
    const bucket = find(global, bucketUrn);
    assert.equal(bucket.options.protect, true);
    assert.deepEqual(bucket.options.ignoreChanges, ["tags.owner"]);
    assert.equal(bucket.options.customTimeouts.create, 300);
  });

  it("creates the default provider from the stack's provider config and points resources at it", () => {
    const provider = find(
      global,
      "urn:pulumi:dev-global::fixture::pulumi:providers:aws::default_7_48_0",
    );
    assert.deepEqual(provider.inputs, { region: "us-east-1", version: "7.48.0" });
    const bucket = find(
      global,
      "urn:pulumi:dev-global::fixture::fixture:index:Store$aws:s3/bucket:Bucket::orders0-bucket",
    );
    assert.equal(bucket.provider, `${provider.urn}::${provider.id}`);
    const archive = find(global, "urn:pulumi:dev-global::fixture::aws:s3/bucket:Bucket::archive");
    assert.match(archive.provider, /^urn:pulumi:dev-global::fixture::pulumi:providers:aws::west::/);
    assert.equal(archive.outputs["region"], "eu-west-1");
  });

  it("keeps a secure config value secret in resource inputs and stack outputs", () => {
    const bucket = find(
      global,
      "urn:pulumi:dev-global::fixture::fixture:index:Store$aws:s3/bucket:Bucket::orders0-bucket",
    );
    assert.deepEqual(bucket.inputs["tags"], {
      "data-class": "pii",
      "owner-token": secret("[secret]"),
    });
    assert.deepEqual(global.outputs?.secretOutputNames, ["apiKey"]);
  });

  it("adds computed outputs and answers invokes from the table", () => {
    const bucket = find(
      global,
      "urn:pulumi:dev-global::fixture::fixture:index:Store$aws:s3/bucket:Bucket::orders0-bucket",
    );
    const name = bucket.outputs["bucket"] as string;
    assert.match(name, /^orders0-bucket-[0-9a-f]{7}$/);
    assert.equal(bucket.outputs["arn"], `arn:aws:s3:::${name}`);
    assert.deepEqual(global.outputs?.outputs, {
      accountId: "123456789012",
      apiKey: "[secret]",
      bucketName: name,
    });
  });

  it("feeds a StackReference the outputs of the stack it names, secrets still secret", () => {
    assert.deepEqual(app.references, ["dev-global"]);
    assert.deepEqual(app.outputs, {
      outputs: {
        globalBucket: global.outputs?.outputs["bucketName"],
        globalKey: "[secret]",
        region: "eu-west-1",
      },
      secretOutputNames: ["globalKey"],
    });
    const intake = find(app, "urn:pulumi:dev-app::fixture::aws:sqs/queue:Queue::intake0");
    assert.equal(
      intake.inputs["name"],
      `${global.outputs?.outputs["bucketName"] as string}-intake0`,
    );
    assert.deepEqual(intake.propertyDependencies["name"], [
      "urn:pulumi:dev-app::fixture::pulumi:pulumi:StackReference::global",
    ]);
  });

  it("answers an invoke the table does not know with unknown outputs and a warning naming the token", () => {
    assert.equal(probe.failure, undefined);
    assert.deepEqual(probe.warnings, [
      {
        kind: "unknown-invoke",
        message:
          'Invoke "fixture:index:getWidget" has no offline answer, so its outputs and every input built from them are unknown, as in a preview. Answer it under "invokes" in a --mocks file to check those inputs.',
      },
    ]);
    assert.deepEqual(probe.outputs?.outputs, { answer: {} });
  });
});
