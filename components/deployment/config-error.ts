/**
 * The error the program throws for bad config: a `pulumi.RunError`, so the Pulumi CLI prints its
 * message alone (no stack trace, no program source), carrying the problems for tools.
 *
 * How tools recognise it (the offline engine relies on this): the thrown value has
 * `name === "TachyonConfigError"` (`CONFIG_ERROR_NAME` in `model/problems.ts`) and `problems`,
 * an array of `{ path, message }`. Where only the text survives (the Pulumi CLI's log), the
 * message is a heading line `Stack "<stack>" has <n> config problem(s):` followed by one line
 * per problem, `  <path>: <message>` (two spaces, the path, a colon and a space).
 */
import * as pulumi from "@pulumi/pulumi";
import { CONFIG_ERROR_NAME, formatProblems, type Problem } from "../../model/problems";

/** Bad config of a stack, thrown before (or instead of) registering resources. */
export class ConfigRunError extends pulumi.RunError {
  override readonly name = CONFIG_ERROR_NAME;
  /** The stack whose config is bad. */
  readonly stackName: string;
  /** Every problem found, each with its config path. */
  readonly problems: readonly Problem[];

  constructor(stackName: string, problems: readonly Problem[]) {
    super(formatProblems(stackName, problems));
    this.stackName = stackName;
    this.problems = problems;
    // A config error is the user's to fix, not the program's: no frames to show anywhere.
    this.stack = this.message;
  }
}
