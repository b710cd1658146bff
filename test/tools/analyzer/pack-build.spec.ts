import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { packProgram } from "../../../tools/analyzer/pack-build";

const ROOT = path.join(__dirname, "..", "..", "..");
const FIXTURES = path.join(ROOT, "test", "fixtures");

describe("tools/analyzer/pack-build", () => {
  let work: string;
  let previousCache: string | undefined;

  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-pack-build-"));
    previousCache = process.env["TACHYON_CACHE_DIR"];
    process.env["TACHYON_CACHE_DIR"] = path.join(work, "cache");
  });

  afterEach(() => {
    if (previousCache === undefined) delete process.env["TACHYON_CACHE_DIR"];
    else process.env["TACHYON_CACHE_DIR"] = previousCache;
    fs.rmSync(work, { recursive: true, force: true });
  });

  /** A copy of a fixture pack whose packages resolve from Tachyon's node_modules. */
  function copyPack(fixture: string): string {
    const dir = path.join(work, "packs", fixture);
    fs.cpSync(path.join(FIXTURES, fixture), dir, { recursive: true });
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(work, "packs", "node_modules"));
    return dir;
  }

  it("bundles a TypeScript pack into the cache once and reuses it while its files are unchanged", async function () {
    this.timeout(30_000);
    const dir = copyPack("policy-pack");
    const first = await packProgram(dir);
    const second = await packProgram(dir);
    assert.equal(first.source, "built");
    assert.equal(second.source, "cached");
    assert.equal(second.program, first.program);
    assert.equal(
      path.dirname(path.dirname(path.dirname(first.program))),
      path.join(work, "cache", "packs"),
    );
    assert.equal(path.basename(first.program), "index.js");
  });

  it("builds again when a file of the pack changes, and the new bundle holds the change", async function () {
    this.timeout(30_000);
    const dir = copyPack("policy-pack");
    const first = await packProgram(dir);
    const index = path.join(dir, "index.ts");
    fs.writeFileSync(
      index,
      fs
        .readFileSync(index, "utf8")
        .replace("Buckets must be encrypted at rest.", "Buckets must be sealed."),
    );
    const second = await packProgram(dir);
    assert.equal(second.source, "built");
    assert.notEqual(second.program, first.program);
    assert.match(fs.readFileSync(second.program, "utf8"), /Buckets must be sealed\./);
  });

  it("keeps packages as requires of the files the pack resolves", async function () {
    this.timeout(30_000);
    const dir = copyPack("policy-pack");
    const { program } = await packProgram(dir);
    const policy = fs.realpathSync(require.resolve("@pulumi/policy", { paths: [dir] }));
    assert.ok(fs.readFileSync(program, "utf8").includes(`require(${JSON.stringify(policy)})`));
  });

  it("type-checks a bundled pack as Pulumi's policy runner does, and keeps the verdict with the bundle", async function () {
    this.timeout(60_000);
    const dir = copyPack("policy-pack");
    assert.equal((await packProgram(dir)).typeErrors, undefined);
    fs.appendFileSync(path.join(dir, "index.ts"), 'export const retentionDays: number = "30";\n');
    const expected =
      "index.ts:96:14: error TS2322: Type 'string' is not assignable to type 'number'.";
    const built = await packProgram(dir);
    assert.deepEqual([built.source, built.typeErrors], ["built", expected]);
    // The runner checks whatever the environment says.
    process.env["PULUMI_NODEJS_TRANSPILE_ONLY"] = "true";
    try {
      const cached = await packProgram(dir);
      assert.deepEqual([cached.source, cached.typeErrors], ["cached", expected]);
    } finally {
      delete process.env["PULUMI_NODEJS_TRANSPILE_ONLY"];
    }
  });

  it("refuses a pack whose tsconfig.json is not a regular file rather than block on it", async () => {
    const dir = copyPack("policy-pack");
    const tsconfig = path.join(dir, "tsconfig.json");
    fs.rmSync(tsconfig);
    execFileSync("mkfifo", [tsconfig]);
    await assert.rejects(packProgram(dir), {
      name: "InputFileError",
      message: `${tsconfig}: must be a regular file, got a named pipe (FIFO). Replace it with a plain text file.`,
    });
  });

  it("refuses a pack that imports a file that is not a regular file rather than block on it", async () => {
    const dir = copyPack("policy-pack");
    const pipe = path.join(dir, "limits.ts");
    execFileSync("mkfifo", [pipe]);
    const index = path.join(dir, "index.ts");
    fs.writeFileSync(index, `import "./limits";\n${fs.readFileSync(index, "utf8")}`);
    await assert.rejects(packProgram(dir), {
      name: "InputFileError",
      message: `${pipe}: must be a regular file, got a named pipe (FIFO). Replace it with a plain text file.`,
    });
  });

  it("runs a JavaScript pack from its folder, as the Pulumi CLI does", async () => {
    assert.deepEqual(await packProgram(path.join(FIXTURES, "policy-pack-chatty")), {
      program: ".",
      source: "source",
    });
  });

  it("runs a pack from source when esbuild cannot bundle it, so that its error reads as before", async () => {
    const dir = copyPack("policy-pack");
    fs.writeFileSync(path.join(dir, "index.ts"), "export const broken = ;\n");
    assert.deepEqual(await packProgram(dir), { program: ".", source: "source" });
  });

  it("maps a thrown error back to the pack's own TypeScript line", async function () {
    this.timeout(30_000);
    const dir = copyPack("policy-pack-crash");
    const { program } = await packProgram(dir);
    let stack = "";
    try {
      execFileSync(process.execPath, ["--enable-source-maps", program], { stdio: "pipe" });
    } catch (err) {
      stack = String((err as { stderr: Buffer }).stderr);
    }
    assert.ok(stack.includes(`(${path.join(dir, "index.ts")}:2:7)`), stack);
  });
});
