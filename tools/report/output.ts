/**
 * `--output FILE`: checked before a run starts, so that a run never ends with its report lost,
 * and written atomically (a temporary file beside it, then a rename), so that a reader never sees
 * half a report. Devices and pipes (`/dev/null`, `/dev/stdout`) are written in place.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { errno } from "../engine/input-file";

/** Why the report cannot go to `file`, as a sentence with the fix; `undefined` when it can. */
export function outputProblem(file: string): string | undefined {
  const target = path.resolve(file);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(target);
  } catch {
    stat = undefined;
  }
  if (stat === undefined) {
    const dir = path.dirname(target);
    let dirStat: fs.Stats | undefined;
    try {
      dirStat = fs.statSync(dir);
    } catch {
      dirStat = undefined;
    }
    if (dirStat === undefined || !dirStat.isDirectory()) {
      return `--output: the folder ${dir} does not exist, got "${file}". Create the folder first or write the report elsewhere.`;
    }
    return writable(dir, file, "folder");
  }
  if (stat.isDirectory()) {
    return `--output: must name a file, got the folder "${file}". Add a file name, e.g. "${path.join(file, "tachyon-report")}".`;
  }
  if (stat.isFIFO()) {
    // Opening a pipe nobody reads would block forever; O_NONBLOCK fails at once instead (ENXIO).
    try {
      fs.closeSync(fs.openSync(target, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK));
    } catch (err) {
      return `--output: nothing reads the named pipe "${file}", got ${errno(err)}. Start its reader first or write to a file.`;
    }
    return undefined;
  }
  if (stat.isFile()) return writable(path.dirname(target), file, "file's folder");
  return writable(target, file, "file");
}

/** Writes the report; a regular file is replaced atomically. Throws what the file system says. */
export function writeOutput(file: string, text: string): void {
  const target = path.resolve(file);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(target);
  } catch {
    stat = undefined;
  }
  if (stat !== undefined && !stat.isFile()) {
    fs.writeFileSync(target, text);
    return;
  }
  const temp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`,
  );
  try {
    const fd = fs.openSync(temp, "wx", stat?.mode ?? 0o644);
    try {
      fs.writeFileSync(fd, text);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, target);
  } catch (err) {
    fs.rmSync(temp, { force: true });
    throw err;
  }
}

function writable(dir: string, file: string, what: string): string | undefined {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return undefined;
  } catch (err) {
    return `--output: cannot write to the ${what} of "${file}", got ${errno(err)}. Pick a file you can write.`;
  }
}
