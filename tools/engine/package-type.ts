/**
 * Whether a program is an ES module, decided as Pulumi's Node.js language host decides it: the
 * `type` of the first package.json found searching up from the program's folder (the program's
 * own folder when it is one). The process that starts the program (run-stack.ts) and the program
 * process (child.ts) both ask here, so they cannot disagree.
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** True when the nearest package.json above `program` says `"type": "module"`. */
export function isModuleProgram(program: string): boolean {
  const isFolder = fs.statSync(program, { throwIfNoEntry: false })?.isDirectory() === true;
  for (let dir = isFolder ? program : path.dirname(program); ; dir = path.dirname(dir)) {
    let text: string | undefined;
    try {
      const file = path.join(dir, "package.json");
      // Only a regular file: a named pipe would block the check for good.
      text = fs.statSync(file).isFile() ? fs.readFileSync(file, "utf8") : undefined;
    } catch {
      text = undefined;
    }
    if (text !== undefined) {
      try {
        return (JSON.parse(text) as { type?: unknown }).type === "module";
      } catch {
        return false;
      }
    }
    if (path.dirname(dir) === dir) return false;
  }
}
