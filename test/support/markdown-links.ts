/**
 * The relative links of a repository's Markdown files, read as GitHub renders them, and the ones
 * that lead nowhere: a missing file, a path outside the repository, an `#anchor` that no heading
 * of the target produces, or a `#L<n>` line anchor past the end of a source file. Text inside
 * code (fenced or indented blocks, inline spans) is not a link and not a heading.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** One inline link, image or reference definition, with the 1-based line it starts on. */
export interface MarkdownLink {
  readonly line: number;
  readonly target: string;
}

/** Folders never searched for Markdown: dependencies, build output, and hidden folders. */
const SKIPPED_FOLDERS = new Set(["node_modules", "dist", "coverage", "fixtures"]);

// Everything github-slugger drops from a heading: all but letters, marks, decimal and letter
// numbers, connector punctuation ("_"), space and "-" (script/generate-regex.mjs in
// https://github.com/Flet/github-slugger, the slugger GitHub's anchors are reproduced with).
const NOT_IN_SLUG = /[^\p{L}\p{M}\p{Nd}\p{Nl}\p{Pc}\p{Alphabetic} -]/gu;

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
const ATX_HEADING = /^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(?:=+|-+)[ \t]*$/;
const LIST_ITEM = /^ {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;
// Link text may wrap onto the next line of its paragraph, never past a blank line.
const INLINE_LINK =
  /!?\[(?:[^\]\\\n]|\\.|\n(?![ \t]*\n))*\]\(\s*(<[^>\n]*>|[^\s()]+)(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g;
const REFERENCE_DEFINITION = /^ {0,3}\[(?:[^\]\\]|\\.)+\]:\s*(<[^>\n]*>|\S+)/;
const HTML_ANCHOR = /<a\s[^>]*?\b(?:name|id)=["']([^"']+)["']/gi;

/** The anchor GitHub gives a heading's text (github-slugger's `slug`, without repeats). */
export function slug(text: string): string {
  return text.toLowerCase().replace(NOT_IN_SLUG, "").replace(/ /g, "-");
}

/**
 * The lines of a Markdown text with code blanked: fenced and indented code blocks become empty
 * lines; inline code spans keep only their content (`spans: "text"`, as a heading's anchor reads
 * them) or become spaces (`"blank"`, so that a link written inside backticks is no link). Line
 * numbers are kept.
 */
export function proseLines(markdown: string, spans: "text" | "blank"): string[] {
  const lines = markdown.split(/\r?\n/);
  const out: string[] = [];
  let fence: string | undefined;
  let previous = "";
  let inList = false;
  let inIndentedCode = false;
  for (const line of lines) {
    const blank = line.trim() === "";
    if (fence !== undefined) {
      const close = FENCE.exec(line);
      if (close?.[1] !== undefined && close[1][0] === fence[0] && close[1].length >= fence.length) {
        if (line.trim() === close[1]) fence = undefined;
      }
      out.push("");
      continue;
    }
    const open = FENCE.exec(line);
    if (open?.[1] !== undefined) {
      fence = open[1];
      out.push("");
      continue;
    }
    // An indented line opens a code block only after a blank line outside a list item, whose
    // continuation lines are indented too.
    const indented = /^(?: {4}|\t)/.test(line);
    inIndentedCode = indented && (inIndentedCode || (previous === "" && !inList));
    if (!blank && !indented) inList = LIST_ITEM.test(line);
    previous = blank ? "" : line;
    out.push(inIndentedCode ? "" : line);
  }
  return unwrapCodeSpans(out, spans);
}

// A code span may wrap onto the next line of its paragraph but never crosses a blank line.
function unwrapCodeSpans(lines: string[], spans: "text" | "blank"): string[] {
  const out: string[] = [];
  let paragraph: string[] = [];
  const flush = (): void => {
    const text = paragraph
      .join("\n")
      .replace(/(`+)(?!`)([\s\S]*?[^`])\1(?!`)/g, (match: string, _ticks, code: string) =>
        spans === "text" ? code : match.replace(/[^\n]/g, " "),
      );
    if (paragraph.length > 0) out.push(...text.split("\n"));
    paragraph = [];
  };
  for (const line of lines) {
    if (line.trim() === "") {
      flush();
      out.push(line);
    } else {
      paragraph.push(line);
    }
  }
  flush();
  return out;
}

/** Every anchor a Markdown text defines: its headings' slugs (repeats get -1, -2, ...), and HTML anchors. */
export function headingAnchors(markdown: string): Set<string> {
  // github-slugger's repeats: a slug already given gets "-<n>", n counting that slug's uses.
  const occurrences = new Map<string, number>();
  const add = (text: string): void => {
    const base = slug(headingText(text));
    let anchor = base;
    while (occurrences.has(anchor)) {
      const n = (occurrences.get(base) ?? 0) + 1;
      occurrences.set(base, n);
      anchor = `${base}-${n}`;
    }
    occurrences.set(anchor, 0);
  };
  const lines = proseLines(markdown, "text");
  lines.forEach((line, i) => {
    const atx = ATX_HEADING.exec(line);
    if (atx !== null) {
      add(atx[1] ?? "");
      return;
    }
    const next = lines[i + 1];
    const paragraphLine = line.trim() !== "" && !LIST_ITEM.test(line) && !line.startsWith("|");
    const isFirstOfParagraph = i === 0 || (lines[i - 1] ?? "").trim() === "";
    if (paragraphLine && isFirstOfParagraph && next !== undefined && SETEXT_UNDERLINE.test(next)) {
      add(line.trim());
    }
  });
  const anchors = new Set(occurrences.keys());
  // Read from the raw text: inside code they are text, but keeping them there is harmless.
  for (const match of markdown.matchAll(HTML_ANCHOR)) anchors.add(match[1] ?? "");
  return anchors;
}

// A heading's rendered text: link and image text without their targets, no HTML tags.
function headingText(text: string): string {
  return text
    .replace(/!?\[((?:[^\]\\]|\\.)*)\]\([^)]*\)/g, "$1")
    .replace(/<[^>]+>/g, "")
    .trim();
}

/** Every link of a Markdown text outside code: inline links, images and reference definitions. */
export function markdownLinks(markdown: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  const lines = proseLines(markdown, "blank");
  const text = lines.join("\n");
  for (const match of text.matchAll(INLINE_LINK)) {
    const line = text.slice(0, match.index).split("\n").length;
    links.push({ line, target: unbracket(match[1] ?? "") });
  }
  lines.forEach((line, i) => {
    const definition = REFERENCE_DEFINITION.exec(line);
    if (definition !== null) links.push({ line: i + 1, target: unbracket(definition[1] ?? "") });
  });
  return links.sort((a, b) => a.line - b.line);
}

function unbracket(target: string): string {
  return target.startsWith("<") && target.endsWith(">") ? target.slice(1, -1) : target;
}

/** The Markdown files under `root`, relative to it with "/" separators, sorted. */
export function markdownFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = dir === "" ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!entry.name.startsWith(".") && !SKIPPED_FOLDERS.has(entry.name)) walk(rel);
      } else if (entry.isFile() && entry.name.endsWith(".md")) {
        found.push(rel);
      }
    }
  };
  walk("");
  return found.sort();
}

/**
 * The links of `file` (relative to `root`) that lead nowhere, one message each:
 * `<file>:<line>: "<target>" <problem>.` Links with a scheme (https:, mailto:) are not followed.
 */
export function brokenLinks(root: string, file: string): string[] {
  const problems: string[] = [];
  const markdown = fs.readFileSync(path.join(root, file), "utf8");
  for (const { line, target } of markdownLinks(markdown)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("//")) continue;
    const problem = linkProblem(root, file, target);
    if (problem !== undefined) problems.push(`${file}:${line}: "${target}" ${problem}.`);
  }
  return problems;
}

function linkProblem(root: string, file: string, target: string): string | undefined {
  const hash = target.indexOf("#");
  const pathPart = decodeURIComponent(hash < 0 ? target : target.slice(0, hash));
  const anchor = hash < 0 ? undefined : decodeURIComponent(target.slice(hash + 1));
  // GitHub resolves "/x" from the repository root and "x" from the linking file's folder.
  const absolute =
    pathPart === ""
      ? path.join(root, file)
      : pathPart.startsWith("/")
        ? path.join(root, pathPart)
        : path.join(root, path.dirname(file), pathPart);
  const rel = path.relative(root, absolute).split(path.sep).join("/");
  if (rel.startsWith("../") || rel === ".." || path.isAbsolute(rel)) {
    return "points outside the repository";
  }
  if (!fs.existsSync(absolute)) return `points at ${rel}, which does not exist`;
  if (anchor === undefined) return undefined;
  if (fs.statSync(absolute).isDirectory()) return `puts an anchor on the folder ${rel}`;
  const text = fs.readFileSync(absolute, "utf8");
  if (rel.endsWith(".md")) {
    return headingAnchors(text).has(anchor) ? undefined : `names no heading of ${rel}`;
  }
  const lines = /^L(\d+)(?:-L(\d+))?$/.exec(anchor);
  if (lines === null) return `puts an anchor other than #L<line> on ${rel}, which is not Markdown`;
  const last = Number(lines[2] ?? lines[1]);
  const count = text.endsWith("\n") ? text.split("\n").length - 1 : text.split("\n").length;
  return last <= count ? undefined : `names line ${last}, but ${rel} has ${count} lines`;
}
