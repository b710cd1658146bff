/**
 * The text report: one block per stack (config problems, or violations grouped by level), then a
 * one-line summary. Written for a person reading a terminal or a CI log.
 */
import * as path from "node:path";
import type { CheckReport, StackReport, Violation } from "./types";

/** Options of {@link renderText}. */
export interface TextOptions {
  /** Paths are shown relative to this folder. @default process.cwd() */
  readonly cwd?: string;
}

/** Renders the whole report. */
export function renderText(report: CheckReport, opts: TextOptions = {}): string {
  const cwd = opts.cwd ?? process.cwd();
  const packs =
    report.packs.length === 0
      ? "no policy packs"
      : report.packs.map((p) => `${p.name}@${p.version}`).join(", ");
  const lines = [
    `Checked project "${report.project}": ${plural(report.stacks.length, "stack")} against ${packs}.`,
    "",
  ];
  for (const stack of report.stacks) lines.push(...renderStack(stack, cwd), "");
  lines.push(summaryLine(report));
  return `${lines.join("\n")}\n`;
}

/** The closing line, also used by `tachyon start`. */
export function summaryLine(report: CheckReport): string {
  const failed = report.stacks.filter((s) => s.error !== null).length;
  const { stacks, resources, mandatory, advisory } = report.summary;
  const verdict = failed > 0 ? "FAILED" : mandatory > 0 ? "BLOCKED" : "PASSED";
  const parts = [
    plural(stacks, "stack"),
    plural(resources, "resource"),
    `${mandatory} mandatory`,
    `${advisory} advisory`,
    ...(report.summary.warnings > 0 ? [plural(report.summary.warnings, "warning")] : []),
    ...(failed > 0 ? [`${failed} with errors`] : []),
  ];
  return `${verdict}: ${parts.join(", ")} (${(report.ms / 1000).toFixed(1)} s).`;
}

function renderStack(stack: StackReport, cwd: string): string[] {
  const file = path.relative(cwd, stack.file) || stack.file;
  if (stack.error !== null) {
    const head = `${stack.name}  ERROR  (${file})`;
    if (stack.error.problems.length === 0)
      return [head, ...indent(stack.error.message.split("\n"), 4)];
    return [
      head,
      `    ${plural(stack.error.problems.length, "config problem")}:`,
      ...stack.error.problems.map((p) => `      ${p.path}: ${p.message}`),
    ];
  }
  const mandatory = stack.violations.filter((v) => v.level === "mandatory");
  const advisory = stack.violations.filter((v) => v.level === "advisory");
  const status = mandatory.length > 0 ? "BLOCKED" : "ok";
  const counts =
    stack.violations.length === 0
      ? "no violations"
      : `${mandatory.length} mandatory, ${advisory.length} advisory`;
  const lines = [`${stack.name}  ${status}  ${plural(stack.resources, "resource")}, ${counts}`];
  for (const [label, group] of [
    ["mandatory", mandatory],
    ["advisory", advisory],
  ] as const) {
    if (group.length === 0) continue;
    lines.push(`  ${label}:`);
    for (const v of group) lines.push(...renderViolation(v));
  }
  if (stack.remediations.length > 0) {
    const byPolicy = new Map<string, number>();
    for (const r of stack.remediations)
      byPolicy.set(`${r.pack}/${r.policy}`, (byPolicy.get(`${r.pack}/${r.policy}`) ?? 0) + 1);
    lines.push(
      `  remediated: ${[...byPolicy].map(([p, n]) => `${p} on ${plural(n, "resource")}`).join(", ")}`,
    );
  }
  if (stack.warnings.length > 0) {
    lines.push("  warnings:");
    for (const w of stack.warnings) lines.push(`    [${w.kind}] ${w.message}`);
  }
  return lines;
}

function renderViolation(v: Violation): string[] {
  return [
    `    [${v.severity}] ${v.pack}/${v.policy}  ${resourceLabel(v.urn)}`,
    ...indent(v.message.split("\n"), 6),
  ];
}

// "urn:pulumi:s::p::a:b:C$aws:s3/bucket:Bucket::orders" → "aws:s3/bucket:Bucket orders".
function resourceLabel(urn: string): string {
  const parts = urn.split("::");
  if (parts.length < 4) return urn;
  const type = (parts[2].split("$").pop() as string) || parts[2];
  return `${type} "${parts.slice(3).join("::")}"`;
}

function indent(lines: string[], n: number): string[] {
  return lines.map((l) => `${" ".repeat(n)}${l}`);
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}
