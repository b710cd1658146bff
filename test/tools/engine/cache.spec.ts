import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  cacheDir,
  cachedBuild,
  hashFiles,
  privateDirProblem,
  storeBuild,
} from "../../../tools/engine/cache";

describe("tools/engine/cache", () => {
  let tmp: string;
  let previous: string | undefined;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-cache-spec-"));
    previous = process.env["TACHYON_CACHE_DIR"];
  });
  afterEach(() => {
    if (previous === undefined) delete process.env["TACHYON_CACHE_DIR"];
    else process.env["TACHYON_CACHE_DIR"] = previous;
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  describe("privateDirProblem", () => {
    it("creates a missing folder that only its user can enter", () => {
      const dir = path.join(tmp, "a", "b");
      assert.equal(privateDirProblem(dir), undefined);
      assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
    });

    it("refuses a folder others can write, a link, and a file", () => {
      const open = path.join(tmp, "open");
      fs.mkdirSync(open);
      fs.chmodSync(open, 0o777);
      assert.equal(privateDirProblem(open), "can be written by others (mode 777)");
      const link = path.join(tmp, "link");
      fs.symlinkSync(path.join(tmp, "a"), link);
      fs.mkdirSync(path.join(tmp, "a"));
      assert.equal(privateDirProblem(link), "is a symbolic link");
      const file = path.join(tmp, "file");
      fs.writeFileSync(file, "");
      assert.equal(privateDirProblem(file), "cannot be created (EEXIST)");
    });

    it("refuses a folder that belongs to another user", () => {
      const uid = process.getuid?.() ?? 0;
      if (uid === 0) {
        // As root, hand a folder to another user; otherwise "/" belongs to root, not to us.
        const theirs = path.join(tmp, "theirs");
        fs.mkdirSync(theirs, { mode: 0o755 });
        fs.chownSync(theirs, 4242, 4242);
        assert.equal(privateDirProblem(theirs), "belongs to user 4242, not 0");
      } else {
        assert.equal(privateDirProblem("/"), `belongs to user 0, not ${uid}`);
      }
    });
  });

  describe("cacheDir", () => {
    it("uses TACHYON_CACHE_DIR when it is private", () => {
      process.env["TACHYON_CACHE_DIR"] = path.join(tmp, "mine");
      assert.equal(cacheDir(), path.join(tmp, "mine"));
    });

    it("runs nothing from a folder another user could have filled, and says so", () => {
      const planted = path.join(tmp, "planted");
      fs.mkdirSync(planted);
      fs.chmodSync(planted, 0o777);
      process.env["TACHYON_CACHE_DIR"] = planted;
      const written: string[] = [];
      const write = process.stderr.write.bind(process.stderr);
      process.stderr.write = (chunk: string) => written.push(chunk) > 0;
      let dir: string;
      try {
        dir = cacheDir();
      } finally {
        process.stderr.write = write;
      }
      assert.notEqual(dir, planted);
      assert.equal(privateDirProblem(dir), undefined);
      assert.deepEqual(written, [
        `tachyon: cache folder ${planted} can be written by others (mode 777), so tachyon does not run code from it; this run caches in ${dir}. Remove that folder, or set TACHYON_CACHE_DIR to a folder only you can write.\n`,
      ]);
    });
  });

  describe("cachedBuild", () => {
    it("returns a stored build and its inputs while they are unchanged, and nothing after a change", () => {
      process.env["TACHYON_CACHE_DIR"] = path.join(tmp, "cache");
      const input = path.join(tmp, "input.ts");
      fs.writeFileSync(input, "export const a = 1;");
      const output = storeBuild("packs", "k", hashFiles([input]) ?? {}, [
        { name: "pack.js", contents: "module.exports = 1;" },
      ]);
      assert.deepEqual(cachedBuild("packs", "k"), { output, inputs: [input] });
      fs.writeFileSync(input, "export const a = 2;");
      assert.equal(cachedBuild("packs", "k"), undefined);
    });

    it("reads no output outside the build's own folder, whatever the manifest says", () => {
      process.env["TACHYON_CACHE_DIR"] = path.join(tmp, "cache");
      const elsewhere = path.join(tmp, "elsewhere.js");
      fs.writeFileSync(elsewhere, "module.exports = 'not built here';");
      const manifest = path.join(tmp, "cache", "packs", "k", "manifest.json");
      fs.mkdirSync(path.dirname(manifest), { recursive: true });
      const output = path.relative(path.dirname(manifest), elsewhere);
      fs.writeFileSync(manifest, JSON.stringify({ output, inputs: {} }));
      assert.equal(output, "../../../elsewhere.js");
      assert.equal(cachedBuild("packs", "k"), undefined);
    });
  });
});
