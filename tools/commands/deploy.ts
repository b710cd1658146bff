/**
 * `tachyon preview|up|destroy|refresh --env ENV [--stack NAME]... [--parallel N] [--yes]`: runs a
 * Pulumi operation over an environment's stacks, wave by wave (`destroy` in reverse), through
 * Pulumi's Automation API and the Pulumi CLI (DESIGN.md §6). `preview` and `up` attach the three
 * policy packs with `policies/config/<env>.json`. Exit 0: every stack succeeded; 1: a stack
 * failed (the summary says which; running the command again resumes); 2: bad usage or no CLI.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { TACHYON_ROOT } from "../analyzer/run-check";
import { ProjectError, readProject } from "../engine/project";
import { automationOperation, findPulumi, type PolicyArgs } from "../deploy/automation";
import { ProgressFile, renderSummary, runWaves, type Operation } from "../deploy/run-waves";
import { planEnvironment } from "../deploy/waves";
import type { Command } from "./command";

/** Tachyon's policy packs, attached to `preview` and `up` (DESIGN.md §5). */
export const POLICY_PACKS = ["latency", "residency", "baseline"] as const;

/** Usage of one of the operations. */
export function deployUsage(operation: Operation): string {
  return `Usage: tachyon ${operation} --env ENV [--stack NAME]... [--parallel N] [--yes]
                  [--project DIR] [--stacks-dir DIR]

Runs "pulumi ${operation}" on every stack of an environment in plan order (see "tachyon plan"${operation === "destroy" ? "; destroy runs the waves in reverse" : ""}),
through Pulumi's Automation API; needs the Pulumi CLI on PATH.${operation === "preview" || operation === "up" ? `\nAttaches the policy packs ${POLICY_PACKS.map((p) => `policies/${p}`).join(", ")} with policies/config/<env>.json.` : ""}
Stops starting stacks at the first failure; running the same command again resumes.

  --env ENV          the environment
  --stack NAME       only this stack of the environment; repeatable (default: all)
  --parallel N       most stacks of one wave running at once (default: 4)
  --yes              do not ask before changing anything
  --project DIR      folder with Pulumi.yaml (default: Tachyon itself)
  --stacks-dir DIR   folder with Pulumi.<stack>.yaml (default: the project's stackConfigDir)
  -h, --help         show this help
`;
}

/** The command for one operation. */
export function command(operation: Operation): Command {
  return (argv) => deploy(operation, argv);
}

async function deploy(operation: Operation, argv: string[]): Promise<number> {
  const name = `tachyon ${operation}`;
  const fail = (message: string, usage = false): number => {
    process.stderr.write(`${name}: ${message}\n${usage ? `\n${deployUsage(operation)}` : ""}`);
    return 2;
  };
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        env: { type: "string" },
        stack: { type: "string", multiple: true },
        parallel: { type: "string" },
        yes: { type: "boolean" },
        project: { type: "string" },
        "stacks-dir": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (err) {
    return fail((err as Error).message, true);
  }
  if (values.help === true) {
    process.stdout.write(deployUsage(operation));
    return 0;
  }
  if (values.env === undefined || values.env === "")
    return fail("--env: an environment is required, got none. Pass e.g. --env prod.", true);
  const parallel = Number(values.parallel ?? "4");
  if (!Number.isInteger(parallel) || parallel < 1)
    return fail(
      `--parallel: must be a whole number of 1 or more, got "${values.parallel}". Pass e.g. --parallel 2.`,
    );
  const env = values.env;
  let projectDir: string;
  let waves: string[][];
  try {
    const project = readProject(values.project ?? TACHYON_ROOT, values["stacks-dir"]);
    projectDir = project.dir;
    waves = planEnvironment(project, env).waves;
  } catch (err) {
    if (err instanceof ProjectError) return fail(err.message);
    throw err;
  }
  const selected = values.stack ?? [];
  const unknown = selected.filter((s) => !waves.flat().includes(s));
  if (unknown.length > 0)
    return fail(
      `--stack: must be a stack of environment "${env}", got ${unknown.map((s) => `"${s}"`).join(", ")}. Pick from ${waves.flat().join(", ")}.`,
    );
  if (selected.length > 0)
    waves = waves.map((w) => w.filter((s) => selected.includes(s))).filter((w) => w.length > 0);
  if (operation === "destroy") waves = [...waves].reverse();

  let policy: PolicyArgs | undefined;
  if (operation === "preview" || operation === "up") {
    const config = path.join(TACHYON_ROOT, "policies", "config", `${env}.json`);
    if (!fs.existsSync(config))
      return fail(
        `${config}: the policy config of environment "${env}" must exist, got no file. Copy policies/config/prod.json to it and adjust.`,
      );
    const packs = POLICY_PACKS.map((p) => path.join(TACHYON_ROOT, "policies", p));
    policy = { packs, configs: packs.map(() => config) };
  }
  if (findPulumi() === undefined)
    return fail(
      `the Pulumi CLI must be on PATH, got no "pulumi" executable. Install it (curl -fsSL https://get.pulumi.com | sh, or see https://www.pulumi.com/docs/iac/download-install/) and run again.`,
    );

  const progress = new ProgressFile(projectDir, operation, env);
  // A preview changes nothing, so there is nothing to resume: it always runs every stack.
  const done = operation === "preview" ? new Set<string>() : progress.read();
  const toRun = waves.flat().filter((s) => !done.has(s));
  if (done.size > 0)
    process.stdout.write(
      `Resuming: ${waves.flat().length - toRun.length} stacks succeeded in the interrupted run (${path.relative(process.cwd(), progress.file)}); running ${toRun.length}.\n`,
    );
  if (operation !== "preview" && values.yes !== true && !(await confirm(operation, env, toRun)))
    return fail(
      `"${operation}" changes the stacks ${toRun.join(", ")}, got no confirmation. Pass --yes or answer "yes".`,
    );

  const outcomes = await runWaves({
    waves,
    parallel,
    done,
    run: automationOperation(operation, projectDir, policy),
    progress: (line) => process.stdout.write(`${line}\n`),
    onSuccess: operation === "preview" ? undefined : (stack) => progress.add(stack),
  });
  process.stdout.write(`\n${renderSummary(outcomes)}`);
  const failed = outcomes.find((o) => o.result === "failed");
  if (failed === undefined) {
    progress.clear();
    return 0;
  }
  const resume =
    operation === "preview"
      ? ""
      : ` Fix it and run the same command again: the stacks that succeeded are skipped.`;
  process.stdout.write(
    `\n${operation} stopped: ${failed.stack} failed (${failed.error ?? "no reason given"}).${resume}\n`,
  );
  return 1;
}

async function confirm(
  operation: Operation,
  env: string,
  stacks: readonly string[],
): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    const answer = await rl.question(
      `"${operation}" on ${stacks.length} stacks of ${env} (${stacks.join(", ")}). Proceed? (yes/no) `,
    );
    return answer.trim().toLowerCase() === "yes";
  } finally {
    rl.close();
  }
}
