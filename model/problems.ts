/**
 * Config problems: every one is reported at once, each with the config path and a sentence that
 * names the offending value and the fix (DESIGN.md §2 "Bad config").
 */

/** One problem in a stack's config. */
export interface Problem {
  /** Config path, e.g. `tachyon:topology.sites[1].cidr`. */
  readonly path: string;
  /** `<problem>, got <value>. <fix>.` */
  readonly message: string;
}

/** Marker the offline engine looks for to report `error.problems[]` rather than a bare message. */
export const CONFIG_ERROR_NAME = "TachyonConfigError";

/** Thrown by the program before registering any resource when its config is invalid. */
export class ConfigError extends Error {
  override readonly name = CONFIG_ERROR_NAME;
  constructor(
    readonly stack: string,
    readonly problems: readonly Problem[],
  ) {
    super(formatProblems(stack, problems));
  }
}

/** The message of a {@link ConfigError}: a heading and one line per problem. */
export function formatProblems(stack: string, problems: readonly Problem[]): string {
  const noun = problems.length === 1 ? "problem" : "problems";
  const lines = problems.map((p) => `  ${p.path}: ${p.message}`);
  return `Stack "${stack}" has ${problems.length} config ${noun}:\n${lines.join("\n")}`;
}
