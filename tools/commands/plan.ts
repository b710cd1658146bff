/**
 * `tachyon plan --env ENV [--format text|json|markdown]`: the ordered waves of an environment's
 * stacks (DESIGN.md §6), read from the stacks folder.
 */
import { parseArgs } from "node:util";
import { TACHYON_ROOT } from "../analyzer/run-check";
import { ProjectError, readProject } from "../engine/project";
import { planEnvironment, type Plan } from "../deploy/waves";
import { topologyMermaid } from "../report/mermaid";

/** Usage of `tachyon plan`. */
export const PLAN_USAGE = `Usage: tachyon plan --env ENV [--format text|json|markdown] [--project DIR] [--stacks-dir DIR]

The stacks of an environment in deployment order: the global stack first, then the sites of
each cloud in topology order. Stacks of one wave may run at once.

  --env ENV          the environment (the "environment" of a global stack's tachyon:topology)
  --format FORMAT    text (default), json or markdown
  --project DIR      folder with Pulumi.yaml (default: Tachyon itself)
  --stacks-dir DIR   folder with Pulumi.<stack>.yaml (default: the project's stackConfigDir)
  -h, --help         show this help
`;

const PLAN_FORMATS = ["text", "json", "markdown"] as const;

/** Entry point of `tachyon plan`. */
export function run(argv: string[]): Promise<number> {
  return Promise.resolve(plan(argv));
}

function plan(argv: string[]): number {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        env: { type: "string" },
        format: { type: "string" },
        project: { type: "string" },
        "stacks-dir": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (err) {
    process.stderr.write(`tachyon plan: ${(err as Error).message}\n\n${PLAN_USAGE}`);
    return 2;
  }
  if (values.help === true) {
    process.stdout.write(PLAN_USAGE);
    return 0;
  }
  const format = values.format ?? "text";
  if (!(PLAN_FORMATS as readonly string[]).includes(format)) {
    process.stderr.write(
      `tachyon plan: --format: must be one of ${PLAN_FORMATS.join(", ")}, got "${format}". Pick one of them.\n`,
    );
    return 2;
  }
  if (values.env === undefined || values.env === "") {
    process.stderr.write(
      `tachyon plan: --env: an environment is required, got none. Pass e.g. --env prod.\n\n${PLAN_USAGE}`,
    );
    return 2;
  }
  let waves: Plan;
  try {
    waves = planEnvironment(
      readProject(values.project ?? TACHYON_ROOT, values["stacks-dir"]),
      values.env,
    );
  } catch (err) {
    if (!(err instanceof ProjectError)) throw err;
    process.stderr.write(`tachyon plan: ${err.message}\n`);
    return 2;
  }
  process.stdout.write(
    format === "json"
      ? `${JSON.stringify({ environment: waves.environment, waves: waves.waves }, null, 2)}\n`
      : format === "markdown"
        ? renderPlanMarkdown(waves)
        : renderPlanText(waves),
  );
  return 0;
}

/** The plan as text: each wave, each stack and why it is there. */
export function renderPlanText(plan: Plan): string {
  const count = plan.waves.flat().length;
  const lines = [
    `Environment ${plan.environment}: ${count} stacks in ${plan.waves.length} waves (stacks of one wave may run at once).`,
  ];
  plan.stacks.forEach((wave, i) => {
    lines.push("", `Wave ${i + 1}:`);
    for (const s of wave) lines.push(`  ${s.name.padEnd(36)} ${reason(s)}`);
  });
  return `${lines.join("\n")}\n`;
}

/** The plan as Markdown: a table of waves and the topology diagram. */
export function renderPlanMarkdown(plan: Plan): string {
  const rows = plan.stacks.flatMap((wave, i) =>
    wave.map((s) => `| ${i + 1} | \`${s.name}\` | ${reason(s)} |`),
  );
  const diagram = topologyMermaid(plan.topology);
  return [
    `## Deployment plan: ${plan.environment}`,
    "",
    `${plan.waves.flat().length} stacks in ${plan.waves.length} waves; stacks of one wave may run at once.`,
    "",
    "| Wave | Stack | Why here |",
    "| ---- | ----- | -------- |",
    ...rows,
    ...(diagram === undefined ? [] : ["", "```mermaid", diagram.trimEnd(), "```"]),
    "",
  ].join("\n");
}

function reason(s: { site?: string; peersWith: readonly string[] }): string {
  if (s.site === undefined) return "global stack: topology, global databases, DNS, entry points";
  if (s.site.startsWith("gcp:") && s.peersWith.length > 0)
    return `site ${s.site}, after ${s.peersWith.join(", ")} (topology order)`;
  return s.peersWith.length === 0
    ? `site ${s.site}, first of its cloud (reads the global stack)`
    : `site ${s.site}, peers with ${s.peersWith.join(", ")}`;
}
