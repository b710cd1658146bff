// Preloaded (`node --require`) first into every policy pack's process: the V8 code cache of
// code-cache.js, in the folder the check names (`TACHYON_CODE_CACHE`; none, no cache).
"use strict";
require("./code-cache.js").installCodeCache(process.env.TACHYON_CODE_CACHE);
