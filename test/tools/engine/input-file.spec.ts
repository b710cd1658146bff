import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  expandedSize,
  InputFileError,
  loadYamlFile,
  MAX_INPUT_BYTES,
  readInputText,
} from "../../../tools/engine/input-file";

/** A file in a fresh temporary folder. */
function fileWith(name: string, content: string | Buffer): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-input-")), name);
  fs.writeFileSync(file, content);
  return file;
}

/** `levels` levels of `width` aliases each: width^levels values once expanded. */
function laughs(levels: number, width: number): string {
  const lines = ['l0: &l0 "lol"'];
  for (let i = 1; i <= levels; i++) {
    lines.push(`l${i}: &l${i} [${Array.from({ length: width }, () => `*l${i - 1}`).join(", ")}]`);
  }
  return `${lines.join("\n")}\n`;
}

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof InputFileError, String(err));
    return err.message;
  }
  assert.fail("expected an InputFileError");
}

describe("tools/engine/input-file", () => {
  it("refuses nested aliases that expand past the bound (billion laughs) in milliseconds", () => {
    const file = fileWith("Pulumi.bomb.yaml", laughs(9, 9));
    const started = Date.now();
    const heap = process.memoryUsage().heapUsed;
    // The root map, l0, and level i holding 1 + 9 * (level i-1's size) values: 490329056.
    assert.equal(
      refusal(() => loadYamlFile(file)),
      `${file}: YAML aliases expand to more than 100000 values, got 490329056. Write the values out instead of nesting aliases.`,
    );
    assert.ok(Date.now() - started < 1000, `took ${Date.now() - started} ms`);
    assert.ok(process.memoryUsage().heapUsed - heap < 64 * 1024 * 1024);
  });

  it("refuses more than 100 alias uses", () => {
    const file = fileWith(
      "Pulumi.many.yaml",
      `a: &a [1]\nb: [${Array.from({ length: 101 }, () => "*a").join(", ")}]\n`,
    );
    assert.equal(
      refusal(() => loadYamlFile(file)),
      `${file}: uses YAML aliases more than 100 times, got 101. Write the values out instead of aliasing them.`,
    );
  });

  it("refuses an alias inside the value it names", () => {
    const file = fileWith("Pulumi.loop.yaml", "a: &a [1, *a]\n");
    assert.equal(
      refusal(() => loadYamlFile(file)),
      `${file}: a YAML alias refers to the map or list that holds it, got a value that contains itself. Write the value out instead of the alias.`,
    );
  });

  it("accepts a few aliases and keeps __proto__ an own key", () => {
    const file = fileWith(
      "Pulumi.ok.yaml",
      "base: &base {cidr: 10.0.0.0/16}\nsites: [*base, *base]\nnested:\n  __proto__: {polluted: true}\n",
    );
    const doc = loadYamlFile(file) as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(doc["nested"]), ["__proto__"]);
    assert.equal(Object.getPrototypeOf(doc["nested"]), Object.prototype);
    assert.equal((Object.prototype as Record<string, unknown>)["polluted"], undefined);
  });

  it("sizes a document by its expansion, counting shared maps once per use", () => {
    const shared = { a: 1, b: 2 };
    assert.deepEqual(expandedSize({ x: shared, y: [shared, shared] }), {
      values: 1 + 3 + (1 + 3 + 3),
      aliases: 2,
      cycle: false,
    });
  });

  it("refuses a file over the size limit before reading it", () => {
    const file = fileWith("Pulumi.big.yaml", Buffer.alloc(MAX_INPUT_BYTES + 1, "a"));
    assert.equal(
      refusal(() => readInputText(file)),
      `${file}: is larger than the 1048576 bytes an input file may have, got 1048577 bytes. Trim it to the keys the program reads.`,
    );
  });

  it("refuses a binary file", () => {
    const file = fileWith("Pulumi.bin.yaml", Buffer.from([0x63, 0x3a, 0x00, 0xff]));
    assert.equal(
      refusal(() => readInputText(file)),
      `${file}: is not a text file, got a NUL byte at offset 2. Pass the YAML or JSON file itself.`,
    );
  });

  it("refuses a FIFO without opening it (reading would block forever)", function () {
    this.timeout(5_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-fifo-"));
    const fifo = path.join(dir, "Pulumi.pipe.yaml");
    execFileSync("mkfifo", [fifo]);
    assert.equal(
      refusal(() => readInputText(fifo)),
      `${fifo}: must be a regular file, got a named pipe (FIFO). Replace it with a plain text file.`,
    );
  });

  it("refuses a folder named like a stack file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-dir-"));
    const folder = path.join(dir, "Pulumi.dir.yaml");
    fs.mkdirSync(folder);
    assert.equal(
      refusal(() => readInputText(folder)),
      `${folder}: must be a regular file, got a folder. Replace it with a plain text file.`,
    );
  });

  it("names an unreadable file as unreadable, not as bad YAML", function () {
    this.timeout(20_000);
    const file = fileWith("Pulumi.locked.yaml", "config: {}\n");
    fs.chmodSync(file, 0o000);
    fs.chmodSync(path.dirname(file), 0o755);
    // Root reads any file, so the reader runs as "nobody" when the spec runs as root.
    const script = `try { require(${JSON.stringify(require.resolve("../../../tools/engine/input-file"))}).readInputText(${JSON.stringify(file)}); } catch (e) { process.stdout.write(e.message); }`;
    const out = execFileSync(process.execPath, ["--require", "tsx/cjs", "-e", script], {
      cwd: path.join(__dirname, "..", "..", ".."),
      ...(process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {}),
    }).toString();
    assert.equal(
      out,
      `${file}: cannot read it, got EACCES (permission denied). Make it readable by the user running the check.`,
    );
  });
});
