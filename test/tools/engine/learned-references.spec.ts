import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  readLearnedReferences,
  saveLearnedReferences,
} from "../../../tools/engine/learned-references";
import { readProject } from "../../../tools/engine/project";

const PROJECT = readProject(path.join(__dirname, "..", "..", "fixtures", "project"));

describe("tools/engine/learned-references", () => {
  let cache: string;
  let previous: string | undefined;

  beforeEach(() => {
    cache = fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-learned-"));
    previous = process.env["TACHYON_CACHE_DIR"];
    process.env["TACHYON_CACHE_DIR"] = cache;
  });

  afterEach(() => {
    if (previous === undefined) delete process.env["TACHYON_CACHE_DIR"];
    else process.env["TACHYON_CACHE_DIR"] = previous;
    fs.rmSync(cache, { recursive: true, force: true });
  });

  it("knows nothing before a check has run", () => {
    assert.deepEqual(readLearnedReferences(PROJECT), {});
  });

  it("keeps the references of the stacks that finished, beside those of earlier checks", () => {
    saveLearnedReferences(PROJECT, [
      { name: "dev-app", references: ["dev-global"] },
      { name: "dev-global", references: [] },
    ]);
    saveLearnedReferences(PROJECT, [
      { name: "dev-probe", references: ["dev-bad"] },
      { name: "dev-app", references: [], failure: { message: "x" } },
    ]);
    assert.deepEqual(readLearnedReferences(PROJECT), {
      "dev-app": ["dev-global"],
      "dev-global": [],
      "dev-probe": ["dev-bad"],
    });
  });

  it("knows nothing from a file that is not a map of stack names to lists", () => {
    saveLearnedReferences(PROJECT, [{ name: "dev-app", references: ["dev-global"] }]);
    const [file] = fs.readdirSync(path.join(cache, "references"));
    fs.writeFileSync(path.join(cache, "references", file), "[1, 2]");
    assert.deepEqual(readLearnedReferences(PROJECT), {});
  });
});
