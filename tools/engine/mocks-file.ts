/**
 * Reads a `--mocks` file (JSON or YAML): the user's answers for invokes the offline engine cannot
 * answer and for stacks outside the run, `{ invokes: { <token>: {...} }, stacks: { <org/project/stack>: {...} } }`.
 */
import { InputFileError, loadYamlFile } from "./input-file";
import { isPlainObject, ProjectError } from "./project";
import type { UserMocks } from "./types";

/** Parses the file; throws a {@link ProjectError} listing every problem. */
export function readMocksFile(file: string): UserMocks {
  let doc: unknown;
  try {
    // JSON is YAML, so one parser reads both, with the limits of every input file.
    doc = loadYamlFile(file);
  } catch (err) {
    if (err instanceof InputFileError) throw new ProjectError(err.message);
    const reason = (err as Error).message.split("\n")[0];
    throw new ProjectError(`${file}: not a readable JSON or YAML file, got "${reason}". Fix it.`);
  }
  const problems: string[] = [];
  const mocks: UserMocks = { invokes: {}, stacks: {} };
  if (!isPlainObject(doc)) {
    problems.push(
      `${file}: must be a map with "invokes" and/or "stacks", got ${JSON.stringify(doc) ?? "nothing"}. Write { "invokes": { "<token>": { ... } } }.`,
    );
  } else {
    for (const key of Object.keys(doc)) {
      if (key !== "invokes" && key !== "stacks") {
        problems.push(
          `"${key}": unknown key, got ${JSON.stringify(doc[key])}. Use "invokes" or "stacks".`,
        );
      }
    }
    for (const section of ["invokes", "stacks"] as const) {
      const entries = doc[section];
      if (entries === undefined) continue;
      if (!isPlainObject(entries)) {
        problems.push(
          `"${section}" must be a map of names to outputs, got ${JSON.stringify(entries)}. Write "${section}": { "<name>": { ... } }.`,
        );
        continue;
      }
      for (const [name, outputs] of Object.entries(entries)) {
        const want =
          section === "invokes"
            ? /^[\w.-]+:[\w./-]*:[\w.-]+$/.test(name)
            : /^[\w.-]+(\/[\w.-]+){0,2}$/.test(name);
        if (!want || name === "__proto__") {
          problems.push(
            `"${section}.${name}": ${section === "invokes" ? 'not an invoke token, want "<package>:<module>:<function>"' : 'not a stack name, want "<org>/<project>/<stack>"'}, got "${name}". Fix the name.`,
          );
        } else if (!isPlainObject(outputs)) {
          problems.push(
            `"${section}.${name}" must be a map of output names to values, got ${JSON.stringify(outputs)}. Write { "<output>": <value> }.`,
          );
        } else {
          mocks[section][name] = outputs;
        }
      }
    }
  }
  if (problems.length > 0) {
    throw new ProjectError(
      `${file}: ${problems.length} problem${problems.length === 1 ? "" : "s"} in the --mocks file:\n${problems.map((p) => `  ${p}`).join("\n")}`,
    );
  }
  return mocks;
}
