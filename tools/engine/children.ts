/**
 * Every process a run starts (policy packs, stack programs) is tracked here, so that no path out
 * of a run leaves one behind: an error or a timeout stops it with {@link stopChild}, and a
 * SIGINT or SIGTERM of the CLI kills every tracked process before the CLI exits.
 */
import type { ChildProcess } from "node:child_process";

/** How long a stopped process may take to exit after SIGTERM before it gets SIGKILL. */
export const STOP_GRACE_MS = 2_000;

const live = new Set<ChildProcess>();
const spawnListeners = new Set<(child: ChildProcess) => void>();

/** Tracks a started process until it exits; returns it. */
export function track<T extends ChildProcess>(child: T): T {
  if (child.exitCode !== null || child.signalCode !== null) return child;
  live.add(child);
  child.once("exit", () => live.delete(child));
  child.once("error", () => {
    if (child.pid === undefined) live.delete(child);
  });
  for (const listener of spawnListeners) listener(child);
  return child;
}

/** Calls `listener` with every process tracked from now on; returns a function that stops it. */
export function onTrack(listener: (child: ChildProcess) => void): () => void {
  spawnListeners.add(listener);
  return () => spawnListeners.delete(listener);
}

/** The tracked processes still running. */
export function liveChildren(): ChildProcess[] {
  return [...live];
}

/** Asks a process to stop (SIGTERM), kills it after `graceMs`, and resolves once it has exited. */
export function stopChild(child: ChildProcess, graceMs = STOP_GRACE_MS): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) {
    live.delete(child);
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Kills every tracked process at once (SIGKILL: the CLI is about to exit and cannot wait). */
export function killAll(): number {
  const children = liveChildren();
  for (const child of children) child.kill("SIGKILL");
  return children.length;
}

/**
 * Until the returned function is called, SIGINT and SIGTERM kill every tracked process and exit
 * with 128 + the signal's number (130, 143), after `notify` has said so.
 */
export function stopOnSignals(notify: (message: string) => void): () => void {
  const handlers = (["SIGINT", "SIGTERM"] as const).map((signal) => {
    const handler = (): void => {
      const count = killAll();
      notify(
        `stopped by ${signal}; ${count} running policy pack and program process${count === 1 ? "" : "es"} killed, no report written.`,
      );
      process.exit(signal === "SIGINT" ? 130 : 143);
    };
    process.once(signal, handler);
    return [signal, handler] as const;
  });
  return () => {
    for (const [signal, handler] of handlers) process.removeListener(signal, handler);
  };
}
