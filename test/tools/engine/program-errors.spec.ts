import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  compileErrors,
  projectFrame,
  untracedPromises,
} from "../../../tools/engine/program-errors";

describe("tools/engine/program-errors", () => {
  it("reads esbuild's structured errors relative to the project, columns counted from 1", () => {
    const err = Object.assign(new Error("Build failed with 2 errors:\n..."), {
      errors: [
        {
          text: 'Expected ")" but found "}"',
          location: { file: "/proj/lib/a.ts", line: 4, column: 0 },
        },
        { text: "Unterminated string literal", location: null },
      ],
    });
    assert.equal(
      compileErrors(err, "/proj"),
      'lib/a.ts:4:1: Expected ")" but found "}"\nUnterminated string literal',
    );
  });

  it("reads the TypeScript loader's text, one line per error", () => {
    const err = new Error(
      'Transform failed with 2 errors:\n/proj/index.ts:2:38: ERROR: Expected "}" but found ";"\n/proj/index.ts:9:0: ERROR: Unexpected end of file',
    );
    assert.equal(
      compileErrors(err, "/proj"),
      'index.ts:2:39: Expected "}" but found ";"\nindex.ts:9:1: Unexpected end of file',
    );
  });

  it("leaves any other error to the caller", () => {
    assert.equal(compileErrors(new Error("Transform the input first"), "/proj"), undefined);
    assert.equal(compileErrors(new TypeError("x is undefined"), "/proj"), undefined);
  });

  it("names the first project frame, skipping dependencies", () => {
    const stack = [
      "Error: boom",
      "    at check (/proj/node_modules/lib/index.js:3:9)",
      "    at name (/proj/src/naming.ts:12:11)",
      "    at Object.<anonymous> (/proj/index.ts:4:1)",
    ].join("\n");
    assert.equal(projectFrame(stack, "/proj"), " (at src/naming.ts:12)");
    assert.equal(projectFrame(stack, "/other"), "");
    assert.equal(projectFrame(undefined, "/proj"), "");
  });

  describe("untracedPromises", () => {
    let dir: string;
    beforeEach(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-untraced-"));
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    /** An SDK whose debuggablePromise records what it was given and the trace it took. */
    function sdk(body: string): { entry: string; debuggable: Record<string, unknown> } {
      fs.mkdirSync(path.join(dir, "runtime"));
      fs.writeFileSync(path.join(dir, "index.js"), "");
      fs.writeFileSync(path.join(dir, "runtime", "debuggable.js"), body);
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const debuggable = require(path.join(dir, "runtime", "debuggable.js")) as Record<
        string,
        unknown
      >;
      return { entry: path.join(dir, "index.js"), debuggable };
    }

    it("runs the SDK's wrapper with its arguments and result, taking no stack trace", () => {
      const { entry, debuggable } = sdk(
        "exports.calls = [];\nexports.debuggablePromise = function (p, ctx) { exports.calls.push({ self: this, args: [p, ctx], trace: new Error().stack }); return p; };",
      );
      const limit = Error.stackTraceLimit;
      untracedPromises(entry);
      const promise = Promise.resolve(1);
      const self = { sdk: true };
      const wrap = debuggable["debuggablePromise"] as (...a: unknown[]) => unknown;
      assert.equal(wrap.call(self, promise, "registerResource"), promise);
      assert.deepEqual(debuggable["calls"], [
        { self, args: [promise, "registerResource"], trace: "Error" },
      ]);
      assert.equal(Error.stackTraceLimit, limit);
      assert.match(new Error("after").stack ?? "", /\n +at /);
    });

    it("gives the trace limit back when the wrapper throws", () => {
      const { entry, debuggable } = sdk(
        'exports.debuggablePromise = function () { throw new Error("no monitor"); };',
      );
      const limit = Error.stackTraceLimit;
      untracedPromises(entry);
      assert.throws(
        () => (debuggable["debuggablePromise"] as () => unknown)(),
        /^Error: no monitor$/,
      );
      assert.equal(Error.stackTraceLimit, limit);
    });

    it("leaves an SDK without the wrapper as it is", () => {
      const { entry, debuggable } = sdk("exports.other = 1;");
      untracedPromises(entry);
      assert.deepEqual({ ...debuggable }, { other: 1 });
    });
  });
});
