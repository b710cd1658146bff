/**
 * Reads the files a run is given (stack config, Pulumi.yaml, policy config) the way a gateway
 * reads untrusted input: only regular files, never more than a bounded size, never blocking on a
 * FIFO or a device, and YAML whose aliases cannot expand into more than a bounded tree. Every
 * refusal is an {@link InputFileError} naming the file, the problem and the fix.
 */
import * as fs from "node:fs";
import * as yaml from "js-yaml";

/** Largest input file: a stack config with a full topology is a few kilobytes. */
export const MAX_INPUT_BYTES = 1024 * 1024;
/** Most alias uses (`*name`) of maps and lists in one YAML document. */
export const MAX_YAML_ALIASES = 100;
/** Most values (maps, lists and scalars) a YAML document may hold once its aliases are expanded. */
export const MAX_YAML_VALUES = 100_000;

/** A file that cannot be taken as input; the message names the file and the fix. */
export class InputFileError extends Error {
  override readonly name = "InputFileError";
}

/**
 * The text of a regular file of at most {@link MAX_INPUT_BYTES}. Checks the file's type before
 * opening it, so a FIFO or a device is refused rather than read (which could block forever).
 */
export function readInputText(file: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (err) {
    throw new InputFileError(`${file}: cannot read it, got ${errno(err)}. Check the path.`);
  }
  if (!stat.isFile()) throw new InputFileError(notRegular(file, stat));
  if (stat.size > MAX_INPUT_BYTES) {
    throw new InputFileError(
      `${file}: is larger than the ${MAX_INPUT_BYTES} bytes an input file may have, got ${stat.size} bytes. Trim it to the keys the program reads.`,
    );
  }
  let bytes: Buffer;
  try {
    // O_NONBLOCK: should the file be swapped for a FIFO after the check, opening does not block.
    const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    try {
      bytes = readAtMost(fd, MAX_INPUT_BYTES + 1);
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    throw new InputFileError(
      `${file}: cannot read it, got ${errno(err)}. Make it readable by the user running the check.`,
    );
  }
  if (bytes.length > MAX_INPUT_BYTES) {
    throw new InputFileError(
      `${file}: is larger than the ${MAX_INPUT_BYTES} bytes an input file may have, got more while reading. Trim it to the keys the program reads.`,
    );
  }
  if (bytes.includes(0)) {
    throw new InputFileError(
      `${file}: is not a text file, got a NUL byte at offset ${bytes.indexOf(0)}. Pass the YAML or JSON file itself.`,
    );
  }
  return bytes.toString("utf8");
}

/**
 * Parses one YAML document from {@link readInputText}, refusing a document whose aliases are used
 * more than {@link MAX_YAML_ALIASES} times or would expand to more than {@link MAX_YAML_VALUES}
 * values ("billion laughs"), or that refers to itself. Keys such as `__proto__` stay own data keys.
 */
export function loadYamlFile(file: string): unknown {
  const text = readInputText(file);
  let doc: unknown;
  try {
    doc = yaml.load(text, { filename: file });
  } catch (err) {
    const reason = err instanceof Error ? err.message.split("\n")[0] : String(err);
    throw new InputFileError(`${file}: not valid YAML, got "${reason}". Fix the syntax.`);
  }
  const size = expandedSize(doc);
  if (size.cycle) {
    throw new InputFileError(
      `${file}: a YAML alias refers to the map or list that holds it, got a value that contains itself. Write the value out instead of the alias.`,
    );
  }
  if (size.aliases > MAX_YAML_ALIASES) {
    throw new InputFileError(
      `${file}: uses YAML aliases more than ${MAX_YAML_ALIASES} times, got ${size.aliases}. Write the values out instead of aliasing them.`,
    );
  }
  if (size.values > MAX_YAML_VALUES) {
    throw new InputFileError(
      `${file}: YAML aliases expand to more than ${MAX_YAML_VALUES} values, got ${size.values > Number.MAX_SAFE_INTEGER ? "an unbounded number" : size.values}. Write the values out instead of nesting aliases.`,
    );
  }
  return doc;
}

/**
 * How many values `doc` holds with its aliases expanded, and how often a map or list is reached a
 * second time (an alias use: the parser hands every other node a fresh object). Shared subtrees
 * are sized once, so this takes time proportional to the parsed document, not to its expansion.
 */
export function expandedSize(doc: unknown): { values: number; aliases: number; cycle: boolean } {
  const sizes = new Map<object, number>();
  const open = new Set<object>();
  let aliases = 0;
  let cycle = false;
  const size = (value: unknown): number => {
    if (typeof value !== "object" || value === null) return 1;
    const known = sizes.get(value);
    if (known !== undefined) {
      aliases += 1;
      return known;
    }
    if (open.has(value)) {
      cycle = true;
      return 1;
    }
    open.add(value);
    const children = Array.isArray(value) ? (value as unknown[]) : Object.values(value);
    let total = 1;
    for (const child of children) total += size(child);
    open.delete(value);
    sizes.set(value, total);
    return total;
  };
  const values = size(doc);
  return { values, aliases, cycle };
}

function readAtMost(fd: number, limit: number): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  while (total < limit) {
    const chunk = Buffer.alloc(Math.min(64 * 1024, limit - total));
    const n = fs.readSync(fd, chunk, 0, chunk.length, null);
    if (n === 0) break;
    chunks.push(chunk.subarray(0, n));
    total += n;
  }
  return Buffer.concat(chunks);
}

/** The refusal of a file that is not a regular file, naming what it is and the fix. */
export function notRegular(file: string, stat: fs.Stats): string {
  return `${file}: must be a regular file, got ${kindOf(stat)}. Replace it with a plain text file.`;
}

function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return "a folder";
  if (stat.isFIFO()) return "a named pipe (FIFO)";
  if (stat.isSocket()) return "a socket";
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return "a device";
  return "something other than a file";
}

/** The error code of a failed file system call, e.g. "EACCES (permission denied)". */
export function errno(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (typeof e.code !== "string") return JSON.stringify(String(err));
  const text = /^\w+: ([^,]+)/.exec(e.message)?.[1];
  return text === undefined ? e.code : `${e.code} (${text})`;
}
