import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { outputProblem, writeOutput } from "../../../tools/report/output";

describe("tools/report/output", () => {
  it("replaces a report atomically, leaving no temporary file beside it", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-out-"));
    const file = path.join(dir, "report.json");
    fs.writeFileSync(file, "old");
    assert.equal(outputProblem(file), undefined);
    writeOutput(file, '{"summary":{}}\n');
    assert.equal(fs.readFileSync(file, "utf8"), '{"summary":{}}\n');
    assert.deepEqual(fs.readdirSync(dir), ["report.json"]);
  });

  it("writes a device in place and lets its error through (/dev/full)", () => {
    assert.equal(outputProblem("/dev/full"), undefined);
    assert.throws(() => writeOutput("/dev/full", "report"), { code: "ENOSPC" });
    assert.doesNotThrow(() => writeOutput("/dev/null", "report"));
  });
});
