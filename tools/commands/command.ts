/**
 * The shape every subcommand of `tools/commands/` has. It lives apart from the dispatcher
 * (`tools/cli.ts`), which loads the subcommands, so no subcommand imports the dispatcher.
 */

/** A subcommand: takes the arguments after its name, resolves to the process exit code. */
export type Command = (argv: string[]) => Promise<number>;
