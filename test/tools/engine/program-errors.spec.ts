import * as assert from "node:assert/strict";
import { compileErrors, projectFrame } from "../../../tools/engine/program-errors";

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
});
