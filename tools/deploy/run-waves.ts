/**
 * Runs one operation over the waves of a plan: wave after wave, up to `parallel` stacks of a wave
 * at once. On the first failure no new stack starts; the running ones finish. Stacks that
 * succeeded are remembered in a progress file, so that the same command run again skips them and
 * continues where it stopped; the file is removed once every stack has succeeded.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The Pulumi operations `tachyon` runs over an environment. */
export const OPERATIONS = ["preview", "up", "destroy", "refresh"] as const;

/** One of {@link OPERATIONS}. */
export type Operation = (typeof OPERATIONS)[number];

/** Runs the operation on one stack; resolves to the number of resources it changed. */
export type StackOperation = (
  stack: string,
  onOutput: (text: string) => void,
) => Promise<{ readonly changed: number }>;

/** What became of one stack. */
export interface StackOutcome {
  readonly stack: string;
  readonly result: "succeeded" | "failed" | "not started" | "done before";
  /** Resources created, updated, deleted or replaced; absent unless the stack succeeded. */
  readonly changed?: number;
  /** Wall time in milliseconds; absent for a stack that did not run. */
  readonly ms?: number;
  /** The failure, one line. */
  readonly error?: string;
}

/** Options of {@link runWaves}. */
export interface RunWavesOptions {
  /** Stack names, wave by wave, in the order to run them. */
  readonly waves: readonly (readonly string[])[];
  /** Most stacks running at once within a wave. */
  readonly parallel: number;
  readonly run: StackOperation;
  /** Stacks that succeeded in an earlier, interrupted run: skipped. */
  readonly done?: ReadonlySet<string>;
  /** Called with each progress line (no newline). */
  readonly progress: (line: string) => void;
  /** Called as each stack succeeds, before any other starts, to record it. */
  readonly onSuccess?: (stack: string) => void;
}

/** Runs the waves; resolves to one outcome per stack, in plan order. */
export async function runWaves(opts: RunWavesOptions): Promise<StackOutcome[]> {
  const outcomes = new Map<string, StackOutcome>();
  let failed = false;
  for (const stack of opts.waves.flat()) {
    if (opts.done?.has(stack) === true) outcomes.set(stack, { stack, result: "done before" });
  }
  for (const wave of opts.waves) {
    if (failed) break;
    const queue = wave.filter((stack) => {
      if (!outcomes.has(stack)) return true;
      opts.progress(`[${stack}] skipped: succeeded in the interrupted run`);
      return false;
    });
    const worker = async (): Promise<void> => {
      for (let stack = queue.shift(); stack !== undefined; stack = queue.shift()) {
        if (failed) return;
        outcomes.set(stack, await runOne(stack));
        if (outcomes.get(stack)?.result === "failed") failed = true;
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, opts.parallel) }, worker));
  }
  return opts.waves
    .flat()
    .map((stack) => outcomes.get(stack) ?? { stack, result: "not started" as const });

  async function runOne(stack: string): Promise<StackOutcome> {
    opts.progress(`[${stack}] started`);
    const started = Date.now();
    let pending = "";
    const onOutput = (text: string): void => {
      const lines = (pending + text).split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) if (line.trim() !== "") opts.progress(`[${stack}] ${line}`);
    };
    try {
      const { changed } = await opts.run(stack, onOutput);
      const ms = Date.now() - started;
      opts.onSuccess?.(stack);
      opts.progress(`[${stack}] succeeded: ${changed} changed in ${seconds(ms)}`);
      return { stack, result: "succeeded", changed, ms };
    } catch (err) {
      const ms = Date.now() - started;
      const error = oneLine(err);
      opts.progress(`[${stack}] failed after ${seconds(ms)}: ${error}`);
      return { stack, result: "failed", ms, error };
    }
  }
}

/** The summary table: stack, result, resources changed, duration. */
export function renderSummary(outcomes: readonly StackOutcome[]): string {
  const width = Math.max(5, ...outcomes.map((o) => o.stack.length));
  const row = (stack: string, result: string, changed: string, duration: string): string =>
    `${stack.padEnd(width)}  ${result.padEnd(11)}  ${changed.padStart(7)}  ${duration.padStart(8)}`.trimEnd();
  return [
    row("STACK", "RESULT", "CHANGED", "DURATION"),
    ...outcomes.map((o) =>
      row(
        o.stack,
        o.result,
        o.changed === undefined ? "-" : String(o.changed),
        o.ms === undefined ? "-" : seconds(o.ms),
      ),
    ),
    "",
  ].join("\n");
}

/** Stacks that succeeded in an interrupted run of one operation on one environment. */
export class ProgressFile {
  /** `<project>/.tachyon/<operation>-<environment>.json` */
  readonly file: string;

  constructor(projectDir: string, operation: Operation, environment: string) {
    this.file = path.join(projectDir, ".tachyon", `${operation}-${environment}.json`);
  }

  /** The stacks recorded as done; none when there is no file or it cannot be read. */
  read(): Set<string> {
    try {
      const doc = JSON.parse(fs.readFileSync(this.file, "utf8")) as { done?: unknown };
      return new Set(Array.isArray(doc.done) ? doc.done.map(String) : []);
    } catch {
      return new Set();
    }
  }

  /** Records one more stack as done. */
  add(stack: string): void {
    const done = [...this.read(), stack];
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    fs.writeFileSync(this.file, `${JSON.stringify({ done }, null, 2)}\n`);
  }

  /** Forgets the run: the next one starts from the first wave. */
  clear(): void {
    fs.rmSync(this.file, { force: true });
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

// Pulumi's CommandError carries the whole stdout and stderr (`code: ..\n stdout: ..\n stderr: ..`);
// the CLI's "error:" line says what failed.
function oneLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const match = /^\s*(?:stderr:\s*)?(error:.*)$/m.exec(text);
  return (match?.[1] ?? text.split("\n")[0] ?? "").trim();
}
