import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { run } from "../../../tools/commands/check";
import type { CheckReport } from "../../../tools/report/types";
import { capture, type Captured } from "./capture";

const FIXTURES = path.join(__dirname, "..", "..", "fixtures");
const PROJECT = path.join(FIXTURES, "project");
const PACK = path.join(FIXTURES, "policy-pack");

describe("tachyon check --stack <regional> and --verbose", () => {
  let verbose: Captured;
  let quiet: Captured;
  let again: Captured;
  let cache: string;
  let previous: string | undefined;

  before(async function () {
    this.timeout(180_000);
    // A cache of its own: the first check runs the global stack, the later ones take its outputs.
    previous = process.env["TACHYON_CACHE_DIR"];
    cache = fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-check-verbose-"));
    process.env["TACHYON_CACHE_DIR"] = cache;
    const argv = ["--project", PROJECT, "--stack", "dev-app", "--policy-pack", PACK];
    verbose = await capture(run, [...argv, "--format", "json", "--verbose"]);
    quiet = await capture(run, argv);
    again = await capture(run, [...argv, "--format", "json", "--verbose"]);
  });

  after(() => {
    if (previous === undefined) delete process.env["TACHYON_CACHE_DIR"];
    else process.env["TACHYON_CACHE_DIR"] = previous;
    fs.rmSync(cache, { recursive: true, force: true });
  });

  it("runs the global stack the selected stack reads without reporting it", () => {
    const report = JSON.parse(verbose.stdout) as CheckReport;
    assert.equal(verbose.code, 0);
    assert.deepEqual(
      report.stacks.map((s) => [s.name, s.resources, s.error]),
      [["dev-app", 3, null]],
    );
    assert.deepEqual(report.summary, {
      stacks: 1,
      resources: 3,
      mandatory: 0,
      advisory: 1,
      warnings: 0,
    });
  });

  it("says in one line which stacks ran only for their outputs, or gave them unchanged", () => {
    const notes = (out: Captured): string[] =>
      out.stderr.split("\n").filter((l) => l.includes("note:"));
    assert.deepEqual(notes(verbose), [
      "tachyon check: note: ran dev-global only for the outputs the selected stacks read; not checked or reported (add --stack dev-global to check it too).",
    ]);
    for (const out of [quiet, again])
      assert.deepEqual(notes(out), [
        "tachyon check: note: took dev-global from an earlier check (nothing its program read has changed) only for the outputs the selected stacks read; not checked or reported (add --stack dev-global to check it too).",
      ]);
  });

  it("takes the global stack's outputs from the first check when nothing it read changed, with the same report", () => {
    const line = again.stderr.split("\n").find((l) => l.includes("stack dev-global"));
    assert.match(
      line ?? "",
      /^tachyon check: stack dev-global: outputs from an earlier check, the \d+ files its program read unchanged \(\d+ ms to compare\); not run, not analyzed\.$/,
    );
    assert.equal(again.code, 0);
    const first = JSON.parse(verbose.stdout) as CheckReport;
    const second = JSON.parse(again.stdout) as CheckReport;
    assert.deepEqual(second.stacks, first.stacks);
  });

  it("prints each pack's start and each stack's phases with --verbose, and nothing more without", () => {
    // Packs start while programs run: their lines come in either order.
    const lines = verbose.stderr
      .split("\n")
      .filter((l) => !l.includes("note:") && l !== "")
      .sort();
    assert.equal(lines.length, 3, verbose.stderr);
    assert.match(
      lines[0],
      /^tachyon check: pack fixture-policies: start \d+ ms \((bundled now|bundle from the cache)\)\.$/,
    );
    assert.match(
      lines[1],
      /^tachyon check: stack dev-app: process start \d+ ms, SDK \d+ ms, program load \d+ ms, registration \d+ ms, type check \d+ ms( \(verdict from the cache\))?, analysis \d+ ms; 5 registrations, \d+ ms in its process\.$/,
    );
    assert.match(
      lines[2],
      /^tachyon check: stack dev-global: process start \d+ ms, SDK \d+ ms, program load \d+ ms, registration \d+ ms, type check \d+ ms( \(verdict from the cache\))?, not analyzed \(run for its outputs\); 7 registrations, \d+ ms in its process\.$/,
    );
    assert.equal(quiet.stderr.split("\n").filter((l) => l !== "").length, 1, quiet.stderr);
  });
});
