/**
 * The README and the references under docs/ link to each other, to sections of each other and to
 * source files; a moved file or a renamed heading must fail here rather than leave a dead link.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  brokenLinks,
  headingAnchors,
  markdownFiles,
  markdownLinks,
  slug,
} from "../support/markdown-links";

const ROOT = path.resolve(__dirname, "../..");

function tempRepo(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-links-"));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  }
  return root;
}

describe("docs links", () => {
  describe("slug", () => {
    const cases: [string, string][] = [
      [
        "Quick start (fresh machine: Node.js 20.19+ and npm)",
        "quick-start-fresh-machine-nodejs-2019-and-npm",
      ],
      ["What npm start does", "what-npm-start-does"],
      [
        "Front Door probes and the origin's access restriction",
        "front-door-probes-and-the-origins-access-restriction",
      ],
      ["Global stack: tachyon:topology", "global-stack-tachyontopology"],
      ["CI: .github/workflows/", "ci-githubworkflows"],
      ["Limits on input (check, latency, start)", "limits-on-input-check-latency-start"],
      ["Policy packs & CI", "policy-packs--ci"],
      ["Deploy — then check", "deploy--then-check"],
      ["snake_case and kebab-case", "snake_case-and-kebab-case"],
      ["Straße über Zürich", "straße-über-zürich"],
    ];
    for (const [heading, anchor] of cases) {
      it(`gives "${heading}" the anchor "${anchor}"`, () => {
        assert.equal(slug(heading), anchor);
      });
    }
  });

  describe("headingAnchors", () => {
    it("numbers repeated headings and reads code spans, setext headings and HTML anchors", () => {
      const markdown = [
        "# Notes",
        "## Notes",
        "### Notes",
        "## The `tachyon` CLI",
        "## [Linked](https://example.com) heading ##",
        "",
        "Setext title",
        "============",
        "",
        '<a name="legacy-anchor"></a>',
      ].join("\n");
      assert.deepEqual([...headingAnchors(markdown)].sort(), [
        "legacy-anchor",
        "linked-heading",
        "notes",
        "notes-1",
        "notes-2",
        "setext-title",
        "the-tachyon-cli",
      ]);
    });

    it("takes no heading from a fenced or an indented code block", () => {
      const markdown = "# Real\n\n```sh\n# not a heading\n```\n\n    # not one either\n";
      assert.deepEqual([...headingAnchors(markdown)], ["real"]);
    });
  });

  describe("markdownLinks", () => {
    it("finds inline links, images, wrapped link text and reference definitions outside code", () => {
      const markdown = [
        'See [the CLI](docs/cli.md) and ![map](<docs/map one.svg> "Map").', // 1
        "A link whose text [wraps onto", // 2
        "the next line](docs/deployed.md#aws).", // 3
        "`[in a span](span.md)` and ``[in a double span](span2.md)``", // 4
        "", // 5
        "```md", // 6
        "[in a fence](fence.md)", // 7
        "```", // 8
        "", // 9
        "    [in an indented block](indented.md)", // 10
        "", // 11
        "- a list item", // 12
        "", // 13
        "    [a list item's paragraph](listed.md)", // 14
        "", // 15
        "[ref]: <docs/latency.md>", // 16
      ].join("\n");
      assert.deepEqual(markdownLinks(markdown), [
        { line: 1, target: "docs/cli.md" },
        { line: 1, target: "docs/map one.svg" },
        { line: 2, target: "docs/deployed.md#aws" },
        { line: 14, target: "listed.md" },
        { line: 16, target: "docs/latency.md" },
      ]);
    });
  });

  describe("brokenLinks", () => {
    it("reports missing files, unknown anchors, lines past the end and paths outside", () => {
      const root = tempRepo({
        "README.md": [
          "# Guide", // 1
          "", // 2
          "See [the CLI](docs/cli.md#flags), [gone](docs/gone.md), [bad](docs/cli.md#nope),", // 3
          "[outside](../outside.md), [line](src/a.ts#L3), [past the end](src/a.ts#L2-L9),", // 4
          "[folder](src/), [self](#guide), [self, bad](#nowhere), [web](https://example.com/x.md),", // 5
          "[from the root](/docs/cli.md#cli), [anchor on code](src/a.ts#main).", // 6
          "", // 7
          "`[not a link](missing.md)`", // 8
          "", // 9
          "[ref]: docs/missing-ref.md", // 10
        ].join("\n"),
        "docs/cli.md": "# CLI\n\n## Flags\n\nBack to [the guide](../README.md#guide).\n",
        "src/a.ts": "export function main(): void {\n  return;\n}\n",
      });
      try {
        assert.deepEqual(brokenLinks(root, "README.md"), [
          'README.md:3: "docs/gone.md" points at docs/gone.md, which does not exist.',
          'README.md:3: "docs/cli.md#nope" names no heading of docs/cli.md.',
          'README.md:4: "../outside.md" points outside the repository.',
          'README.md:4: "src/a.ts#L2-L9" names line 9, but src/a.ts has 3 lines.',
          'README.md:5: "#nowhere" names no heading of README.md.',
          'README.md:6: "src/a.ts#main" puts an anchor other than #L<line> on src/a.ts, which is not Markdown.',
          'README.md:10: "docs/missing-ref.md" points at docs/missing-ref.md, which does not exist.',
        ]);
        assert.deepEqual(brokenLinks(root, "docs/cli.md"), []);
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    });

    it("catches a README link broken by renaming a heading of docs/", () => {
      const files: Record<string, string> = {};
      for (const file of [
        "README.md",
        ...markdownFiles(ROOT).filter((f) => f.startsWith("docs/")),
      ]) {
        files[file] = fs.readFileSync(path.join(ROOT, file), "utf8");
      }
      const notes = files["docs/deployment-notes.md"] ?? "";
      files["docs/deployment-notes.md"] = notes.replace(
        "## DNS names and certificates",
        "## DNS names",
      );
      const root = tempRepo(files);
      try {
        assert.deepEqual(
          brokenLinks(root, "README.md").filter((p) => p.includes("deployment-notes")),
          [
            `README.md:${lineOf(files["README.md"] ?? "", "docs/deployment-notes.md#dns-names-and-certificates")}: "docs/deployment-notes.md#dns-names-and-certificates" names no heading of docs/deployment-notes.md.`,
          ],
        );
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    });
  });

  describe("this repository", () => {
    const files = markdownFiles(ROOT);

    it("checks the README, the pack guide and every file under docs/", () => {
      const docs = fs
        .readdirSync(path.join(ROOT, "docs"))
        .filter((f) => f.endsWith(".md"))
        .map((f) => `docs/${f}`);
      assert.ok(docs.length > 0);
      assert.deepEqual(
        ["README.md", "policies/README.md", ...docs].filter((f) => !files.includes(f)),
        [],
      );
    });

    it("has no relative link or anchor that leads nowhere", () => {
      assert.deepEqual(
        files.flatMap((file) => brokenLinks(ROOT, file)),
        [],
      );
    });

    it("links every file under docs/ from the README", () => {
      const linked = new Set(
        markdownLinks(fs.readFileSync(path.join(ROOT, "README.md"), "utf8")).map(
          (l) => l.target.split("#")[0],
        ),
      );
      assert.deepEqual(
        files.filter((f) => f.startsWith("docs/") && !linked.has(f)),
        [],
      );
    });
  });
});

function lineOf(text: string, needle: string): number {
  return text.slice(0, text.indexOf(needle)).split("\n").length;
}
