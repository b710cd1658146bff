/**
 * `tsx tools/layering/check.ts [DIR]`: fails (exit 1) on an import circle or an import across the
 * layering of components/README.md in the project at DIR (default: the current folder), naming
 * each file, the import and the rule. Part of `npm run lint`.
 */
import * as path from "node:path";
import { readImportGraph } from "./import-graph";
import { checkLayering } from "./rules";

const root = path.resolve(process.argv[2] ?? ".");
const graph = readImportGraph(root);
const problems = checkLayering(graph);
if (problems.length > 0) {
  process.stderr.write(`${problems.join("\n")}\n\nlayering: ${problems.length} problem(s).\n`);
  process.exitCode = 1;
} else {
  process.stdout.write(
    `layering: ${graph.files.length} files, ${graph.edges.length} imports, no circle, no import across layers.\n`,
  );
}
