import * as assert from "node:assert/strict";
import * as path from "node:path";
import { readProject } from "../../../tools/engine/project";
import { runStacks, type StackRun } from "../../../tools/engine/schedule";
import { tsconfigAlias } from "../../../tools/engine/program-errors";

const FIXTURES = path.join(__dirname, "..", "..", "fixtures");

/** Each resource's type, name and the input named, the provider left out. */
function inputs(run: StackRun, input: string): [string, string, unknown][] {
  return run.resources
    .filter((r) => !r.type.startsWith("pulumi:"))
    .map((r) => [r.type, r.name, r.inputs[input]]);
}

describe("tools/engine runs programs as Pulumi's Node.js language host does", () => {
  let runs: Record<string, StackRun>;

  before(async function () {
    this.timeout(240_000);
    const names = ["decorators", "esm", "nested", "js-only", "main-src", "esm-tsconfig"];
    const done = await Promise.all(
      names.map((n) => runStacks(readProject(path.join(FIXTURES, n)), ["dev"])),
    );
    runs = Object.fromEntries(names.map((n, i) => [n, done[i][0]]));
  });

  it("emits decorator metadata when the tsconfig asks for it, as ts-node does", () => {
    assert.equal(runs["decorators"].failure, undefined);
    assert.deepEqual(inputs(runs["decorators"], "tags"), [
      ["aws:s3/bucketV2:BucketV2", "ledger", { team: "payments", owner: "ops" }],
    ]);
  });

  it("imports an ES module program, whose top-level await settles before its resources", () => {
    assert.equal(runs["esm"].failure, undefined);
    assert.deepEqual(inputs(runs["esm"], "tags"), [
      ["aws:s3/bucket:Bucket", "audit-logs", { kind: "audit", "retention-days": "365" }],
      ["aws:s3/bucket:Bucket", "access-logs", { kind: "access", "retention-days": "30" }],
    ]);
  });

  it("compiles an ES module program with the tsconfig runtime.options names, not the folder's own", () => {
    assert.equal(runs["esm-tsconfig"].failure, undefined);
    // experimentalDecorators (tsconfig.pulumi.json): the decorator got the member's name.
    assert.deepEqual(inputs(runs["esm-tsconfig"], "tags"), [
      ["aws:s3/bucket:Bucket", "ledger", { decorated: "team" }],
    ]);
  });

  it("loads nested folders through their index.ts re-exports and a JSON import", () => {
    assert.equal(runs["nested"].failure, undefined);
    const byName = Object.fromEntries(
      runs["nested"].resources
        .filter((r) => !r.type.startsWith("pulumi:"))
        .map((r) => [r.name, r.inputs["name"] ?? r.inputs["bucket"]]),
    );
    assert.deepEqual(byName, {
      archive: "acme-orders-archive",
      fills: "acme-orders-fills",
      rejects: "acme-orders-rejects",
    });
  });

  it("runs a JavaScript program with no tsconfig.json", () => {
    assert.equal(runs["js-only"].failure, undefined);
    assert.deepEqual(inputs(runs["js-only"], "retentionInDays"), [
      ["aws:cloudwatch/logGroup:LogGroup", "app", 14],
    ]);
  });

  it("runs main: src/ with the tsconfig and the Node flags runtime.options names", () => {
    assert.equal(runs["main-src"].failure, undefined);
    assert.equal(readProject(path.join(FIXTURES, "main-src")).program.endsWith("src"), true);
    assert.deepEqual(inputs(runs["main-src"], "tags"), [
      ["aws:s3/bucketV2:BucketV2", "store", { label: "ledger", team: "treasury" }],
    ]);
  });

  it("names the tsconfig mapping of a bare import that only the compiler resolves", () => {
    const tsconfig = path.join(FIXTURES, "paths-alias", "tsconfig.json");
    assert.deepEqual(
      ["@lib/naming", "lib/naming", "@aws-sdk/client-s3", "lib/absent"].map((n) =>
        tsconfigAlias(n, tsconfig),
      ),
      ['"paths" "@lib/*"', '"baseUrl"', undefined, undefined],
    );
  });
});
