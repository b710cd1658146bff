import * as assert from "node:assert/strict";
import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runCheck } from "../../../tools/analyzer/run-check";
import { PolicyPackError } from "../../../tools/analyzer/pack";
import { run } from "../../../tools/commands/check";
import { onTrack } from "../../../tools/engine/children";
import { descendants, stillAlive } from "../../support/processes";
import { capture } from "./capture";

const FIXTURES = path.join(__dirname, "..", "..", "fixtures");
const PROJECT = path.join(FIXTURES, "project");
const PACK = path.join(FIXTURES, "policy-pack");
const BIN = path.join(__dirname, "..", "..", "..", "bin", "tachyon.js");

/** Runs `tachyon check` in its own process. */
function spawnCheck(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [BIN, "check", ...argv], { timeout: 120_000 }, (err, out, errs) => {
      const code = err === null ? 0 : typeof err.code === "number" ? err.code : undefined;
      if (code === undefined) reject(err ?? new Error("no exit code"));
      else resolve({ code, stdout: out, stderr: errs });
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe("tachyon check (hostile input)", () => {
  it("fails on a pack that prints a port and fails GetAnalyzerInfo, leaving no process running", async function () {
    this.timeout(120_000);
    const children: ChildProcess[] = [];
    const stop = onTrack((c) => children.push(c));
    try {
      await assert.rejects(
        runCheck({
          project: PROJECT,
          stacks: ["dev-global"],
          policyPacks: [PACK, path.join(FIXTURES, "policy-pack-mute")],
        }),
        (err: Error) =>
          err instanceof PolicyPackError && /failed GetAnalyzerInfo/.test(err.message),
      );
    } finally {
      stop();
    }
    // Both packs and the stack's program were started; none is left.
    assert.ok(children.length >= 2, `${children.length} processes`);
    assert.deepEqual(await stillAlive(children.map((c) => c.pid)), []);
  });

  it("kills every pack and program and exits 143 on SIGTERM", async function () {
    this.timeout(120_000);
    const cli = spawn(
      process.execPath,
      [
        BIN,
        "check",
        "--project",
        PROJECT,
        "--stack",
        "dev-global",
        "--policy-pack",
        path.join(FIXTURES, "policy-pack-hang"),
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let stderr = "";
    cli.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    const exited = new Promise<number | null>((r) => cli.on("exit", (code) => r(code)));
    const seen = new Set<number>();
    // Wait until the pack runs (and has had time to ignore SIGTERM), recording every descendant.
    for (let i = 0; i < 200 && seen.size === 0; i++) {
      await sleep(100);
      descendants(cli.pid as number).forEach((p) => seen.add(p));
    }
    await sleep(3_000);
    descendants(cli.pid as number).forEach((p) => seen.add(p));
    assert.ok(seen.size > 0, "the CLI started no process");
    cli.kill("SIGTERM");
    const started = Date.now();
    assert.equal(await exited, 143);
    assert.ok(Date.now() - started < 5_000, `exit took ${Date.now() - started} ms`);
    assert.match(
      stderr,
      /tachyon check: stopped by SIGTERM; \d+ running policy pack and program process(es)? killed, no report written\.\n$/,
    );
    // Killed at once; tsx's esbuild service ends itself as soon as its parent's pipe closes.
    assert.deepEqual(await stillAlive(seen), []);
  });

  it("still prints the report when --output cannot be written (/dev/full), and exits 2", async function () {
    this.timeout(120_000);
    const r = await spawnCheck([
      "--project",
      PROJECT,
      "--stack",
      "dev-global",
      "--policy-pack",
      PACK,
      "--format",
      "json",
      "--output",
      "/dev/full",
    ]);
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr,
      'tachyon check: --output: cannot write the report to "/dev/full", got ENOSPC (no space left on device). It follows on stdout; free space or pick another file.\n',
    );
    const report = JSON.parse(r.stdout) as { stacks: { name: string }[] };
    assert.deepEqual(
      report.stacks.map((s) => s.name),
      ["dev-global"],
    );
  });

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-output-"));
  const fifo = path.join(dir, "pipe");
  execFileSync("mkfifo", [fifo]);
  const refused: [string, string][] = [
    [
      path.join(dir, "missing", "report.json"),
      `--output: the folder ${path.join(dir, "missing")} does not exist, got "${path.join(dir, "missing", "report.json")}". Create the folder first or write the report elsewhere.`,
    ],
    [
      dir,
      `--output: must name a file, got the folder "${dir}". Add a file name, e.g. "${path.join(dir, "tachyon-report")}".`,
    ],
    [
      fifo,
      `--output: nothing reads the named pipe "${fifo}", got ENXIO (no such device or address). Start its reader first or write to a file.`,
    ],
  ];
  for (const [output, message] of refused) {
    it(`refuses --output ${path.basename(output)} before running any stack`, async () => {
      const started = Date.now();
      const r = await capture(run, ["--project", PROJECT, "--output", output]);
      assert.deepEqual(r, { code: 2, stdout: "", stderr: `tachyon check: ${message}\n` });
      assert.ok(Date.now() - started < 1_000);
    });
  }

  it("refuses a --stack name Pulumi refuses", async () => {
    const r = await capture(run, ["--stack", "a b$(id)"]);
    assert.equal(r.code, 2);
    assert.ok(
      r.stderr.startsWith(
        'tachyon check: --stack: must be a stack name Pulumi accepts (letters, digits, "-", "_" and ".", at most 100, not only periods), got "a b$(id)". Pass the name of a Pulumi.<stack>.yaml file.\n',
      ),
      r.stderr,
    );
  });

  it("reports a FIFO, an alias bomb and a __proto__ key in the stacks folder as those stacks' errors, without blocking", async function () {
    this.timeout(120_000);
    const stacks = fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-hostile-stacks-"));
    const file = (name: string): string => path.join(stacks, `Pulumi.${name}.yaml`);
    execFileSync("mkfifo", [file("dev-pipe")]);
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (const [i, n] of ["b", "c", "d", "e", "f", "g"].entries())
      levels.push(`${n}: &${n} [${Array(10).fill(`*${"abcdef"[i]}`).join(", ")}]`);
    fs.writeFileSync(file("dev-bomb"), `${levels.join("\n")}\n`);
    fs.writeFileSync(file("dev-proto"), "config:\n  __proto__:polluted: yes\n");
    const report = await runCheck({ project: PROJECT, stacksDir: stacks, policyPacks: [PACK] });
    assert.deepEqual(
      report.stacks.map((s) => [s.name, s.error]),
      [
        [
          "dev-bomb",
          {
            message: `${file("dev-bomb")}: YAML aliases expand to more than 100000 values, got 12345678. Write the values out instead of nesting aliases.`,
            problems: [],
          },
        ],
        [
          "dev-pipe",
          {
            message: `${file("dev-pipe")}: must be a regular file, got a named pipe (FIFO). Replace it with a plain text file.`,
            problems: [],
          },
        ],
        [
          "dev-proto",
          {
            message: `${file("dev-proto")}: "config.__proto__:polluted" is not a known config key, got "__proto__:polluted". Remove it: "__proto__" names no namespace or key.`,
            problems: [
              {
                path: "__proto__:polluted",
                message:
                  'is not a known config key, got "__proto__:polluted". Remove it: "__proto__" names no namespace or key.',
              },
            ],
          },
        ],
      ],
    );
    assert.equal((Object.prototype as Record<string, unknown>)["polluted"], undefined);
  });
});
