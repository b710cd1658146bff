import assert from "node:assert/strict";
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { budgetOf, buildBundle, digestDir } from "../../functions/build";
import type { BuildStamp } from "../../functions/build-stamp";

describe("functions/build-stamp (reusing a bundle already on disk)", () => {
  let tmp: string;
  let dir: string;
  const budget = budgetOf("order", "aws");
  const stampFile = (): string => `${dir}.inputs.json`;
  const readStamp = (): BuildStamp => JSON.parse(readFileSync(stampFile(), "utf8")) as BuildStamp;

  beforeEach(() => {
    tmp = mkdtempSync(path.join(tmpdir(), "tachyon-stamp-"));
    dir = path.join(tmp, "aws", "order");
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it("stamps a build with its inputs' hashes and the folder's digest, beside the folder", () => {
    const bundle = buildBundle("order", "aws", dir, budget);
    const stamp = readStamp();
    assert.equal(stamp.sha256, bundle.sha256);
    assert.equal(stamp.sha256, digestDir(dir));
    assert.ok("functions/entries/aws/order.ts" in stamp.inputs, Object.keys(stamp.inputs).join());
    assert.deepEqual(bundle.files, ["index.mjs"]);
    assert.deepEqual(buildBundle("order", "aws", dir, budget), bundle);
  });

  it("builds again when the metafile beside the folder is gone", () => {
    const built = buildBundle("order", "aws", dir, budget);
    rmSync(built.metafilePath);
    assert.deepEqual(buildBundle("order", "aws", dir, budget), built);
    assert.ok(existsSync(built.metafilePath));
  });

  it("reuses the folder as it is when the stamp still matches, without building", () => {
    const built = buildBundle("order", "aws", dir, budget);
    // A folder changed behind the stamp's back, stamped as if it had been built that way.
    appendFileSync(path.join(dir, "index.mjs"), "//reused");
    writeFileSync(stampFile(), JSON.stringify({ ...readStamp(), sha256: digestDir(dir) }));
    const reused = buildBundle("order", "aws", dir, budget);
    assert.equal(reused.bytes, built.bytes + "//reused".length);
    assert.equal(reused.sha256, digestDir(dir));
  });

  it("builds again when an input's content differs from the stamp", () => {
    const built = buildBundle("order", "aws", dir, budget);
    appendFileSync(path.join(dir, "index.mjs"), "//reused");
    const stamp = readStamp();
    const inputs = { ...stamp.inputs, "functions/entries/aws/order.ts": "0".repeat(64) };
    writeFileSync(stampFile(), JSON.stringify({ ...stamp, inputs, sha256: digestDir(dir) }));
    assert.deepEqual(buildBundle("order", "aws", dir, budget), built);
  });

  it("builds again when the folder was changed after its build", () => {
    const built = buildBundle("order", "aws", dir, budget);
    appendFileSync(path.join(dir, "index.mjs"), "//edited");
    assert.deepEqual(buildBundle("order", "aws", dir, budget), built);
  });

  it("builds again for another budget", () => {
    buildBundle("order", "aws", dir, budget);
    const before = readStamp().stamp;
    buildBundle("order", "aws", dir, budget + 1);
    assert.notEqual(readStamp().stamp, before);
  });
});
