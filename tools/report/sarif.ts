/**
 * The SARIF 2.1.0 report, in the form GitHub code scanning accepts: one rule per policy, one
 * result per violation, located at the stack's config file (the physical location code scanning
 * requires) and at the resource's URN (a logical location).
 */
import { createHash } from "node:crypto";
import * as path from "node:path";
import type { CheckReport, Violation } from "./types";

/** Options of {@link renderSarif}. */
export interface SarifOptions {
  /** File URIs are relative to this folder (the repository root in CI). @default process.cwd() */
  readonly cwd?: string;
  /** The tool version. @default "0.0.0" */
  readonly version?: string;
}

// GitHub ranks alerts by "security-severity" (a CVSS-like score) when a rule carries one.
const SECURITY_SEVERITY: Record<string, string> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "2.0",
};

/** Renders the report as a SARIF 2.1.0 log. */
export function renderSarif(report: CheckReport, opts: SarifOptions = {}): string {
  const cwd = opts.cwd ?? process.cwd();
  const rules = report.packs.flatMap((pack) =>
    pack.policies.map((p) => ({
      id: `${pack.name}/${p.name}`,
      name: p.name,
      shortDescription: { text: p.description || p.name },
      fullDescription: { text: p.description || p.name },
      defaultConfiguration: { level: sarifLevel(p.enforcementLevel) },
      properties: {
        tags: [pack.name, `policy-pack:${pack.name}@${pack.version}`],
        ...(SECURITY_SEVERITY[p.severity] !== undefined
          ? { "security-severity": SECURITY_SEVERITY[p.severity] }
          : {}),
      },
    })),
  );
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const results = report.stacks.flatMap((stack) =>
    stack.violations.map((v) =>
      result(v, stack.name, uri(stack.file, cwd), ruleIndex.get(`${v.pack}/${v.policy}`)),
    ),
  );
  const notifications = report.stacks
    .filter((s) => s.error !== null)
    .map((s) => ({
      level: "error",
      message: { text: `${s.name}: ${s.error?.message ?? ""}` },
      locations: [{ physicalLocation: { artifactLocation: { uri: uri(s.file, cwd) } } }],
    }));
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "tachyon",
            informationUri: "https://www.pulumi.com/docs/iac/using-pulumi/crossguard/",
            version: opts.version ?? "0.0.0",
            rules,
          },
        },
        automationDetails: { id: `tachyon-check/${report.project}/` },
        invocations: [
          {
            executionSuccessful: notifications.length === 0,
            toolExecutionNotifications: notifications,
          },
        ],
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function result(
  v: Violation,
  stack: string,
  fileUri: string,
  index: number | undefined,
): Record<string, unknown> {
  const name = v.urn.split("::").slice(3).join("::");
  return {
    ruleId: `${v.pack}/${v.policy}`,
    ...(index !== undefined ? { ruleIndex: index } : {}),
    level: sarifLevel(v.level),
    message: { text: `${stack}: ${v.message}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: fileUri, uriBaseId: "%SRCROOT%" },
          region: { startLine: 1 },
        },
        logicalLocations: [{ name, fullyQualifiedName: v.urn, kind: "resource" }],
      },
    ],
    // Stable across runs, so code scanning tracks one alert per stack, policy and resource.
    partialFingerprints: {
      "tachyonViolation/v1": createHash("sha256")
        .update(`${stack}\n${v.pack}/${v.policy}\n${v.urn}`)
        .digest("hex")
        .slice(0, 32),
    },
    properties: { stack, severity: v.severity, enforcementLevel: v.level },
  };
}

function sarifLevel(level: string): "error" | "warning" | "note" {
  return level === "mandatory" || level === "remediate"
    ? "error"
    : level === "advisory"
      ? "warning"
      : "note";
}

function uri(file: string, cwd: string): string {
  return path.relative(cwd, file).split(path.sep).join("/");
}
