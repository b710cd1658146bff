/**
 * The stack references each program read in earlier checks of a project, kept in the cache
 * folder. A program that reads a stack not yet run stops and runs again after it; knowing from the
 * last check that a regional stack reads its earlier peers lets the schedule order it after them
 * at once, so it runs once. A stale entry only orders the run: the program's own reads still rule.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { cacheDir, hashOf, writeAtomic } from "./cache";
import type { Project } from "./project";

/** Stack name to the stacks of the same project its program read. */
export type LearnedReferences = Record<string, string[]>;

function fileOf(project: Project): string {
  const key = hashOf(project.dir, project.stacksDir).slice(0, 24);
  return path.join(cacheDir(), "references", `${key}.json`);
}

/** What earlier checks of the project learned; empty when nothing was kept or it is unreadable. */
export function readLearnedReferences(project: Project): LearnedReferences {
  try {
    const parsed = JSON.parse(fs.readFileSync(fileOf(project), "utf8")) as unknown;
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return {};
    const learned: LearnedReferences = {};
    for (const [stack, refs] of Object.entries(parsed as Record<string, unknown>))
      if (Array.isArray(refs))
        learned[stack] = refs.filter((r): r is string => typeof r === "string");
    return learned;
  } catch {
    return {};
  }
}

/** Keeps what this check learned (the stacks that finished) beside what earlier checks did. */
export function saveLearnedReferences(
  project: Project,
  runs: readonly { name: string; references: string[]; failure?: unknown }[],
): void {
  const learned = readLearnedReferences(project);
  for (const run of runs) if (run.failure === undefined) learned[run.name] = [...run.references];
  try {
    writeAtomic(fileOf(project), JSON.stringify(learned));
  } catch {
    // A cache that cannot be written costs the next check a rerun, nothing more.
  }
}
