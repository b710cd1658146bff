/**
 * The Markdown report of `tachyon check --format markdown`, for GitHub job summaries
 * ($GITHUB_STEP_SUMMARY) and pull request comments: a summary line, a table of violations per
 * stack and, for each of Tachyon's environments among the stacks, a Mermaid diagram of its topology.
 */
import * as fs from "node:fs";
import { load } from "js-yaml";
import { topologyMermaid } from "./mermaid";
import type { CheckReport, StackReport } from "./types";

// The contract key of a global stack's topology (DESIGN.md §2).
const TOPOLOGY_KEY = "tachyon:topology";

/** Renders the report as GitHub-flavoured Markdown. */
export function renderMarkdown(report: CheckReport): string {
  const { summary } = report;
  const failed = report.stacks.filter((s) => s.error !== null).length;
  const verdict =
    failed > 0
      ? `❌ ${plural(failed, "stack")} failed to run`
      : summary.mandatory > 0
        ? `❌ ${plural(summary.mandatory, "mandatory violation")}`
        : "✅ no mandatory violation";
  const lines = [
    `## Tachyon check: ${verdict}`,
    "",
    `${plural(summary.stacks, "stack")}, ${plural(summary.resources, "resource")}: ${summary.mandatory} mandatory, ${summary.advisory} advisory violations.`,
  ];
  for (const stack of report.stacks) lines.push("", ...stackSection(stack));
  for (const { name, topology } of topologies(report.stacks)) {
    const diagram = topologyMermaid(topology);
    if (diagram === undefined) continue;
    const env = (topology as Record<string, unknown>)["environment"];
    lines.push("", `### Topology of ${typeof env === "string" ? env : name}`, "");
    lines.push("```mermaid", diagram.trimEnd(), "```");
  }
  return `${lines.join("\n")}\n`;
}

function stackSection(stack: StackReport): string[] {
  if (stack.error !== null) {
    return [
      `### ${stack.name}: failed`,
      "",
      cell(stack.error.message),
      ...stack.error.problems.map((p) => `- \`${p.path}\`: ${cell(p.message)}`),
    ];
  }
  if (stack.violations.length === 0)
    return [`### ${stack.name}: no violations (${plural(stack.resources, "resource")})`];
  return [
    `### ${stack.name}: ${plural(stack.violations.length, "violation")}`,
    "",
    "| Level | Policy | Resource | Message |",
    "| ----- | ------ | -------- | ------- |",
    ...stack.violations.map((v) => {
      const parts = v.urn.split("::");
      const type = (parts[2] ?? "").split("$").pop() ?? "";
      const name = parts.slice(3).join("::");
      return `| ${v.level} | \`${v.pack}/${v.policy}\` | \`${cell(name)}\` (${cell(type)}) | ${cell(v.message)} |`;
    }),
  ];
}

// Global stacks of the report, with the topology their config file declares.
function topologies(stacks: readonly StackReport[]): { name: string; topology: unknown }[] {
  const found: { name: string; topology: unknown }[] = [];
  for (const stack of stacks) {
    let doc: unknown;
    try {
      doc = load(fs.readFileSync(stack.file, "utf8"));
    } catch {
      continue;
    }
    const config =
      typeof doc === "object" && doc !== null
        ? (doc as Record<string, unknown>)["config"]
        : undefined;
    const topology =
      typeof config === "object" && config !== null
        ? (config as Record<string, unknown>)[TOPOLOGY_KEY]
        : undefined;
    if (topology !== undefined) found.push({ name: stack.name, topology });
  }
  return found;
}

// A table cell: one line, pipes escaped (GitHub's table syntax).
function cell(text: string): string {
  return text.replace(/\r?\n/g, " ").replace(/\|/g, "\\|");
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
