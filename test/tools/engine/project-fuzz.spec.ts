import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import * as yaml from "js-yaml";
import { ProjectError, readProject, readStackConfig } from "../../../tools/engine/project";

/** Most time and heap growth one case may take: far below what an unbounded expansion costs. */
const CASE_MS = 1_000;
const CASE_HEAP_BYTES = 256 * 1024 * 1024;

const project = (() => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-fuzz-"));
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: fuzz\nruntime: nodejs\n");
  fs.mkdirSync(path.join(dir, "stacks"));
  return readProject(dir, path.join(dir, "stacks"));
})();
const STACK_FILE = path.join(project.stacksDir, "Pulumi.case.yaml");

// Keys a hostile file would try, and any string. "secure" is left out: a single-key
// { secure } map is a secret by design, not data to round-trip.
const key = fc.oneof(
  fc.constantFrom("__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "aws"),
  fc.string({ maxLength: 12 }).filter((k) => k !== "secure"),
);
const { value } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.string({ maxLength: 20 }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.array(fc.tuple(key, tie("value")), { maxLength: 4 }).map((e) => Object.fromEntries(e)),
  ),
}));
const configKey = fc.oneof(
  key,
  fc.tuple(key, key).map(([ns, k]) => `${ns}:${k}`),
);

/** Reads the stack file holding `text`, within the case's time and heap bounds. */
function readBounded(text: string): ReturnType<typeof readStackConfig> | ProjectError {
  fs.writeFileSync(STACK_FILE, text);
  const heap = process.memoryUsage().heapUsed;
  const started = Date.now();
  let result: ReturnType<typeof readStackConfig> | ProjectError;
  try {
    result = readStackConfig(project, "case");
  } catch (err) {
    if (!(err instanceof ProjectError)) throw err;
    result = err;
  }
  assert.ok(Date.now() - started < CASE_MS, `took ${Date.now() - started} ms`);
  assert.ok(process.memoryUsage().heapUsed - heap < CASE_HEAP_BYTES, "heap grew too much");
  assert.deepEqual(Object.getOwnPropertyNames(Object.prototype).sort(), PROTOTYPE_KEYS);
  return result;
}
const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype).sort();

describe("tools/engine/project (fuzz)", () => {
  it("reads any config map as data: every key kept, __proto__ keys reported, nothing on Object.prototype", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(configKey, value), { maxLength: 8 }), (entries) => {
        const raw = Object.fromEntries(entries);
        const result = readBounded(yaml.dump({ config: raw }));
        const reserved = Object.keys(raw).filter((k) => k.split(":").includes("__proto__"));
        if (reserved.length > 0) {
          assert.ok(result instanceof ProjectError);
          for (const k of reserved)
            assert.ok(result.message.includes(`"config.${k}"`), result.message);
          return;
        }
        assert.ok(
          !(result instanceof ProjectError),
          result instanceof ProjectError ? result.message : "",
        );
        const expected = new Map<string, unknown>();
        for (const [k, v] of Object.entries(raw))
          expected.set(k.includes(":") ? k : `fuzz:${k}`, v);
        assert.deepEqual(result.values, Object.fromEntries(expected));
        for (const [k, v] of expected)
          assert.equal(result.config[k], typeof v === "string" ? v : JSON.stringify(v));
      }),
      { numRuns: 300 },
    );
  });

  it("refuses alias trees past the bound and reads those within it, in bounded time and memory", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 12 }),
        (levels, width) => {
          const lines = ["config:", '  l0: &l0 "lol"'];
          for (let i = 1; i <= levels; i++)
            lines.push(
              `  l${i}: &l${i} [${Array(width)
                .fill(`*l${i - 1}`)
                .join(", ")}]`,
            );
          const result = readBounded(`${lines.join("\n")}\n`);
          // Level i holds 1 + width * (level i-1's size) values; add the two maps and l0.
          let level = 1;
          let values = 3;
          for (let i = 1; i <= levels; i++) values += level = 1 + width * level;
          // Aliases of the scalar l0 are copies; each later level reuses the list before it.
          const aliases = (levels - 1) * width;
          if (aliases > 100 || values > 100_000) assert.ok(result instanceof ProjectError);
          else
            assert.ok(
              !(result instanceof ProjectError),
              result instanceof ProjectError ? result.message : "",
            );
        },
      ),
      { numRuns: 100 },
    );
  });

  it("refuses any text beyond the size limit or holding NUL, and never fails with anything but a ProjectError", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString("latin1")),
          fc
            .integer({ min: 1_000_000, max: 1_100_000 })
            .map((n) => `config: {a: "${"x".repeat(n)}"}\n`),
        ),
        (text) => {
          const result = readBounded(text);
          if (Buffer.byteLength(text) > 1024 * 1024 || text.includes("\0"))
            assert.ok(result instanceof ProjectError);
        },
      ),
      { numRuns: 200 },
    );
  });
});
