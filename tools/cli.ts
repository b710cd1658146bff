/**
 * The `tachyon` command line: a dispatcher over the subcommands in `tools/commands/`.
 * Each subcommand parses its own flags and returns its exit code (DESIGN.md §6):
 * 0 no mandatory violation, 1 a mandatory violation, 2 bad usage or a failing program or pack.
 */
import type { Command } from "./commands/command";

interface CommandEntry {
  readonly summary: string;
  readonly load: () => Promise<Command>;
}

// Loaded lazily so that `tachyon latency` does not pay for the gRPC and Pulumi imports of `check`.
// `require`, not `import()`: bin/tachyon.js registers tsx for CommonJS only, and a native dynamic
// import would not resolve extension-less TypeScript paths.
/* eslint-disable @typescript-eslint/no-require-imports */
const COMMANDS: Record<string, CommandEntry> = {
  check: {
    summary: "run stacks offline and send every resource to the policy packs",
    load: () =>
      Promise.resolve((require("./commands/check") as typeof import("./commands/check")).run),
  },
  latency: {
    summary: "estimated round-trip times between sites and venues",
    load: () =>
      Promise.resolve((require("./commands/latency") as typeof import("./commands/latency")).run),
  },
  plan: {
    summary: "the stacks of an environment in deployment order (waves)",
    load: () =>
      Promise.resolve((require("./commands/plan") as typeof import("./commands/plan")).run),
  },
  regions: {
    summary: "regions suggest --venue CODE: the closest allowed region of each cloud",
    load: () =>
      Promise.resolve((require("./commands/regions") as typeof import("./commands/regions")).run),
  },
  start: {
    summary: "the main job: check every stack in stacks/ and print the latency summary",
    load: () =>
      Promise.resolve((require("./commands/start") as typeof import("./commands/start")).run),
  },
};
for (const [operation, summary] of [
  ["preview", "pulumi preview of an environment's stacks, wave by wave, with the policy packs"],
  ["up", "pulumi up of an environment's stacks, wave by wave, with the policy packs"],
  ["destroy", "pulumi destroy of an environment's stacks, waves in reverse"],
  ["refresh", "pulumi refresh of an environment's stacks, wave by wave"],
] as const) {
  COMMANDS[operation] = {
    summary,
    load: () =>
      Promise.resolve(
        (require("./commands/deploy") as typeof import("./commands/deploy")).command(operation),
      ),
  };
}
/* eslint-enable @typescript-eslint/no-require-imports */

/** Usage text listing every subcommand. */
export function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`);
  return `Usage: tachyon <command> [flags]\n\nCommands:\n${lines.join("\n")}\n\nRun "tachyon <command> --help" for a command's flags.\n`;
}

/** Entry point of `bin/tachyon.js`. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  const entry = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (entry === undefined) {
    process.stderr.write(
      `tachyon: unknown command "${name}". Use one of: ${Object.keys(COMMANDS).join(", ")}.\n\n${usage()}`,
    );
    return 2;
  }
  const command = await entry.load();
  return command(rest);
}
