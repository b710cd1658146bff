/** Process checks for specs that assert a run leaves nothing running. */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";

/** True while a process with this id runs; a zombie (exited, not yet reaped) is not running. */
export function alive(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    // /proc/<pid>/stat: "pid (comm) state ..."; comm may hold spaces and parentheses.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3) !== "Z";
  } catch {
    return false;
  }
}

/** Every descendant of `pid` now running, by `ps`. */
export function descendants(pid: number): number[] {
  const pairs = execFileSync("ps", ["-e", "-o", "pid=,ppid="])
    .toString()
    .trim()
    .split("\n")
    .map((l) => l.trim().split(/\s+/).map(Number));
  const found: number[] = [];
  const visit = (parent: number): void => {
    for (const [child, ppid] of pairs) {
      if (ppid !== parent) continue;
      found.push(child);
      visit(child);
    }
  };
  visit(pid);
  return found;
}

/** The processes of `pids` still running after up to `ms` milliseconds. */
export async function stillAlive(
  pids: Iterable<number | undefined>,
  ms = 2_000,
): Promise<number[]> {
  const list = [...pids];
  const deadline = Date.now() + ms;
  for (;;) {
    const running = list.filter((p): p is number => alive(p));
    if (running.length === 0 || Date.now() > deadline) return running;
    await new Promise((r) => setTimeout(r, 50));
  }
}
