import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { PRUNE_STAMP, pruneCache, UNUSED_DAYS } from "../../../tools/engine/cache-prune";

const DAY = 24 * 3600_000;
const NOW = Date.parse("2026-12-05T12:00:00Z");
const A = "a".repeat(64);
const B = "b".repeat(64);
const T = "c".repeat(32);
const C = "d".repeat(40);

describe("tools/engine/cache-prune", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-prune-spec-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Writes `rel` under the cache folder, last read and written `daysAgo` days before NOW. */
  function entry(rel: string, daysAgo: number, readDaysAgo = daysAgo): string {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, "x");
    fs.utimesSync(file, (NOW - readDaysAgo * DAY) / 1000, (NOW - daysAgo * DAY) / 1000);
    return file;
  }

  const left = (): string[] =>
    (fs.readdirSync(dir, { recursive: true }) as string[])
      .filter((f) => fs.statSync(path.join(dir, f)).isFile())
      .sort();

  it(`removes compiled files and verdicts unused for ${UNUSED_DAYS} days, and stale temporary files`, () => {
    entry(`programs/aa/${A}.js`, UNUSED_DAYS + 1);
    entry(`programs/bb/${B}.js`, UNUSED_DAYS - 1);
    entry(`programs/aa/${A}.js.4242.tmp`, UNUSED_DAYS + 5);
    entry(`types/${T}.json`, UNUSED_DAYS + 2);
    entry(`types/${T}.json.4242.1700000000000.tmp`, UNUSED_DAYS + 2);
    assert.deepEqual(pruneCache(dir, NOW), { ran: true, removed: 4 });
    assert.deepEqual(left(), [path.join("programs", "bb", `${B}.js`), PRUNE_STAMP]);
  });

  it(`removes V8 code entries unused for ${UNUSED_DAYS} days, and their stale temporary files`, () => {
    entry(`code/${C}.bin`, UNUSED_DAYS + 1);
    entry(`code/${C}.bin.4242.tmp`, UNUSED_DAYS + 3);
    entry(`code/${"e".repeat(40)}.bin`, UNUSED_DAYS + 9, 1);
    entry("code/notes.bin", 400);
    assert.deepEqual(pruneCache(dir, NOW), { ran: true, removed: 2 });
    assert.deepEqual(left(), [
      path.join("code", `${"e".repeat(40)}.bin`),
      path.join("code", "notes.bin"),
      PRUNE_STAMP,
    ]);
  });

  it("keeps an old entry that was read within the window", () => {
    entry(`types/${T}.json`, UNUSED_DAYS + 40, 2);
    assert.deepEqual(pruneCache(dir, NOW), { ran: true, removed: 0 });
    assert.deepEqual(left(), [PRUNE_STAMP, path.join("types", `${T}.json`)]);
  });

  it("removes a pack folder, learned references and outputs unused for the window, and keeps recent ones", () => {
    const oldPack = "0123456789abcdef01234567";
    const newPack = "76543210fedcba9876543210";
    entry(`packs/${oldPack}/manifest.json`, UNUSED_DAYS + 3);
    entry(`packs/${oldPack}/ea6f2ce03781b34b/index.js`, UNUSED_DAYS + 3);
    entry(`packs/${newPack}/manifest.json`, UNUSED_DAYS + 3, 1);
    entry(`packs/${newPack}/ea6f2ce03781b34b/index.js`, UNUSED_DAYS + 3);
    entry("references/00b24cb70e4ce0b5477f911c.json", UNUSED_DAYS + 3);
    entry("references/016f54dc50f1bb82cd8076dc.json", 2);
    entry("outputs/1c0ffee0000000000000000a.json", UNUSED_DAYS + 1);
    entry("outputs/1c0ffee0000000000000000b.json", 5);
    for (const key of [oldPack, newPack]) {
      const folder = path.join(dir, "packs", key);
      fs.utimesSync(folder, (NOW - 40 * DAY) / 1000, (NOW - 40 * DAY) / 1000);
    }
    assert.deepEqual(pruneCache(dir, NOW), { ran: true, removed: 3 });
    assert.deepEqual(left(), [
      path.join("outputs", "1c0ffee0000000000000000b.json"),
      path.join("packs", newPack, "ea6f2ce03781b34b", "index.js"),
      path.join("packs", newPack, "manifest.json"),
      PRUNE_STAMP,
      path.join("references", "016f54dc50f1bb82cd8076dc.json"),
    ]);
  });

  it("keeps a pack folder whose build is being stored, before its manifest exists", () => {
    const key = "0123456789abcdef01234567";
    entry(`packs/${key}/ea6f2ce03781b34b/index.js`, UNUSED_DAYS + 3);
    assert.deepEqual(pruneCache(dir, Date.now()), { ran: true, removed: 0 });
    assert.ok(fs.existsSync(path.join(dir, "packs", key, "ea6f2ce03781b34b", "index.js")));
  });

  it("leaves files it does not know alone, however old", () => {
    const kept = [
      entry("programs/notes.txt", 400),
      entry("programs/zz/readme.js", 400),
      entry("types/mine.json", 400),
      entry("references/notes.json", 400),
      entry("packs/manifest.json", 400),
    ];
    assert.deepEqual(pruneCache(dir, NOW), { ran: true, removed: 0 });
    for (const file of kept) assert.ok(fs.existsSync(file), file);
  });

  it("runs at most once a day, by its stamp", () => {
    entry(`types/${T}.json`, UNUSED_DAYS + 1);
    entry(PRUNE_STAMP, 0.5);
    assert.deepEqual(pruneCache(dir, NOW), { ran: false, removed: 0 });
    assert.ok(fs.existsSync(path.join(dir, "types", `${T}.json`)));
    assert.deepEqual(pruneCache(dir, NOW + DAY), { ran: true, removed: 1 });
    assert.equal(fs.statSync(path.join(dir, PRUNE_STAMP)).mtimeMs, NOW + DAY);
  });

  it("does not follow a link planted in the cache", () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-prune-outside-"));
    try {
      const target = path.join(outside, "keep.js");
      fs.writeFileSync(target, "x");
      fs.utimesSync(target, (NOW - 400 * DAY) / 1000, (NOW - 400 * DAY) / 1000);
      fs.mkdirSync(path.join(dir, "programs", "aa"), { recursive: true });
      fs.symlinkSync(target, path.join(dir, "programs", "aa", `${A}.js`));
      assert.deepEqual(pruneCache(dir, NOW), { ran: true, removed: 0 });
      assert.ok(fs.existsSync(target));
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });

  it("never throws on a cache folder that is gone", () => {
    assert.deepEqual(pruneCache(path.join(dir, "missing"), NOW), { ran: false, removed: 0 });
  });
});
