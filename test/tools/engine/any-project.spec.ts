import * as assert from "node:assert/strict";
import * as path from "node:path";
import { readProject } from "../../../tools/engine/project";
import { runStacks } from "../../../tools/engine/schedule";
import type { RecordedResource } from "../../../tools/engine/types";
import { readMocksFile } from "../../../tools/engine/mocks-file";

const FIXTURES = path.join(__dirname, "..", "..", "fixtures");
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const SUBNET =
  "/subscriptions/0000/resourceGroups/net/providers/Microsoft.Network/virtualNetworks/hub/subnets/app";

function byType(resources: RecordedResource[], type: string): RecordedResource[] {
  return resources.filter((r) => r.type === type);
}

describe("tools/engine on third-party programs", () => {
  it("serializes magic-function closures and records the bucket notification registered on beforeExit", async function () {
    this.timeout(120_000);
    const [run] = await runStacks(readProject(path.join(FIXTURES, "magic")), ["dev"]);
    assert.equal(run.failure, undefined);
    const [notification] = byType(run.resources, "aws:s3/bucketNotification:BucketNotification");
    assert.equal(
      notification.urn,
      "urn:pulumi:dev::magic::aws:s3/bucket:Bucket$aws:s3/bucketNotification:BucketNotification::on-upload",
    );
    const lambdas = byType(run.resources, "aws:lambda/function:Function");
    assert.deepEqual(lambdas.map((l) => l.name).sort(), ["direct", "every-minute", "on-upload"]);
    const upload = lambdas.find((l) => l.name === "on-upload") as RecordedResource;
    const code = upload.inputs["code"] as { assets: Record<string, { text: string }> };
    assert.ok(
      code.assets["__index.js"].text.includes(
        'return function /*describe*/(count){return count>limits.maxObjects?"too many objects":`received ${count} objects`};',
      ),
    );
  });

  it("gives inputs built from an unanswered invoke unknown values, and --mocks answers their real ones", async function () {
    this.timeout(120_000);
    const project = readProject(path.join(FIXTURES, "unanswered"));
    const [unknown, mocked] = await Promise.all([
      runStacks(project, ["dev"], {
        mocks: readMocksFile(path.join(project.dir, "mocks-stacks.json")),
      }),
      runStacks(project, ["dev"], { mocks: readMocksFile(path.join(project.dir, "mocks.yaml")) }),
    ]);
    const siteConfig = (r: RecordedResource[]): unknown =>
      byType(r, "azure-native:web:WebApp")[0].inputs["siteConfig"];
    // The SDK marks the whole object unknown when a value inside it is, as in a preview.
    assert.equal(siteConfig(unknown[0].resources), UNKNOWN);
    assert.equal(unknown[0].warnings.length, 1);
    assert.equal(
      (siteConfig(mocked[0].resources) as { appSettings: { value: string }[] }).appSettings[0]
        .value,
      "DefaultEndpointsProtocol=https;AccountName=appdata-f74284b;AccountKey=offline-key",
    );
    assert.equal(
      byType(mocked[0].resources, "azure-native:web:WebApp")[0].inputs["virtualNetworkSubnetId"],
      SUBNET,
    );
    assert.deepEqual(mocked[0].warnings, []);
  });

  it("warns of a remote component, whose children only its provider plugin can build", async function () {
    this.timeout(120_000);
    const [run] = await runStacks(readProject(path.join(FIXTURES, "remote")), ["dev"]);
    assert.equal(run.failure, undefined);
    assert.deepEqual(run.warnings, [
      {
        kind: "remote-component",
        message:
          'Component awsx:ec2:Vpc "main" is a remote (multi-language) component: its provider plugin creates its children, which an offline run cannot start, so they are not checked. Run "pulumi preview --policy-pack" to judge them.',
        urn: "urn:pulumi:dev::remote::awsx:ec2:Vpc::main",
      },
    ]);
  });

  it("fails a program whose import is not installed, naming the importing file", async function () {
    this.timeout(120_000);
    const project = readProject(path.join(FIXTURES, "missing-module"));
    const [run] = await runStacks(project, ["dev"]);
    assert.equal(
      run.failure?.message,
      `naming.ts: cannot find module "slugify-not-installed", got nothing installed under that name. Run "npm install" in ${project.dir}, or add "slugify-not-installed" to its package.json.`,
    );
  });

  it("names each registration a stalled program left waiting and the line that constructed it", async function () {
    this.timeout(120_000);
    const [run] = await runStacks(readProject(path.join(FIXTURES, "stalled")), ["dev"]);
    assert.deepEqual(run.failure, {
      message:
        'Stack "dev" stopped before the program finished, got registrations that never completed: ' +
        '"logs" [aws:s3/bucketV2:BucketV2] was waiting for the value of its input property "bucket" (at index.ts:5); ' +
        '"audit" [aws:s3/bucketV2:BucketV2] was waiting for the value of its input property "bucket" (at index.ts:7). ' +
        "Look for a promise or output that never resolves, or resources that depend on each other in a cycle.",
      problems: [],
    });
  });

  it("fails a program that does not parse with the file, line and column of each compile error", async function () {
    this.timeout(120_000);
    const [run] = await runStacks(readProject(path.join(FIXTURES, "broken-syntax")), ["dev"]);
    assert.deepEqual(run.failure, {
      message: 'tags.ts:3:25: Expected "}" but found ";"',
      problems: [],
    });
  });

  it("fails a program that throws with its message and the project line that threw", async function () {
    this.timeout(120_000);
    const [run] = await runStacks(readProject(path.join(FIXTURES, "throws")), ["dev"]);
    assert.deepEqual(run.failure, {
      message: 'bucket name "t" is shorter than the 3 characters S3 accepts (at naming.ts:3)',
      problems: [],
    });
  });
});
