import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { readImportGraph } from "../../../tools/layering/import-graph";
import { checkLayering, LAYERING } from "../../../tools/layering/rules";

const ROOT = path.join(__dirname, "..", "..", "..");
const README = "components/README.md";
const COMPUTE_MAY =
  "components/network/, components/data/, components/pipeline/, components/naming/, components/access/, model/, functions/";

/** A throw-away project: a tsconfig.json including the usual folders, and `files`. */
function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "layering-"));
  const tsconfig = {
    compilerOptions: { module: "commonjs", moduleResolution: "node10", strict: true },
    include: ["index.ts", "model", "components", "functions", "policies", "tools", "test"],
  };
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(tsconfig));
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  return dir;
}

function problemsOf(files: Record<string, string>): string[] {
  const dir = project(files);
  try {
    return checkLayering(readImportGraph(dir));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe("layering check", () => {
  it("finds no import circle and no import across layers in Tachyon itself", () => {
    assert.deepEqual(checkLayering(readImportGraph(ROOT)), []);
  });

  it("reports an import from a capability folder into compute/ with its line and rule", () => {
    const problems = problemsOf({
      "components/compute/fn.ts": "export const LIVE = 'live';\n",
      "components/network/net.ts":
        "// a network\nimport { LIVE } from '../compute/fn';\nexport const x = LIVE;\n",
    });
    assert.deepEqual(problems, [
      `components/network/net.ts:2: components/network/ must not import components/compute/, got "../compute/fn" (components/compute/fn.ts). components/network/ may import components/naming/, components/access/, model/, functions/; move what both need below both (${README}).`,
    ]);
  });

  it("reports an import into deployment/ from compute/", () => {
    const problems = problemsOf({
      "components/deployment/context.ts": "export type Ctx = { site: string };\n",
      "components/compute/site.ts":
        "import type { Ctx } from '../deployment/context';\nexport const c: Ctx = { site: 'a' };\n",
    });
    assert.deepEqual(problems, [
      `components/compute/site.ts:1: components/compute/ must not import components/deployment/, got "../deployment/context" (components/deployment/context.ts). components/compute/ may import ${COMPUTE_MAY}; move what both need below both (${README}).`,
    ]);
  });

  it("reports a circle of type-only imports", () => {
    const problems = problemsOf({
      "model/a.ts": "import type { B } from './b';\nexport interface A { b?: B }\n",
      "model/b.ts": "import type { A } from './a';\nexport interface B { a?: A }\n",
    });
    assert.deepEqual(problems, [
      `model/a.ts: imports run in a circle, got model/a.ts → model/b.ts → model/a.ts. Move what these files share into a file that imports none of them (${README}).`,
    ]);
  });

  it("names one shortest circle per group of files that reach each other", () => {
    const problems = problemsOf({
      "functions/t/a.ts": "import { b } from './b';\nexport const a = () => b;\n",
      "functions/t/b.ts": "import { c } from './c';\nexport const b = () => c;\n",
      "functions/t/c.ts":
        "import { a } from './a';\nimport { b } from './b';\nexport const c = () => [a, b];\n",
    });
    assert.deepEqual(problems, [
      `functions/t/a.ts: imports run in a circle, got functions/t/a.ts → functions/t/b.ts → functions/t/c.ts → functions/t/a.ts. Move what these files share into a file that imports none of them (${README}).`,
    ]);
  });

  it("counts require calls, import() types and re-exports as imports", () => {
    // One circle whose three links are each of one kind only.
    const problems = problemsOf({
      "tools/cli.ts":
        "export const load = () => require('./a') as { y: number };\nexport const z = 1;\n",
      "tools/a.ts": "export type Y = typeof import('./b');\n",
      "tools/b.ts": "export { z as y } from './cli';\n",
    });
    assert.deepEqual(problems, [
      `tools/a.ts: imports run in a circle, got tools/a.ts → tools/b.ts → tools/cli.ts → tools/a.ts. Move what these files share into a file that imports none of them (${README}).`,
    ]);
  });

  it("allows what the table lists, and any import from tests", () => {
    const problems = problemsOf({
      "model/types.ts": "export type Site = string;\n",
      "components/naming/name.ts":
        "import type { Site } from '../../model/types';\nexport const n = (s: Site) => s;\n",
      "components/pipeline/queue.ts":
        "import { n } from '../naming/name';\nexport const q = n('a');\n",
      "components/edge/entry.ts": "import { q } from '../pipeline/queue';\nexport const e = q;\n",
      "components/compute/fn.ts": "import { q } from '../pipeline/queue';\nexport const f = q;\n",
      "components/deployment/site.ts":
        "import { f } from '../compute/fn';\nimport { e } from '../edge/entry';\nexport const s = [f, e];\n",
      "index.ts": "import { s } from './components/deployment/site';\nexport const out = s;\n",
      "test/site.spec.ts": "import { f } from '../components/compute/fn';\nexport const t = f;\n",
    });
    assert.deepEqual(problems, []);
  });

  it("reports a components folder that has no rule", () => {
    const problems = problemsOf({ "components/widgets/w.ts": "export const w = 1;\n" });
    assert.deepEqual(problems, [
      "components/widgets/w.ts: components/widgets/ has no layering rule, got a file in it. Add components/widgets/ with the folders it may import to tools/layering/rules.ts and components/README.md.",
    ]);
  });

  it("has the rules components/README.md's table lists, row for row", () => {
    const rows = fs
      .readFileSync(path.join(ROOT, README), "utf8")
      .split("\n")
      .filter((line) => line.startsWith("| `"))
      .map((line) => {
        const [layer, mayImport] = line.split("|").slice(1, 3);
        const names = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
        return { layer: names(layer)[0], mayImport: names(mayImport) };
      });
    assert.deepEqual(
      rows,
      LAYERING.rules.map((r) => ({ layer: r.layer, mayImport: [...r.mayImport] })),
    );
  });

  it("runs in npm run lint, and its command exits 1 naming the problem, 0 on a clean project", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    assert.equal(pkg.scripts.lint, "eslint . && tsx tools/layering/check.ts");
    const run = (files: Record<string, string>) => {
      const dir = project(files);
      try {
        return spawnSync(
          process.execPath,
          [require.resolve("tsx/cli"), path.join(ROOT, "tools/layering/check.ts"), dir],
          { encoding: "utf8" },
        );
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    };
    const bad = run({
      "components/compute/fn.ts": "export const LIVE = 'live';\n",
      "components/observability/alarm.ts":
        "import { LIVE } from '../compute/fn';\nexport const a = LIVE;\n",
    });
    assert.equal(bad.status, 1);
    assert.equal(
      bad.stderr,
      `components/observability/alarm.ts:1: components/observability/ must not import components/compute/, got "../compute/fn" (components/compute/fn.ts). components/observability/ may import components/naming/, components/access/, model/, functions/; move what both need below both (${README}).\n\nlayering: 1 problem(s).\n`,
    );
    const good = run({
      "model/a.ts": "export const a = 1;\n",
      "model/b.ts": "import { a } from './a';\nexport const b = a;\n",
    });
    assert.equal(good.status, 0);
    assert.equal(
      good.stdout,
      "layering: 2 files, 1 imports, no circle, no import across layers.\n",
    );
  });
});
