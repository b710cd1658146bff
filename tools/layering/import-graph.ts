/**
 * The import graph of a TypeScript project, read with the TypeScript compiler API: every file the
 * project's `tsconfig.json` includes, and every import between two of them. Type-only imports,
 * re-exports, `import("...")` types, dynamic imports and `require` calls all count, because each
 * makes one file depend on another.
 */
import * as path from "node:path";
import ts from "typescript";

/** One import of a project file by another. */
export interface ImportEdge {
  /** The importing file, relative to the project root with `/` separators. */
  readonly from: string;
  /** The imported file, relative to the project root. */
  readonly to: string;
  /** The module specifier as written, e.g. `../compute/function`. */
  readonly specifier: string;
  /** 1-based line of the specifier in `from`. */
  readonly line: number;
}

/** The files of a project and the imports between them, both sorted. */
export interface ImportGraph {
  readonly files: readonly string[];
  readonly edges: readonly ImportEdge[];
}

/**
 * Reads `<root>/tsconfig.json` and returns the graph of its files. Imports of packages, JSON files
 * and files outside the project are left out.
 */
export function readImportGraph(root: string): ImportGraph {
  const configPath = path.join(root, "tsconfig.json");
  const config = ts.getParsedCommandLineOfConfigFile(configPath, undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(
        `${configPath}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}. Fix the file.`,
      );
    },
  });
  if (config === undefined) throw new Error(`${configPath}: cannot be read. Fix the file.`);
  const absolute = config.fileNames
    .map((f) => path.resolve(f))
    .filter((f) => !f.split(path.sep).includes("node_modules"));
  const known = new Set(absolute);
  const relative = (f: string): string => path.relative(root, f).split(path.sep).join("/");
  const edges: ImportEdge[] = [];
  for (const file of absolute) {
    const text = ts.sys.readFile(file) ?? "";
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    for (const literal of moduleSpecifiers(source)) {
      const resolved = ts.resolveModuleName(literal.text, file, config.options, ts.sys)
        .resolvedModule?.resolvedFileName;
      if (resolved === undefined || !known.has(path.resolve(resolved))) continue;
      edges.push({
        from: relative(file),
        to: relative(path.resolve(resolved)),
        specifier: literal.text,
        line: source.getLineAndCharacterOfPosition(literal.getStart(source)).line + 1,
      });
    }
  }
  edges.sort((a, b) => compare(a.from, b.from) || a.line - b.line || compare(a.to, b.to));
  return { files: absolute.map(relative).sort(compare), edges };
}

/** Every string literal that names a module in `source`. */
function moduleSpecifiers(source: ts.SourceFile): ts.StringLiteral[] {
  const found: ts.StringLiteral[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier !== undefined &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push(node.moduleSpecifier);
    } else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      ts.isStringLiteral(node.moduleReference.expression)
    ) {
      found.push(node.moduleReference.expression);
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      found.push(node.argument.literal);
    } else if (
      ts.isCallExpression(node) &&
      node.arguments.length === 1 &&
      ts.isStringLiteral(node.arguments[0]) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === "require"))
    ) {
      found.push(node.arguments[0]);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Code-point order, so that the result does not depend on the machine's locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
