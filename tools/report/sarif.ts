/**
 * The SARIF 2.1.0 report, in the form GitHub code scanning ingests cleanly (the SARIF Multitool's
 * "Gh;Sarif" rules): one rule per policy with help text, a help URI and a PascalCase name; one
 * result per violation with message arguments, located at the program line that declared the
 * resource when the SDK reported it (else at the stack's config file), and at the resource's URN
 * (a logical location).
 * https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { policyFix } from "./policy-help";
import type { CheckReport, PackReport, SourcePosition, Violation } from "./types";

/** Options of {@link renderSarif}. */
export interface SarifOptions {
  /** File URIs are relative to this folder (the repository root in CI). @default process.cwd() */
  readonly cwd?: string;
  /** The tool version. @default "0.0.0" */
  readonly version?: string;
  /**
   * Web address of the repository at this commit, under which a pack's README is linked as the
   * rules' `helpUri`, e.g. `https://github.com/org/repo/blob/<sha>`.
   * @default from GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_SHA when set (GitHub Actions)
   */
  readonly repositoryUrl?: string;
}

// Where a rule's help points when no pack README can be linked.
const CROSSGUARD_DOCS = "https://www.pulumi.com/docs/iac/using-pulumi/crossguard/";

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
  const repositoryUrl = opts.repositoryUrl ?? githubRepositoryUrl();
  const rules = report.packs.flatMap((pack) => {
    const helpUri = packHelpUri(pack, cwd, repositoryUrl);
    return pack.policies.map((p) => {
      const checks = p.description || p.name;
      const fix = policyFix(pack.name, p.name);
      return {
        id: `${pack.name}/${p.name}`,
        name: pascalCase(p.name),
        shortDescription: { text: checks },
        fullDescription: { text: checks },
        help: {
          text: `${checks}\n\nHow to fix: ${fix}`,
          markdown: `${checks}\n\n**How to fix:** ${fix}\n\n[${pack.name} policies](${helpUri})`,
        },
        helpUri,
        // {0} the stack, {1} the policy's message without its final period (SARIF2001 wants the
        // template itself to end in one).
        messageStrings: { default: { text: "{0}: {1}." } },
        defaultConfiguration: { level: sarifLevel(p.enforcementLevel) },
        properties: {
          tags: [pack.name, `policy-pack:${pack.name}@${pack.version}`],
          ...(SECURITY_SEVERITY[p.severity] !== undefined
            ? { "security-severity": SECURITY_SEVERITY[p.severity] }
            : {}),
        },
      };
    });
  });
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const results = report.stacks.flatMap((stack) =>
    stack.violations.map((v) =>
      result(
        v,
        stack.name,
        location(stack.sources?.[v.urn], stack.file, cwd),
        ruleIndex.get(`${v.pack}/${v.policy}`),
      ),
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

/** A result's physical location: a file relative to the repository root and a region. */
interface Place {
  readonly uri: string;
  readonly region: { startLine: number; startColumn?: number };
}

function result(
  v: Violation,
  stack: string,
  place: Place,
  index: number | undefined,
): Record<string, unknown> {
  const name = v.urn.split("::").slice(3).join("::");
  return {
    ruleId: `${v.pack}/${v.policy}`,
    ...(index !== undefined ? { ruleIndex: index } : {}),
    level: sarifLevel(v.level),
    message: {
      id: "default",
      arguments: [stack, v.message.replace(/\.$/, "")],
      text: `${stack}: ${v.message.replace(/\.$/, "")}.`,
    },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: place.uri, uriBaseId: "%SRCROOT%" },
          region: place.region,
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

/**
 * The program line that declared the resource, when the SDK reported one inside the repository
 * (not in node_modules, where a library's own `new` would point); else the stack's config file.
 */
function location(source: SourcePosition | undefined, stackFile: string, cwd: string): Place {
  if (source !== undefined && source.uri.startsWith("file://")) {
    const file = decodeURIComponent(new URL(source.uri).pathname);
    const relative = path.relative(cwd, file);
    if (
      !relative.startsWith("..") &&
      !path.isAbsolute(relative) &&
      !relative.split(path.sep).includes("node_modules")
    ) {
      return {
        uri: relative.split(path.sep).join("/"),
        region: { startLine: source.line, startColumn: Math.max(1, source.column) },
      };
    }
  }
  return { uri: uri(stackFile, cwd), region: { startLine: 1 } };
}

/** "provisioned-concurrency-required" → "ProvisionedConcurrencyRequired" (SARIF2012). */
export function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w !== "")
    .map((w) => w[0]?.toUpperCase() + w.slice(1))
    .join("");
}

function githubRepositoryUrl(): string | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_SHA: sha } = process.env;
  return server && repo && sha ? `${server}/${repo}/blob/${sha}` : undefined;
}

// The README beside the pack, else the one of its parent folder (Tachyon's policies/README.md).
function packHelpUri(pack: PackReport, cwd: string, repositoryUrl: string | undefined): string {
  if (repositoryUrl === undefined) return CROSSGUARD_DOCS;
  for (const dir of [pack.dir, path.dirname(pack.dir)]) {
    const readme = path.join(dir, "README.md");
    const relative = path.relative(cwd, readme);
    if (relative.startsWith("..") || path.isAbsolute(relative) || !fs.existsSync(readme)) continue;
    return `${repositoryUrl}/${relative.split(path.sep).join("/")}`;
  }
  return CROSSGUARD_DOCS;
}
