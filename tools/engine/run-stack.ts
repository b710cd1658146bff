/**
 * Runs one stack in a child process (see child.ts) and collects its answer. A CommonJS project's
 * TypeScript runs through child-entry.js, which compiles each .ts file once into the cache; an
 * ES module project (`"type": "module"`) runs through tsx, registered with `--import` as
 * `node --import tsx` does, since only a loader hook can compile what `import` loads.
 */
import { fork } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { cacheDir, codeCacheDir } from "./cache";
import { STOP_GRACE_MS, track } from "./children";
import { isModuleProgram } from "./package-type";
import type { RunRequest, RunResponse } from "./types";

/** How long one stack may run before it counts as hung. */
export const STACK_TIMEOUT_MS = 120_000;

const CHILD = path.join(__dirname, "child-entry.js");
const TSX = pathToFileURL(require.resolve("tsx")).href;

/** Forks the child, sends the request, resolves to its response (a failure if it dies or hangs). */
export function runStackProcess(
  req: RunRequest,
  signal?: AbortSignal,
  timeoutMs = STACK_TIMEOUT_MS,
): Promise<RunResponse> {
  return new Promise((resolve) => {
    const loader = loaderFor(req.projectDir, req.tsconfig, req.program, req.typescript !== false);
    const child = track(
      fork(CHILD, [], {
        cwd: req.projectDir,
        env: loader.env,
        execArgv: [...(req.nodeArgs ?? []), ...loader.execArgv],
        stdio: ["ignore", "pipe", "pipe", "ipc"],
        ...(signal !== undefined ? { signal } : {}),
      }),
    );
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    // Program output (console.log) is not part of the report; drain it so the child never blocks.
    child.stdout?.resume();
    let settled = false;
    const finish = (res: RunResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(res);
    };
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      finish(
        failed(
          `Stack "${req.stack}" did not finish within ${timeoutMs / 1000} s, got a program still running. Look for a promise that never settles in the program.`,
        ),
      );
    }, timeoutMs);
    // The child exits as soon as its answer is sent; the answer counts once it has, so that no
    // stack process outlives the run (one that lingers is stopped after the grace period).
    let answer: RunResponse | undefined;
    child.on("message", (msg: RunResponse) => {
      answer = msg;
      setTimeout(() => child.kill("SIGKILL"), STOP_GRACE_MS).unref();
    });
    child.on("error", (err) =>
      finish(
        failed(
          signal?.aborted === true
            ? `Stack "${req.stack}" was stopped before it finished.`
            : `Stack "${req.stack}" could not start: ${err.message}.`,
        ),
      ),
    );
    child.on("exit", (code, signal) => {
      if (answer !== undefined) return finish(answer);
      const tail = stderr.trim().split("\n").slice(-5).join("\n");
      finish(
        failed(
          `Stack "${req.stack}" stopped before reporting (exit ${code ?? signal}).${tail === "" ? "" : `\n${tail}`}`,
        ),
      );
    });
    child.send(req);
  });
}

/**
 * How the child loads TypeScript: the compile cache for CommonJS projects, else tsx; either way
 * with the tsconfig Pulumi's language host would read (`TACHYON_PROGRAM_TSCONFIG`).
 */
export function loaderFor(
  projectDir: string,
  tsconfig = path.join(projectDir, "tsconfig.json"),
  program = projectDir,
  typescript = true,
): { execArgv: string[]; env: NodeJS.ProcessEnv } {
  // Without the host's TypeScript support a program's `.ts` files load as JavaScript (require)
  // or not at all (import): the compile hook leaves the project's files alone, and no tsx.
  const off = typescript ? {} : { TACHYON_PROGRAM_TYPESCRIPT: "false" };
  if (typescript && isModuleProgram(program))
    return {
      execArgv: ["--import", TSX],
      env: {
        ...process.env,
        TACHYON_PROGRAM_CACHE: "",
        TACHYON_CODE_CACHE: codeCacheDir(),
        TACHYON_PROGRAM_TSCONFIG: tsconfig,
        // tsx compiles with the tsconfig the host hands ts-node (`runtime.options.tsconfig`),
        // not the first one it finds from the working folder up.
        ...(fs.existsSync(tsconfig) ? { TSX_TSCONFIG_PATH: tsconfig } : {}),
      },
    };
  return {
    execArgv: [],
    env: {
      ...process.env,
      TACHYON_PROGRAM_CACHE: path.join(cacheDir(), "programs"),
      TACHYON_CODE_CACHE: codeCacheDir(),
      TACHYON_PROGRAM_TSCONFIG: tsconfig,
      ...off,
    },
  };
}

function failed(message: string): RunResponse {
  return { kind: "failed", failure: { message, problems: [] } };
}
