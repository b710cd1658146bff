import * as assert from "node:assert/strict";
import { failureOf } from "../../../tools/engine/child";
import { ConfigError } from "../../../model/problems";

describe("tools/engine/child failureOf", () => {
  it("takes the problems of a thrown config error", () => {
    const err = new ConfigError("dev", [
      { path: "tachyon:site", message: "must be set, got nothing. Set it." },
    ]);
    assert.deepEqual(failureOf(err, "/nowhere").problems, [
      { path: "tachyon:site", message: "must be set, got nothing. Set it." },
    ]);
  });

  it("takes the problems of a config error wrapped as the cause of another error", () => {
    const cause = new ConfigError("dev", [
      { path: "aws:region", message: "must agree, got x. Fix it." },
    ]);
    const err = new Error("program failed", { cause });
    assert.deepEqual(failureOf(err, "/nowhere").problems, [
      { path: "aws:region", message: "must agree, got x. Fix it." },
    ]);
  });

  it("parses '  <path>: <message>' lines when only the text survived", () => {
    const err = new Error(
      'Stack "dev" has 2 config problems:\n  tachyon:topology.sites[1].cidr: overlaps 10.10.0.0/16. Pick another.\n  aws:region: must be us-east-1, got eu-west-1. Fix it.',
    );
    assert.deepEqual(failureOf(err, "/nowhere").problems, [
      { path: "tachyon:topology.sites[1].cidr", message: "overlaps 10.10.0.0/16. Pick another." },
      { path: "aws:region", message: "must be us-east-1, got eu-west-1. Fix it." },
    ]);
  });

  it("reports other errors by message with the program line they came from", () => {
    const err = new TypeError("x is undefined");
    err.stack =
      "TypeError: x is undefined\n    at build (/proj/node_modules/lib/a.js:1:1)\n    at main (/proj/components/site.ts:42:7)";
    assert.deepEqual(failureOf(err, "/proj"), {
      message: "x is undefined (at components/site.ts:42)",
      problems: [],
    });
  });

  it("names the project file that imports a module that is not installed", () => {
    const err = Object.assign(
      new Error("Cannot find module 'slugify'\nRequire stack:\n- /proj/naming.ts"),
      {
        code: "MODULE_NOT_FOUND",
        requireStack: ["/proj/naming.ts", "/proj/index.ts", "/tachyon/tools/engine/child.ts"],
      },
    );
    assert.deepEqual(failureOf(err, "/proj"), {
      message:
        'naming.ts: cannot find module "slugify", got nothing installed under that name. Run "npm install" in /proj, or add "slugify" to its package.json.',
      problems: [],
    });
  });
});
