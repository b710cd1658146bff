/**
 * `tachyon check`: runs stacks offline and sends every resource to the policy packs over Pulumi's
 * analyzer protocol (DESIGN.md §6). Exit 0: no mandatory violation; 1: a mandatory violation;
 * 2: bad usage, bad config, or a program or pack that fails.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { PolicyConfigError } from "../analyzer/config";
import { PolicyPackError } from "../analyzer/pack";
import { runCheck, TACHYON_ROOT, type CheckOptions } from "../analyzer/run-check";
import { stopOnSignals } from "../engine/children";
import { pruneCache } from "../engine/cache-prune";
import { errno, InputFileError } from "../engine/input-file";
import { readMocksFile } from "../engine/mocks-file";
import { ProjectError, STACK_NAME } from "../engine/project";
import { FORMATS, isFormat, render, type Format } from "../report";
import { outputProblem, writeOutput } from "../report/output";
import type { CheckReport } from "../report/types";

/** Flags of `tachyon check`. */
export const CHECK_USAGE = `Usage: tachyon check [--project DIR] [--stacks-dir DIR] [--stack NAME]...
                     [--policy-pack DIR]... [--policy-pack-config FILE]...
                     [--mocks FILE] [--format text|json|sarif|junit|markdown] [--output FILE]
                     [--verbose]

Runs the stacks of a Pulumi TypeScript project offline (Pulumi's mock runtime, no cloud
credentials, no Pulumi CLI) and sends every resource to the policy packs as
"pulumi preview --policy-pack" does.

  --project DIR             folder with Pulumi.yaml (default: Tachyon itself)
  --stacks-dir DIR          folder with Pulumi.<stack>.yaml (default: the project's stackConfigDir)
  --stack NAME              a stack to check; repeatable (default: every stack)
  --policy-pack DIR         a policy pack folder; repeatable (default: every pack under policies/)
  --policy-pack-config FILE policy config JSON, as for pulumi; repeatable, applied to every pack
  --mocks FILE              JSON or YAML answers for invokes and stacks outside the run:
                            { "invokes": { "<token>": {...} }, "stacks": { "<org/project/stack>": {...} } }
  --format FORMAT           text (default), json, sarif, junit or markdown (GitHub job summary)
  --output FILE             write the report there instead of stdout
  --verbose                 print where the time goes on stderr: each pack's start, and each
                            stack's process start, SDK, program load, registration and analysis

Exit status: 0 no mandatory violation, 1 a mandatory violation, 2 bad usage, bad config,
or a program or pack that fails.
`;

/** Parsed flags. */
export interface CheckArgs {
  readonly options: CheckOptions & { readonly mocksFile?: string };
  readonly format: Format;
  readonly output: string | undefined;
  /** `--verbose`: phase timings on stderr. */
  readonly verbose: boolean;
}

/** Parses `tachyon check` flags; returns a usage message instead when they are wrong. */
export function parseCheckArgs(argv: string[]): CheckArgs | { error: string } | { help: true } {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        project: { type: "string" },
        "stacks-dir": { type: "string" },
        stack: { type: "string", multiple: true },
        "policy-pack": { type: "string", multiple: true },
        "policy-pack-config": { type: "string", multiple: true },
        mocks: { type: "string" },
        format: { type: "string" },
        output: { type: "string" },
        verbose: { type: "boolean", default: false },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (err) {
    const message = (err as Error).message;
    return { error: /[.!]$/.test(message) ? message : `${message}.` };
  }
  if (values.help === true) return { help: true };
  const format = values.format ?? "text";
  if (!isFormat(format))
    return {
      error: `--format: must be one of ${FORMATS.join(", ")}, got "${format}". Pick one of them.`,
    };
  const badStack = (values.stack ?? []).find((name) => !STACK_NAME.test(name));
  if (badStack !== undefined)
    return {
      error: `--stack: must be a stack name Pulumi accepts (letters, digits, "-", "_" and ".", at most 100, not only periods), got ${JSON.stringify(badStack)}. Pass the name of a Pulumi.<stack>.yaml file.`,
    };
  return {
    format,
    output: values.output,
    verbose: values.verbose === true,
    options: {
      project: values.project,
      stacksDir: values["stacks-dir"],
      stacks: values.stack ?? [],
      policyPacks: values["policy-pack"],
      policyPackConfigs: values["policy-pack-config"] ?? [],
      mocksFile: values.mocks,
    },
  };
}

/** The exit code of a finished check. */
export function exitCode(report: CheckReport): number {
  if (report.stacks.some((s) => s.error !== null)) return 2;
  return report.summary.mandatory > 0 ? 1 : 0;
}

/** Entry point of `tachyon check`. */
export async function run(argv: string[]): Promise<number> {
  const args = parseCheckArgs(argv);
  if ("help" in args) {
    process.stdout.write(CHECK_USAGE);
    return 0;
  }
  if ("error" in args) {
    process.stderr.write(`tachyon check: ${args.error}\n\n${CHECK_USAGE}`);
    return 2;
  }
  const problem = args.output === undefined ? undefined : outputProblem(args.output);
  if (problem !== undefined) {
    process.stderr.write(`tachyon check: ${problem}\n`);
    return 2;
  }
  const report = await checkOrExplain({
    ...args.options,
    warn: (m) => process.stderr.write(`tachyon check: note: ${m}\n`),
    ...(args.verbose
      ? { verbose: (m: string) => process.stderr.write(`tachyon check: ${m}\n`) }
      : {}),
  });
  if (typeof report === "number") return report;
  const text = render(report, args.format, { version: tachyonVersion(), cwd: report.dir });
  if (args.output === undefined) {
    process.stdout.write(text);
    return exitCode(report);
  }
  try {
    writeOutput(args.output, text);
  } catch (err) {
    // The run is done; its report must not be lost with the file: it goes to stdout instead.
    process.stderr.write(
      `tachyon check: --output: cannot write the report to "${args.output}", got ${errno(err)}. It follows on stdout; free space or pick another file.\n`,
    );
    process.stdout.write(text);
    return 2;
  }
  return exitCode(report);
}

/** Runs the check; on an error the user can fix, prints it and resolves to exit code 2. */
export async function checkOrExplain(
  options: CheckOptions & { readonly mocksFile?: string },
): Promise<CheckReport | number> {
  // SIGINT/SIGTERM during the run: kill every pack and program process, then exit 130/143.
  const release = stopOnSignals((m) => process.stderr.write(`tachyon check: ${m}\n`));
  try {
    const { mocksFile, ...rest } = options;
    const mocks = mocksFile !== undefined ? readMocksFile(mocksFile) : rest.mocks;
    const report = await runCheck({ ...rest, mocks });
    pruneCache();
    return report;
  } catch (err) {
    if (
      err instanceof ProjectError ||
      err instanceof PolicyConfigError ||
      err instanceof PolicyPackError ||
      err instanceof InputFileError
    ) {
      process.stderr.write(`tachyon check: ${err.message}\n`);
      return 2;
    }
    throw err;
  } finally {
    release();
  }
}

function tachyonVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(TACHYON_ROOT, "package.json"), "utf8")) as {
    version?: string;
  };
  return pkg.version ?? "0.0.0";
}
