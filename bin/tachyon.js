#!/usr/bin/env node
// Runs the TypeScript CLI directly: tsx compiles on the fly, so there is no build step.
"use strict";
require("tsx/cjs");
const { main } = require("../tools/cli.ts");
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`tachyon: ${err && err.stack ? err.stack : String(err)}\n`);
    process.exitCode = 2;
  },
);
