// Preloaded (`node --require`) into every process the check starts: stack programs and policy
// packs. Loading `@pulumi/pulumi` also loads the TypeScript compiler (runtime/closure/
// parseFunction.js) and npm's Arborist (runtime/closure/codePaths.js), about 0.2 s and 0.25 s of
// the SDK's 0.6 s, though both serve only to serialize a JavaScript function into a package
// (magic functions such as `aws.lambda.CallbackFunction`, `pulumi.runtime.serializeFunction`).
// Those two requires get a stand-in that loads the real module on first use, so a program or
// pack that serializes a function works as before and one that does not never pays for them.
"use strict";
const Module = require("node:module");

// Which module (by the file that requires it) gets a stand-in for which request.
const DEFERRED = [
  {
    parent: /[\\/]@pulumi[\\/]pulumi[\\/]runtime[\\/]closure[\\/]parseFunction\.js$/,
    request: "../../typescript-shim",
  },
  {
    parent: /[\\/]@pulumi[\\/]pulumi[\\/]runtime[\\/]closure[\\/]codePaths\.js$/,
    request: "@npmcli/arborist",
  },
];

/** Whether `request` from `parent` is one of the deferred requires. */
function deferred(request, parent) {
  const from = parent?.filename;
  return (
    typeof from === "string" && DEFERRED.some((d) => d.request === request && d.parent.test(from))
  );
}

// A stand-in for a module object: every read loads the module and reads from it, except the keys
// of `own`, which it answers itself. It claims `__esModule`, so TypeScript's `__importStar` hands
// it on as it is instead of copying the module's keys (which would load it at once).
function standIn(load, own = {}) {
  let real;
  const target = () => (real ??= load());
  const owns = (key) => key === "__esModule" || Object.hasOwn(own, key);
  return new Proxy(Object.create(null), {
    get: (_, key) =>
      key === "__esModule" ? true : owns(key) ? own[key] : Reflect.get(target(), key),
    has: (_, key) => owns(key) || Reflect.has(target(), key),
    set: (_, key, value) => Reflect.set(target(), key, value),
  });
}

const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (deferred(request, parent)) return standIn(() => load.call(this, request, parent, isMain));
  return load.call(this, request, parent, isMain);
};

module.exports = { deferred, standIn };
