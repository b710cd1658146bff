import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { typeCheck, type TypeCheckRequest } from "../../../tools/engine/type-check";

const SDK = require.resolve("@pulumi/pulumi");

describe("tools/engine/type-check", () => {
  let dir: string;
  let cache: string;
  const saved = {
    cache: process.env["TACHYON_CACHE_DIR"],
    transpileOnly: process.env["PULUMI_NODEJS_TRANSPILE_ONLY"],
  };

  function write(file: string, text: string): string {
    const full = path.join(dir, file);
    fs.writeFileSync(full, text);
    return full;
  }

  function request(files: string[], esm = false): TypeCheckRequest {
    return {
      projectDir: dir,
      tsconfig: path.join(dir, "tsconfig.json"),
      sdkEntry: SDK,
      files: files.map((f) => path.join(dir, f)),
      esm,
      transpileOnlyEnv: true,
    };
  }

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-types-"));
    cache = fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-types-cache-"));
    process.env["TACHYON_CACHE_DIR"] = cache;
    delete process.env["PULUMI_NODEJS_TRANSPILE_ONLY"];
    // No type packages: the folder is outside any node_modules.
    write("tsconfig.json", JSON.stringify({ compilerOptions: { types: [], strict: true } }));
    write("index.ts", 'import { limit } from "./limits";\nexport const doubled = limit * 2;\n');
    write("limits.ts", 'export const limit: number = "30";\n');
  });

  afterEach(() => {
    for (const [name, value] of [
      ["TACHYON_CACHE_DIR", saved.cache],
      ["PULUMI_NODEJS_TRANSPILE_ONLY", saved.transpileOnly],
    ] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(cache, { recursive: true, force: true });
  });

  it("reports each error of the first loaded file that has one, as ts-node stops on it", function () {
    this.timeout(60_000);
    write("late.ts", "export const late: string = 1;\n");
    const result = typeCheck(request(["index.ts", "limits.ts", "late.ts"]));
    assert.equal(
      result.failure,
      "limits.ts:1:14: error TS2322: Type 'string' is not assignable to type 'number'.",
    );
    assert.equal(result.cached, false);
  });

  it("checks only the files the program loaded, as ts-node does", function () {
    this.timeout(60_000);
    write("limits.ts", "export const limit = 30;\n");
    write("unused.ts", "export const unused: string = 1;\n");
    assert.equal(typeCheck(request(["index.ts", "limits.ts"])).failure, undefined);
  });

  it("checks every project file an ES module program imports", function () {
    this.timeout(60_000);
    assert.equal(
      typeCheck(request(["index.ts"], true)).failure,
      "limits.ts:1:14: error TS2322: Type 'string' is not assignable to type 'number'.",
    );
  });

  it("keeps a verdict until a file it read changes", function () {
    this.timeout(60_000);
    const files = ["index.ts", "limits.ts"];
    const first = typeCheck(request(files));
    const again = typeCheck(request(files));
    assert.equal(again.cached, true);
    assert.equal(again.failure, first.failure);
    write("limits.ts", "export const limit = 30;\n");
    const fixed = typeCheck(request(files));
    assert.deepEqual([fixed.cached, fixed.failure], [false, undefined]);
    // The settings count too: without strict, an implicit any is no error.
    write("limits.ts", "export function limit(n) { return n; }\n");
    write("index.ts", 'import { limit } from "./limits";\nexport const doubled = limit(2);\n');
    assert.match(typeCheck(request(files)).failure ?? "", /error TS7006: Parameter 'n'/);
    write("tsconfig.json", JSON.stringify({ compilerOptions: { types: [], strict: false } }));
    assert.deepEqual(typeCheck(request(files)).failure, undefined);
  });

  it("checks again after an install, which npm records in node_modules/.package-lock.json", function () {
    this.timeout(60_000);
    fs.mkdirSync(path.join(dir, "node_modules", "limits-pkg"), { recursive: true });
    write(
      "node_modules/limits-pkg/package.json",
      '{ "name": "limits-pkg", "types": "index.d.ts" }',
    );
    write("node_modules/limits-pkg/index.d.ts", "export declare const limit: number;\n");
    write("node_modules/.package-lock.json", '{ "lockfileVersion": 3 }');
    write("index.ts", 'import { limit } from "limits-pkg";\nexport const doubled = limit * 2;\n');
    const first = typeCheck(request(["index.ts"]));
    assert.deepEqual([first.cached, first.failure], [false, undefined]);
    assert.equal(typeCheck(request(["index.ts"])).cached, true);
    write("node_modules/.package-lock.json", '{ "lockfileVersion": 3, "packages": {} }');
    assert.equal(typeCheck(request(["index.ts"])).cached, false);
  });

  it("applies the options Pulumi's host passes over the tsconfig: target ES2020 unless it names one", function () {
    this.timeout(60_000);
    write("limits.ts", "export const limit = [10, 30].at(-1) ?? 0;\n");
    assert.match(
      typeCheck(request(["index.ts", "limits.ts"])).failure ?? "",
      /^limits\.ts:1:31: error TS2550: Property 'at' does not exist on type 'number\[\]'/,
    );
    write(
      "tsconfig.json",
      JSON.stringify({ compilerOptions: { types: [], strict: true, target: "ES2022" } }),
    );
    assert.equal(typeCheck(request(["index.ts", "limits.ts"])).failure, undefined);
  });

  it("skips the check as the host does: PULUMI_NODEJS_TRANSPILE_ONLY=true, or noCheck in the tsconfig", function () {
    this.timeout(60_000);
    const files = ["index.ts", "limits.ts"];
    process.env["PULUMI_NODEJS_TRANSPILE_ONLY"] = "true";
    assert.deepEqual(typeCheck(request(files)).skipped, "PULUMI_NODEJS_TRANSPILE_ONLY=true");
    // Any other value keeps ts-node's check.
    process.env["PULUMI_NODEJS_TRANSPILE_ONLY"] = "false";
    assert.match(typeCheck(request(files)).failure ?? "", /error TS2322/);
    // The host hands the file's own options to the compiler, which then checks nothing.
    write(
      "tsconfig.json",
      '{\n  // comments are allowed\n  "compilerOptions": { "types": [], "noCheck": true },\n}\n',
    );
    const result = typeCheck(request(files));
    assert.deepEqual(
      [result.skipped, result.failure],
      ['"noCheck": true in tsconfig.json', undefined],
    );
  });

  it("fails on a tsconfig that extends itself, which would hang ts-node, naming the cycle", function () {
    this.timeout(60_000);
    write("base.json", JSON.stringify({ extends: "./tsconfig.json" }));
    write(
      "tsconfig.json",
      JSON.stringify({ extends: "./base.json", compilerOptions: { types: [] } }),
    );
    const tsconfig = path.join(dir, "tsconfig.json");
    assert.equal(
      typeCheck(request(["index.ts", "limits.ts"])).failure,
      `tsconfig.json: error TS18000: Circularity detected while resolving configuration: ${tsconfig} -> ${path.join(dir, "base.json")} -> ${tsconfig}`,
    );
  });

  it("refuses a tsconfig that is not a regular file rather than block on it", function () {
    this.timeout(60_000);
    const tsconfig = path.join(dir, "tsconfig.json");
    fs.rmSync(tsconfig);
    execFileSync("mkfifo", [tsconfig]);
    assert.equal(
      typeCheck(request(["index.ts", "limits.ts"])).failure,
      `${tsconfig}: must be a regular file, got a named pipe (FIFO). Replace it with a plain text file.`,
    );
  });

  it("fails on a tsconfig ts-node refuses, naming the option", function () {
    this.timeout(60_000);
    write("tsconfig.json", JSON.stringify({ compilerOptions: { types: [], strictt: true } }));
    assert.equal(
      typeCheck(request(["index.ts", "limits.ts"])).failure,
      "tsconfig.json: error TS5025: Unknown compiler option 'strictt'. Did you mean 'strict'?",
    );
  });
});
