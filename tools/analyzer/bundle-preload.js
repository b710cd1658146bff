// Preloaded (`node --require`) into a policy pack's process when the pack runs from its esbuild
// bundle (pack-build.ts), after lazy-sdk.js. Pulumi's policy runner (run-policy-pack/run.js, with
// tsutils.js) always requires `typescript` and `ts-node` and registers ts-node with its type
// check, about 0.3 s of CPU per pack, though a bundle is JavaScript and has nothing for ts-node to
// compile. Those requires, from those two files only, get a stand-in: ts-node's `register` does
// nothing, the two versions the runner reads (and logs) come from each package's package.json,
// resolved as the runner resolves the package, and anything else read from a stand-in loads the
// real module. A pack run from source (`.`) never gets this preload: ts-node type-checks it as
// under the Pulumi CLI.
"use strict";
const fs = require("node:fs");
const Module = require("node:module");
const { standIn } = require("../engine/lazy-sdk.js");

// The runner's files that require TypeScript for ts-node's sake.
const RUNNER = [
  /[\\/]@pulumi[\\/]pulumi[\\/]cmd[\\/]run-policy-pack[\\/]run\.js$/,
  /[\\/]@pulumi[\\/]pulumi[\\/]tsutils\.js$/,
];
// The field of each package's module the runner reads, and the fields its stand-in answers.
const VERSION_KEY = { typescript: "version", "ts-node": "VERSION" };
// run.js hands the tsconfig's compiler options (tsutils.loadTypeScriptCompilerOptions) to
// ts-node's `register` only, and tsutils parses that file with TypeScript through this shim.
const SHIM = "./typescript-shim";

/** Whether `request` from `parent` is one of the runner's TypeScript requires. */
function fromRunner(request, parent) {
  const from = parent?.filename;
  return (
    typeof from === "string" &&
    (Object.hasOwn(VERSION_KEY, request) || request === SHIM) &&
    RUNNER.some((r) => r.test(from))
  );
}

// The version in the package.json of the copy of `name` that `parent` would load; throws as
// `require(name)` would when there is no such package.
function versionFor(name, parent) {
  Module._resolveFilename(name, parent);
  const manifest = Module._resolveFilename(`${name}/package.json`, parent);
  const { version } = JSON.parse(fs.readFileSync(manifest, "utf8"));
  if (typeof version !== "string") throw new Error(`${manifest}: no version`);
  return version;
}

// What the stand-in for `request` answers without loading the module.
function ownFields(request, parent, loadReal) {
  if (request === SHIM) {
    return {
      // A tsconfig that is plain JSON needs no compiler; one with comments gets the real parse.
      parseConfigFileTextToJson: (file, text) => {
        try {
          return { config: JSON.parse(text) };
        } catch {
          return loadReal().parseConfigFileTextToJson(file, text);
        }
      },
    };
  }
  const own = { [VERSION_KEY[request]]: versionFor(request, parent) };
  // The bundle is JavaScript: there is nothing for ts-node to compile or type-check.
  if (request === "ts-node") own.register = () => undefined;
  return own;
}

const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (!fromRunner(request, parent)) return load.call(this, request, parent, isMain);
  const loadReal = () => load.call(this, request, parent, isMain);
  let own;
  try {
    own = ownFields(request, parent, loadReal);
  } catch {
    // No such package here: the real require fails as it always has, and the runner falls back
    // to its vendored copy.
    return loadReal();
  }
  return standIn(loadReal, own);
};

module.exports = { fromRunner, versionFor };
