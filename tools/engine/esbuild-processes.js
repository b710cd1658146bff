// esbuild runs as a process of its own. Its asynchronous API (`build`, which compiles policy packs)
// keeps one service process for the life of the caller, and its synchronous API (`transformSync`
// in compile-hook.js, `buildSync` in a program's bundler) by default keeps another behind a worker
// thread. Neither is stopped when the caller exits: the service notices its closed stdin and exits
// by itself, left for init to reap, so a check would leave processes in its group after it ends.
// bin/tachyon.js and child-entry.js call these two so that none outlives the process that started
// it. https://github.com/evanw/esbuild/blob/v0.28.2/lib/shared/types.ts (stop())
"use strict";
const diagnostics = require("node:diagnostics_channel");

/** Child processes of this process that have not exited yet. */
const children = new Set();
let watching = false;

/**
 * Runs esbuild's synchronous API without its worker thread, so that each call starts one esbuild
 * process and reaps it before it returns: a process that a terminated worker started is never
 * reaped by its parent. Read once, when esbuild loads; a setting of the user's own is kept.
 * https://github.com/evanw/esbuild/releases/tag/v0.12.11 (ESBUILD_WORKER_THREADS=0)
 */
function syncWithoutWorker() {
  if (process.env.ESBUILD_WORKER_THREADS === undefined) process.env.ESBUILD_WORKER_THREADS = "0";
}

/** Notes every child process this process starts, so that {@link stopEsbuild} can wait for it. */
function watchChildren() {
  if (watching) return;
  watching = true;
  // Published for each ChildProcess as it is created (Node's built-in "child_process" channel).
  diagnostics.subscribe("child_process", ({ process: child }) => {
    children.add(child);
    child.once("exit", () => children.delete(child));
  });
}

/**
 * Stops esbuild's service, if this process loaded esbuild (it never loads it just to stop it),
 * and resolves once the service has exited and been reaped, or after `timeoutMs`.
 */
async function stopEsbuild(timeoutMs = 2000) {
  let id;
  try {
    id = require.resolve("esbuild");
  } catch {
    return;
  }
  const esbuild = require.cache[id];
  if (esbuild === undefined) return;
  await esbuild.exports.stop();
  const running = [...children].filter(
    (c) => c.exitCode === null && c.signalCode === null && /esbuild/.test(c.spawnfile ?? ""),
  );
  if (running.length === 0) return;
  let timer;
  await Promise.race([
    Promise.all(
      running.map(
        (c) =>
          new Promise((resolve) => {
            c.once("exit", resolve);
            // esbuild unreferences its service so that it never holds the process open; this wait must.
            c.ref();
          }),
      ),
    ),
    new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs))),
  ]);
  clearTimeout(timer);
}

module.exports = { syncWithoutWorker, watchChildren, stopEsbuild };
