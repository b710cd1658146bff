/**
 * The report formats of `tachyon check --format`.
 */
import { renderJson } from "./json";
import { renderJunit } from "./junit";
import { renderMarkdown } from "./markdown";
import { renderSarif } from "./sarif";
import { renderText } from "./text";
import type { CheckReport } from "./types";

/** The formats `--format` accepts. */
export const FORMATS = ["text", "json", "sarif", "junit", "markdown"] as const;

/** One of {@link FORMATS}. */
export type Format = (typeof FORMATS)[number];

/** True for a supported format name. */
export function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}

/** Renders the report in the given format. */
export function render(
  report: CheckReport,
  format: Format,
  opts: { cwd?: string; version?: string } = {},
): string {
  switch (format) {
    case "json":
      return renderJson(report);
    case "sarif":
      return renderSarif(report, opts);
    case "junit":
      return renderJunit(report);
    case "markdown":
      return renderMarkdown(report);
    case "text":
      return renderText(report, opts);
  }
}
