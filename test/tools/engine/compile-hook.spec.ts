import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..", "..", "..");
const HOOK = path.join(ROOT, "tools", "engine", "compile-hook.js");

// Runs `script` in a fresh Node process (the hook replaces require.extensions, which this
// process's own TypeScript loader needs) and returns what it wrote on stdout.
function inNode(script: string): string {
  return execFileSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8" });
}

describe("tools/engine/compile-hook", () => {
  let work: string;

  beforeEach(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-compile-hook-"));
  });

  afterEach(() => {
    fs.rmSync(work, { recursive: true, force: true });
  });

  it("loads TypeScript with a cache folder it cannot write, keeping nothing", () => {
    const file = path.join(work, "file");
    fs.writeFileSync(file, "");
    const out = inNode(`
      const { installCompileHook } = require(${JSON.stringify(HOOK)});
      installCompileHook({ tsconfig: "tsconfig.json", cache: ${JSON.stringify(path.join(file, "programs"))} });
      process.stdout.write(String(require("./model/geo.ts").FIBRE_KM_PER_MS));
    `);
    assert.equal(out, "204");
    assert.deepEqual(fs.readdirSync(work), ["file"]);
  });

  it("refuses a TypeScript file that is not a regular file rather than block on it", () => {
    const pipe = path.join(work, "settings.ts");
    execFileSync("mkfifo", [pipe]);
    const out = inNode(`
      const { installCompileHook } = require(${JSON.stringify(HOOK)});
      installCompileHook({ tsconfig: "tsconfig.json", cache: ${JSON.stringify(path.join(work, "programs"))} });
      try { require(${JSON.stringify(pipe)}); } catch (err) { process.stdout.write(err.message); }
    `);
    assert.equal(
      out,
      `${pipe}: must be a regular file, got something else (a named pipe or a device). Replace it with the TypeScript file.`,
    );
  });

  it("leaves the stack trace of a JavaScript frame as V8 prints it", () => {
    const out = inNode(`
      const { installCompileHook, mapStackTraces } = require(${JSON.stringify(HOOK)});
      const trace = () => new TypeError("bad input").stack;
      const stacks = [];
      for (const mapped of [false, true]) {
        if (mapped) mapStackTraces(installCompileHook({ tsconfig: "tsconfig.json" }));
        stacks.push(trace());
      }
      process.stdout.write(JSON.stringify(stacks));
    `);
    const [plain, mapped] = JSON.parse(out) as [string, string];
    assert.ok(plain.startsWith("TypeError: bad input\n    at trace ([eval]:3:"), plain);
    assert.equal(mapped, plain);
  });

  it("names the TypeScript line of a frame in a compiled file, through its source map", () => {
    const source = path.join(work, "thrower.ts");
    // Types and blank lines the compiled file drops, so that its lines differ from the source's.
    fs.writeFileSync(
      source,
      [
        "interface Order {",
        "  readonly id: string;",
        "}",
        "",
        "export function check(order: Order): never {",
        "  throw new Error(`order ${order.id} rejected`);",
        "}",
        "",
      ].join("\n"),
    );
    const out = inNode(`
      const { installCompileHook, mapStackTraces } = require(${JSON.stringify(HOOK)});
      mapStackTraces(installCompileHook({ tsconfig: "tsconfig.json" }));
      try { require(${JSON.stringify(source)}).check({ id: "o-1" }); }
      catch (err) { process.stdout.write(err.stack.split("\\n").slice(0, 2).join("\\n")); }
    `);
    assert.equal(out, `Error: order o-1 rejected\n    at Object.check (${source}:6:9)`);
  });
});
