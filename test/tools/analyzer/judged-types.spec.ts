import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  readJudgedTypes,
  unjudgedTypes,
  unjudgedTypeWarnings,
} from "../../../tools/analyzer/judged-types";
import type { RecordedResource } from "../../../tools/engine/types";

const POLICIES = path.join(__dirname, "..", "..", "..", "policies");
const PACK = path.join(__dirname, "..", "..", "fixtures", "policy-pack");

/** A recorded resource with what the warning reads; everything else empty. */
function resource(type: string, name: string, more: Partial<RecordedResource> = {}) {
  return {
    urn: `urn:pulumi:dev::p::${type}::${name}`,
    type,
    name,
    custom: true,
    external: false,
    id: `${name}-id`,
    parent: "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev",
    dependencies: [],
    propertyDependencies: {},
    provider: "",
    inputs: {},
    outputs: {},
    options: {} as RecordedResource["options"],
    ...more,
  } satisfies RecordedResource;
}

const judged = { types: ["aws:dynamodb/table:Table"], taggedWith: ["data-class"] };

describe("judged types", () => {
  it("merges the packs' statements, and knows nothing when a pack makes none", () => {
    const both = readJudgedTypes([
      path.join(POLICIES, "residency"),
      path.join(POLICIES, "baseline"),
    ]);
    assert.deepEqual(both?.taggedWith, ["data-class"]);
    assert.ok(both?.types.includes("gcp:cloudrun/iamMember:IamMember"));
    assert.ok(both?.types.includes("gcp:spanner/instance:Instance"));
    assert.equal(readJudgedTypes([path.join(POLICIES, "residency"), PACK]), undefined);
  });

  it("rejects a statement of the wrong shape, naming the file and the fix", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "judged-"));
    const file = path.join(dir, "judged-types.js");
    fs.writeFileSync(file, 'exports.judgedTypes = { types: "aws:s3/bucket:Bucket" };\n');
    assert.throws(() => readJudgedTypes([dir]), {
      message: `${file}: "judgedTypes" must be { types: string[], taggedWith: string[] }, got {"types":"aws:s3/bucket:Bucket"}. Export the type tokens the pack's policies judge.`,
    });
    fs.rmSync(dir, { recursive: true });
  });

  it("lists custom types no policy judges, leaving out providers, components, reads and tagged resources", () => {
    const provider = resource("pulumi:providers:aws", "default", {
      inputs: { defaultTags: JSON.stringify({ tags: { "data-class": "pii" } }) },
    });
    const resources = [
      resource("pulumi:pulumi:Stack", "p-dev", { custom: false, parent: "" }),
      provider,
      resource("tachyon:data:Store", "store", { custom: false }),
      resource("aws:dynamodb/table:Table", "orders"),
      resource("aws:ec2/vpc:Vpc", "main"),
      resource("aws:ec2/subnet:Subnet", "a"),
      resource("aws:ec2/subnet:Subnet", "b"),
      resource("aws:ec2/vpc:Vpc", "read", { external: true }),
      resource("azure:storage/account:Account", "tagged", {
        inputs: { tags: { "data-class": "pii" } },
      }),
      resource("gcp:pubsub/topic:Topic", "ticks", { inputs: { labels: { "data-class": "pii" } } }),
      resource("aws:s3/bucket:Bucket", "logs", { provider: `${provider.urn}::${provider.id}` }),
      resource("kubernetes:core/v1:Pod", "web", { inputs: { tags: { "data-class": "pii" } } }),
    ];
    assert.deepEqual(
      [...unjudgedTypes(resources, judged)],
      [
        ["aws:ec2/subnet:Subnet", 2],
        ["aws:ec2/vpc:Vpc", 1],
        ["kubernetes:core/v1:Pod", 1],
      ],
    );
  });

  it("warns once per stack with every unjudged type, and not at all without a statement", () => {
    const resources = [resource("aws:ec2/vpc:Vpc", "main"), resource("aws:ec2/subnet:Subnet", "a")];
    assert.deepEqual(unjudgedTypeWarnings(resources, judged), [
      {
        kind: "unjudged-type",
        message:
          "No policy of the selected packs judges 2 resource types of this stack: aws:ec2/subnet:Subnet (1 resource), aws:ec2/vpc:Vpc (1 resource).",
      },
    ]);
    assert.deepEqual(unjudgedTypeWarnings(resources, undefined), []);
    assert.deepEqual(unjudgedTypeWarnings([resource("aws:dynamodb/table:Table", "t")], judged), []);
  });

  it("lists the types by code unit, the same under every locale", () => {
    const resources = ["aws:ec2/vpc:Vpc", "aws:ec2/Vpc:Vpc", "aws:ec2/subnet:Subnet"].map((t) =>
      resource(t, t),
    );
    // A locale's collation would put "vpc" before "Vpc"; code units put upper case first.
    assert.deepEqual(
      [...unjudgedTypes(resources, judged).keys()],
      ["aws:ec2/Vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:ec2/vpc:Vpc"],
    );
  });
});
