// A V8 code cache for the CommonJS modules a process loads: the first process to load a file
// keeps V8's compiled code for it (with the functions compiled while the process ran) in the
// cache folder, under the hash of the file's name and source, and every later process that loads
// the same source starts from that code instead of compiling it again. Compiling is most of what
// loading the Pulumi SDKs costs, and every stack and pack process loads them. Node 22 has this
// built in (`module.enableCompileCache`); on Node 20 the loader's `_compile` step is taken over,
// as the v8-compile-cache package does, with the module's `require` built as Node builds it.
// A file that does not compile as a CommonJS script (ES module syntax, which Node then loads as
// a module) or that may call `import()` goes through Node's own step. An entry V8 rejects (made
// by another Node version or with other flags, or damaged) is compiled from source and replaced.
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const Module = require("node:module");
const path = require("node:path");
const v8 = require("node:v8");
const vm = require("node:vm");

// What Node wraps a CommonJS file in. It shares the file's first line, so that line's columns are
// shifted back by its length (`columnOffset`): stack traces give the file's own lines and columns.
const WRAPPER = ["(function (exports, require, module, __filename, __dirname) { ", "\n});"];

// A script compiled here has no `import()` loader: Node 20 lends it the default one only as an
// experimental feature that warns on stderr, and loses it for code taken from the cache. A file
// that may call import() (`import (`, even in a string it evaluates) goes through Node's own
// step. Found with indexOf: a regular expression over every file loaded cost a pack 30 ms.
function mayImport(content) {
  for (let at = content.indexOf("import"); at !== -1; at = content.indexOf("import", at + 6)) {
    let next = at + 6;
    while (/\s/.test(content[next] ?? "")) next += 1;
    if (content[next] === "(") return true;
  }
  return false;
}

// How long a process must compile nothing new before what it compiled is stored.
const QUIET_MS = 300;

/**
 * Takes compiled code from `dir` for the CommonJS files this process loads, and keeps there what
 * it compiles. An empty or missing `dir` leaves Node's loader as it is.
 */
function installCodeCache(dir) {
  if (typeof dir !== "string" || dir === "") return;
  const own = Module.prototype._compile;
  // Scripts compiled without a usable cache entry, stored once the process has been quiet for a
  // moment (a pack's process is stopped by a signal, so no exit handler of it ever runs) and on
  // exit, each with the functions it had compiled by then.
  let fresh = [];
  let timer;
  const store = () => {
    clearTimeout(timer);
    timer = undefined;
    const entries = fresh;
    fresh = [];
    if (entries.length > 0) write(dir, entries);
  };
  // V8 takes code only from a process with the same flags, and stamps code with the flags it is
  // taken under. Loading @pulumi/pulumi turns on `--allow-natives-syntax` (runtime/closure/v8.js),
  // so the flags set so far are part of each key, and code compiled before a change is taken
  // before it.
  const setFlags = v8.setFlagsFromString;
  const flagsSet = new Set();
  v8.setFlagsFromString = function setFlagsFromString(flags) {
    for (const entry of fresh) entry.data ??= entry.script.createCachedData();
    const result = setFlags.call(this, flags);
    flagsSet.add(String(flags));
    return result;
  };
  Module.prototype._compile = function compile(content, filename, format) {
    if (format === "module" || mayImport(content)) {
      return own.call(this, content, filename, format);
    }
    const file = path.join(dir, `${keyOf([...flagsSet].sort().join(" "), filename, content)}.bin`);
    const cachedData = readOrUndefined(file);
    let script;
    try {
      script = new vm.Script(WRAPPER[0] + content + WRAPPER[1], {
        filename,
        columnOffset: -WRAPPER[0].length,
        cachedData,
      });
    } catch {
      // Not a CommonJS script (ES module syntax) or not valid at all: Node says which.
      return own.call(this, content, filename, format);
    }
    if (cachedData === undefined || script.cachedDataRejected === true) {
      fresh.push({ script, file });
      clearTimeout(timer);
      timer = setTimeout(store, QUIET_MS).unref();
    }
    const wrapper = script.runInThisContext({ displayErrors: true });
    return Reflect.apply(wrapper, this.exports, [
      this.exports,
      requireFor(this),
      this,
      filename,
      path.dirname(filename),
    ]);
  };
  process.once("exit", store);
}

function write(dir, entries) {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch {
    return;
  }
  for (const { script, file, data } of entries) {
    try {
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, data ?? script.createCachedData());
      fs.renameSync(tmp, file);
    } catch {
      // A cache that cannot be written costs the next process a compile, nothing more.
    }
  }
}

// The code V8 makes depends on its version and flags (it rejects an entry made under others); the
// file's name is part of the key because compiled code carries it.
function keyOf(flags, filename, content) {
  return crypto
    .createHash("sha256")
    .update(`${process.version}\0${flags}\0${filename}\0`)
    .update(content)
    .digest("hex")
    .slice(0, 40);
}

function readOrUndefined(file) {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

// The `require` Node hands a CommonJS module (lib/internal/modules/helpers.js makeRequireFunction).
function requireFor(mod) {
  function require(id) {
    return mod.require(id);
  }
  function resolve(request, options) {
    if (typeof request !== "string") {
      throw new TypeError(`The "request" argument must be of type string, got ${typeof request}`);
    }
    return Module._resolveFilename(request, mod, false, options);
  }
  resolve.paths = (request) => Module._resolveLookupPaths(request, mod);
  require.resolve = resolve;
  require.main = process.mainModule;
  require.extensions = Module._extensions;
  require.cache = Module._cache;
  return require;
}

module.exports = { installCodeCache };
