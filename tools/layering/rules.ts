/**
 * The project's layering (components/README.md): which folder may import which. A file may import
 * files of its own folder and of the folders its rule lists; the check also fails on any import
 * circle, type-only imports included.
 */
import { findCycles } from "./cycles";
import { compare, type ImportEdge, type ImportGraph } from "./import-graph";

/** One folder (or file) of the project and what its files may import besides their own folder. */
export interface LayerRule {
  /** A folder with a trailing slash, `components/network/`, or a file, `index.ts`. */
  readonly layer: string;
  /** Folders (or files) whose files it may import; a folder covers its subfolders. */
  readonly mayImport: readonly string[];
}

/** The rules and the folders every one of whose subfolders needs a rule of its own. */
export interface Layering {
  readonly rules: readonly LayerRule[];
  /** E.g. `components/`: a new `components/<folder>/` without a rule is a problem. */
  readonly ruledFolders: readonly string[];
}

const FLOOR = ["components/naming/", "components/access/"];
const GROUND = ["model/", "functions/"];

/** Tachyon's layering; `test/` and `bench/` may import anything. */
export const LAYERING: Layering = {
  rules: [
    { layer: "model/", mayImport: [] },
    { layer: "functions/", mayImport: ["model/"] },
    { layer: "policies/", mayImport: ["model/"] },
    { layer: "components/naming/", mayImport: ["model/"] },
    { layer: "components/access/", mayImport: ["components/naming/", "model/"] },
    { layer: "components/network/", mayImport: [...FLOOR, ...GROUND] },
    { layer: "components/data/", mayImport: ["components/network/", ...FLOOR, ...GROUND] },
    { layer: "components/pipeline/", mayImport: ["components/network/", ...FLOOR, ...GROUND] },
    { layer: "components/observability/", mayImport: [...FLOOR, ...GROUND] },
    {
      layer: "components/edge/",
      mayImport: ["components/network/", "components/pipeline/", ...FLOOR, ...GROUND],
    },
    {
      layer: "components/compute/",
      mayImport: [
        "components/network/",
        "components/data/",
        "components/pipeline/",
        ...FLOOR,
        ...GROUND,
      ],
    },
    { layer: "components/deployment/", mayImport: ["components/", ...GROUND] },
    { layer: "index.ts", mayImport: ["components/deployment/", "model/"] },
    { layer: "tools/", mayImport: ["model/", "policies/"] },
  ],
  ruledFolders: ["components/"],
};

const README = "components/README.md";

/** Every breach of `layering` in `graph`, as one message each, in file order. */
export function checkLayering(graph: ImportGraph, layering: Layering = LAYERING): string[] {
  const problems: string[] = [];
  const unruled = new Set<string>();
  for (const file of graph.files) {
    const folder = unruledFolder(file, layering);
    if (folder !== undefined && !unruled.has(folder)) {
      unruled.add(folder);
      problems.push(
        `${file}: ${folder} has no layering rule, got a file in it. Add ${folder} with the folders it may import to tools/layering/rules.ts and ${README}.`,
      );
    }
  }
  for (const edge of graph.edges) {
    const problem = forbidden(edge, layering.rules);
    if (problem !== undefined) problems.push(problem);
  }
  for (const circle of findCycles(graph)) {
    problems.push(
      `${circle[0]}: imports run in a circle, got ${circle.join(" → ")}. Move what these files share into a file that imports none of them (${README}).`,
    );
  }
  return problems.sort(compare);
}

/** The rule whose layer holds `file`: the longest matching one. */
export function layerOf(file: string, rules: readonly LayerRule[]): LayerRule | undefined {
  let best: LayerRule | undefined;
  for (const rule of rules) {
    if (covers(rule.layer, file) && (best === undefined || rule.layer.length > best.layer.length)) {
      best = rule;
    }
  }
  return best;
}

function forbidden(edge: ImportEdge, rules: readonly LayerRule[]): string | undefined {
  const rule = layerOf(edge.from, rules);
  if (rule === undefined || covers(rule.layer, edge.to)) return undefined;
  if (rule.mayImport.some((allowed) => covers(allowed, edge.to))) return undefined;
  const target = layerOf(edge.to, rules)?.layer ?? topFolder(edge.to);
  const allowed =
    rule.mayImport.length === 0 ? "nothing outside itself" : rule.mayImport.join(", ");
  return `${edge.from}:${edge.line}: ${rule.layer} must not import ${target}, got "${edge.specifier}" (${edge.to}). ${rule.layer} may import ${allowed}; move what both need below both (${README}).`;
}

/** `components/<folder>/` of a file under a ruled folder that no rule covers. */
function unruledFolder(file: string, layering: Layering): string | undefined {
  for (const parent of layering.ruledFolders) {
    if (!file.startsWith(parent)) continue;
    const rest = file.slice(parent.length).split("/");
    if (rest.length < 2) continue;
    const folder = `${parent}${rest[0]}/`;
    if (!layering.rules.some((r) => covers(r.layer, folder) || covers(folder, r.layer))) {
      return folder;
    }
  }
  return undefined;
}

/** Whether `layer` (a folder ending in `/`, or a file) holds `file`. */
function covers(layer: string, file: string): boolean {
  return layer.endsWith("/") ? file.startsWith(layer) : file === layer;
}

function topFolder(file: string): string {
  const slash = file.indexOf("/");
  return slash < 0 ? file : file.slice(0, slash + 1);
}
