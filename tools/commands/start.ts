/**
 * `tachyon start` (`npm start`): the main job. Checks every stack in stacks/ against every policy
 * pack under policies/, offline, and follows with the latency model's summary of the topology's
 * sites. Needs no cloud credentials and no Pulumi CLI.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { TACHYON_ROOT } from "../analyzer/run-check";
import { readProject } from "../engine/project";
import { renderText } from "../report/text";
import { checkOrExplain, exitCode } from "./check";
import { renderLatencyText, topologiesIn, UsageError } from "./latency";

/** Usage of `tachyon start`. */
export const START_USAGE = `Usage: tachyon start

Runs every stack in stacks/ offline, sends each resource through the policy packs in
policies/ (configured for each environment by policies/config/<env>.json when it exists),
prints the verdict per stack and the estimated round-trip times between the topology's sites.
Exit status as for "tachyon check".
`;

/** Entry point of `tachyon start`. */
export async function run(argv: string[]): Promise<number> {
  try {
    const { values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: { help: { type: "boolean", short: "h" } },
    });
    if (values.help === true) {
      process.stdout.write(START_USAGE);
      return 0;
    }
  } catch (err) {
    process.stderr.write(`tachyon start: ${(err as Error).message}\n\n${START_USAGE}`);
    return 2;
  }
  const out = (line = ""): boolean => process.stdout.write(`${line}\n`);
  out(
    "Tachyon offline check: every stack in stacks/ under Pulumi's mock runtime, every policy pack",
  );
  out(
    "in policies/ over the analyzer protocol, each environment under policies/config/<env>.json.",
  );
  out("No cloud credentials, no Pulumi CLI.");
  out();
  const report = await checkOrExplain({
    policyPackConfigsFor: environmentConfig,
    warn: (m) => process.stderr.write(`note: ${m}\n`),
    onStackReport: (s) => {
      const verdict =
        s.error !== null ? "error" : `${s.resources} resources, ${s.violations.length} violations`;
      process.stderr.write(`  checked ${s.name} (${verdict}, ${(s.ms / 1000).toFixed(1)} s)\n`);
    },
  });
  if (typeof report === "number") return report;
  out();
  process.stdout.write(renderText(report));
  out();
  out(latencySummary());
  out("Next steps:");
  out("  npx tachyon check --stack prod-global --format json     one stack, machine-readable");
  out("  npx tachyon check --format sarif --output tachyon.sarif  for GitHub code scanning");
  out("  npx tachyon latency --sites aws:us-east-1,venue:NYSE     round trips between any places");
  out(
    "  npx tachyon regions suggest --venue LSE                  the closest region of each cloud",
  );
  return exitCode(report);
}

// Each environment's stacks ("prod-global", "prod-aws-us-east-1") use policies/config/<env>.json.
function environmentConfig(stack: string): string[] {
  const file = path.join(TACHYON_ROOT, "policies", "config", `${stack.split("-")[0]}.json`);
  return fs.existsSync(file) ? [file] : [];
}

// One table per environment: a round trip between a dev and a prod site means nothing.
function latencySummary(): string {
  const stacksDir = readProject(TACHYON_ROOT).stacksDir;
  try {
    return topologiesIn(stacksDir)
      .map(
        (t) =>
          `Estimated round trips between the sites of ${t.environment} (latency model, not a measurement):\n\n${renderLatencyText([...t.sites])}`,
      )
      .join("\n");
  } catch (err) {
    if (err instanceof UsageError) return `Latency summary skipped: ${err.message}\n`;
    throw err;
  }
}
