/**
 * Rules that span the stacks of a folder rather than one stack (DESIGN.md §2): a stack with
 * `tachyon:topology` is the global stack of its environment, so two of them for one environment
 * would give its regional stacks two sources of truth. Checked before any program runs.
 */
import { listStacks, ProjectError, readStackConfig, type Project } from "./project";

// The contract key (DESIGN.md §2, model/config.ts TOPOLOGY_KEY), written out so that the CLI does
// not load the config schema (zod and the catalog, ~0.8 s) just to read one key.
const TOPOLOGY_KEY = "tachyon:topology";

/**
 * Throws a {@link ProjectError} naming every environment that has more than one global stack
 * among all the stacks of the folder (selected or not). A stack whose file cannot be read is
 * skipped here; its own run reports why.
 */
export function refuseDuplicateGlobalStacks(project: Project): void {
  const byEnvironment = new Map<string, string[]>();
  for (const name of listStacks(project)) {
    let topology: unknown;
    try {
      topology = readStackConfig(project, name).values[TOPOLOGY_KEY];
    } catch {
      continue;
    }
    const environment =
      typeof topology === "object" && topology !== null && !Array.isArray(topology)
        ? (topology as Record<string, unknown>)["environment"]
        : undefined;
    if (typeof environment !== "string") continue;
    byEnvironment.set(environment, [...(byEnvironment.get(environment) ?? []), name]);
  }
  const problems = [...byEnvironment]
    .filter(([, stacks]) => stacks.length > 1)
    .map(
      ([environment, stacks]) =>
        `${project.stacksDir}: environment "${environment}" must have one global stack, got ${stacks.length} (${stacks.join(", ")}) setting "${TOPOLOGY_KEY}". Keep "${TOPOLOGY_KEY}" in one of them and make the others regional stacks.`,
    );
  if (problems.length > 0) throw new ProjectError(problems.join("\n"));
}
