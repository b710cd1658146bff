/**
 * Reads a Pulumi project the way the Pulumi CLI does: `Pulumi.yaml` for the name, the program's
 * main file and the stack config folder, and `Pulumi.<stack>.yaml` for each stack's config.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { errno, InputFileError, loadYamlFile, readInputText } from "./input-file";
import { secretValue } from "./wire";
import type { ProgramProblem, WireObject } from "./types";

/**
 * What a `secure:` config value becomes offline. The ciphertext cannot be decrypted without the
 * stack's secrets provider, so the program sees this placeholder, still marked secret.
 */
export const SECRET_PLACEHOLDER = "[secret]";

/** A Pulumi project folder. */
export interface Project {
  readonly dir: string;
  readonly name: string;
  /**
   * Absolute path of the program, found as Pulumi's language host finds it: `main` of Pulumi.yaml,
   * else the project's package.json `exports` or `main`, else the folder itself.
   */
  readonly program: string;
  /** Absolute folder holding `Pulumi.<stack>.yaml`. */
  readonly stacksDir: string;
  /** Project-level config defaults from Pulumi.yaml, already keyed `<namespace>:<key>`. */
  readonly defaults: Record<string, unknown>;
  /**
   * Absolute path of the tsconfig Pulumi's language host compiles the program with:
   * `runtime.options.tsconfig` of Pulumi.yaml, else `tsconfig.json` in the project folder (never
   * one further up; the file need not exist).
   */
  readonly tsconfig?: string;
  /** `runtime.options.nodeargs` of Pulumi.yaml, split at whitespace: flags Node runs the program with. */
  readonly nodeArgs?: readonly string[];
  /**
   * `false` when Pulumi.yaml sets `runtime.options.typescript: false`: the language host then
   * registers no TypeScript support, and Node loads a `.ts` file as JavaScript.
   */
  readonly typescript?: false;
}

/** One stack's config, as the language runtime receives it. */
export interface StackConfig {
  readonly name: string;
  /** Absolute path of `Pulumi.<stack>.yaml`. */
  readonly file: string;
  /** `<namespace>:<key>` to the string the runtime sees (objects as JSON). */
  readonly config: Record<string, string>;
  /** Keys whose value came from a `secure:` entry. */
  readonly secretKeys: string[];
  /** Provider config by package (`aws:region` → `{ aws: { region } }`), in wire format. */
  readonly providerConfig: Record<string, WireObject>;
  /** Raw values by key, secure values replaced by the placeholder; used to guess stack references. */
  readonly values: Record<string, unknown>;
}

/**
 * Pulumi's rule for stack names (its backends refuse any other, e.g. `pulumi stack init "a b"`):
 * letters, digits, `-`, `_` and `.`, at most 100 characters. Names of periods only (`.`, `..`)
 * are refused too: the local backend keeps a stack in a file named after it.
 * https://github.com/pulumi/pulumi/blob/master/pkg/backend/diy/backend.go (ValidateStackName)
 */
export const STACK_NAME = /^(?!\.+$)[A-Za-z0-9_.-]{1,100}$/;

/** Thrown for a project or stack that cannot be read; the message names the file and the fix. */
export class ProjectError extends Error {
  override readonly name = "ProjectError";

  constructor(
    message: string,
    /** Config keys at fault, by path, for the report's `error.problems`. */
    readonly problems: readonly ProgramProblem[] = [],
  ) {
    super(message);
  }
}

/** Reads `Pulumi.yaml` in `dir`; `stacksDir` overrides its `stackConfigDir`. */
export function readProject(dir: string, stacksDir?: string): Project {
  const root = path.resolve(dir);
  const file = path.join(root, "Pulumi.yaml");
  if (!fs.existsSync(file)) {
    throw new ProjectError(
      `${file}: no Pulumi project here, got a folder without Pulumi.yaml. Pass --project with the folder that holds Pulumi.yaml.`,
    );
  }
  const doc = loadYaml(file);
  const name = doc["name"];
  if (typeof name !== "string" || name === "") {
    throw new ProjectError(
      `${file}: "name" must be a non-empty string, got ${JSON.stringify(name)}. Add "name: <project>".`,
    );
  }
  const configDir = typeof doc["stackConfigDir"] === "string" ? doc["stackConfigDir"] : ".";
  return {
    dir: root,
    name,
    program: typeof doc["main"] === "string" ? path.resolve(root, doc["main"]) : entryOf(root),
    stacksDir: stacksDir !== undefined ? path.resolve(stacksDir) : path.resolve(root, configDir),
    defaults: projectDefaults(name, doc["config"]),
    tsconfig: path.resolve(root, runtimeOption(doc["runtime"], "tsconfig") ?? "tsconfig.json"),
    nodeArgs: (runtimeOption(doc["runtime"], "nodeargs") ?? "")
      .split(/\s+/)
      .filter((a) => a !== ""),
    ...(typeScriptOff(doc["runtime"]) ? { typescript: false as const } : {}),
  };
}

// The language host reads `tsconfig` relative to the project folder (as
// PULUMI_NODEJS_TSCONFIG_PATH) and passes `nodeargs` to node before the program.
// https://www.pulumi.com/docs/iac/concepts/projects/project-file/#runtime-options
function runtimeOption(runtime: unknown, name: "tsconfig" | "nodeargs"): string | undefined {
  const options = isPlainObject(runtime) ? runtime["options"] : undefined;
  const value = isPlainObject(options) ? options[name] : undefined;
  return typeof value === "string" && value !== "" ? value : undefined;
}

// `runtime.options.typescript: false` turns the host's ts-node off (the option is a boolean; the
// host sets PULUMI_NODEJS_TYPESCRIPT only when it is not false).
// https://www.pulumi.com/docs/iac/concepts/projects/project-file/#runtime-options
function typeScriptOff(runtime: unknown): boolean {
  const options = isPlainObject(runtime) ? runtime["options"] : undefined;
  return isPlainObject(options) && options["typescript"] === false;
}

// package.json's entry, as the language host reads it when Pulumi.yaml names no `main`.
function entryOf(root: string): string {
  const file = path.join(root, "package.json");
  if (!fs.existsSync(file)) return root;
  let pkg: Record<string, unknown>;
  let text: string;
  try {
    text = readInputText(file);
  } catch (err) {
    throw new ProjectError((err as Error).message);
  }
  try {
    pkg = JSON.parse(text) as Record<string, unknown>;
  } catch (err) {
    throw new ProjectError(
      `${file}: not valid JSON, got "${(err as Error).message}". Fix the syntax.`,
    );
  }
  const exports = pkg["exports"];
  const dot = isPlainObject(exports) ? exports["."] : undefined;
  const entry =
    typeof exports === "string"
      ? exports
      : typeof dot === "string"
        ? dot
        : isPlainObject(dot)
          ? (dot["default"] ?? dot["require"] ?? dot["import"])
          : exports === undefined
            ? pkg["main"]
            : undefined;
  if (typeof entry !== "string") return root;
  const resolved = path.resolve(root, entry);
  return fs.existsSync(resolved) ? resolved : root;
}

/**
 * Names of the stacks that have a `Pulumi.<stack>.yaml` in the project's stacks folder, sorted.
 * Refuses a folder that is not one, a stack name Pulumi would refuse, and a stack with both a
 * `.yaml` and a `.yml` file (which one Pulumi reads is not obvious, so neither is guessed).
 */
export function listStacks(project: Project): string[] {
  const dir = project.stacksDir;
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(dir);
  } catch {
    stat = undefined;
  }
  if (stat === undefined) {
    throw new ProjectError(
      `${dir}: stacks folder not found. Create it or pass --stacks-dir with the folder holding Pulumi.<stack>.yaml.`,
    );
  }
  if (!stat.isDirectory()) {
    throw new ProjectError(
      `${dir}: the stacks folder must be a folder, got a file. Pass --stacks-dir with the folder holding Pulumi.<stack>.yaml.`,
    );
  }
  let files: string[];
  try {
    files = fs.readdirSync(dir);
  } catch (err) {
    throw new ProjectError(
      `${dir}: cannot list the stacks folder, got ${errno(err)}. Make it readable by the user running the check.`,
    );
  }
  const found = new Map<string, string[]>();
  const problems: string[] = [];
  for (const file of files.sort()) {
    const name = /^Pulumi\.(.+)\.ya?ml$/s.exec(file)?.[1];
    if (name === undefined) continue;
    if (!STACK_NAME.test(name)) {
      problems.push(
        `${path.join(dir, file)}: stack name must use only letters, digits, "-", "_" and "." (at most 100, not only periods), got ${JSON.stringify(name)}. Rename the file as Pulumi would name the stack.`,
      );
      continue;
    }
    found.set(name, [...(found.get(name) ?? []), file]);
  }
  for (const [name, both] of found) {
    if (both.length > 1) {
      problems.push(
        `${dir}: stack "${name}" has two config files, got ${both.join(" and ")}. Keep one of them.`,
      );
    }
  }
  if (problems.length > 0) throw new ProjectError(problems.join("\n"));
  return [...found.keys()].sort();
}

/** Reads `Pulumi.<stack>.yaml` and merges the project's defaults under it. */
export function readStackConfig(project: Project, stack: string): StackConfig {
  const file = stackFile(project, stack);
  const doc = loadYaml(file);
  const raw = doc["config"] ?? {};
  if (!isPlainObject(raw)) {
    throw new ProjectError(
      `${file}: "config" must be a map of keys to values, got ${JSON.stringify(raw)}. Write "config:" followed by "<namespace>:<key>: <value>" lines.`,
    );
  }
  const reserved = Object.keys(raw).filter((key) => key.split(":").includes("__proto__"));
  if (reserved.length > 0) {
    throw new ProjectError(
      `${file}: ${reserved.map((k) => `"config.${k}"`).join(", ")} ${reserved.length === 1 ? "is not a known config key" : "are not known config keys"}, got ${reserved.map((k) => JSON.stringify(k)).join(", ")}. Remove ${reserved.length === 1 ? "it" : "them"}: "__proto__" names no namespace or key.`,
      reserved.map((key) => ({
        path: key,
        message: `is not a known config key, got ${JSON.stringify(key)}. Remove it: "__proto__" names no namespace or key.`,
      })),
    );
  }
  // Maps, not objects, until the end: a key such as "constructor:x" is data, never a property
  // lookup that could reach Object.prototype.
  const entries = new Map<string, unknown>(Object.entries(project.defaults));
  for (const [key, value] of Object.entries(raw)) entries.set(qualify(project.name, key), value);
  const config = new Map<string, string>();
  const values = new Map<string, unknown>();
  const secretKeys: string[] = [];
  const providers = new Map<string, Map<string, unknown>>();
  for (const [key, value] of entries) {
    const { plain, secret } = revealPlaceholders(value);
    config.set(key, typeof plain === "string" ? plain : JSON.stringify(plain));
    values.set(key, plain);
    if (secret) secretKeys.push(key);
    const [ns, ...rest] = key.split(":");
    if (ns !== project.name && rest.length > 0) {
      const bag = providers.get(ns) ?? new Map<string, unknown>();
      bag.set(rest.join(":"), secret ? secretValue(plain) : plain);
      providers.set(ns, bag);
    }
  }
  const providerConfig: Record<string, WireObject> = Object.fromEntries(
    [...providers].map(([ns, bag]) => [ns, Object.fromEntries(bag)]),
  );
  return {
    name: stack,
    file,
    config: Object.fromEntries(config),
    secretKeys: secretKeys.sort(),
    providerConfig,
    values: Object.fromEntries(values),
  };
}

/** The path of a stack's config file, whether it ends in `.yaml` or `.yml`. */
export function stackFile(project: Project, stack: string): string {
  const yamlFile = path.join(project.stacksDir, `Pulumi.${stack}.yaml`);
  const ymlFile = path.join(project.stacksDir, `Pulumi.${stack}.yml`);
  if (fs.existsSync(yamlFile)) return yamlFile;
  if (fs.existsSync(ymlFile)) return ymlFile;
  throw new ProjectError(
    `${yamlFile}: stack "${stack}" has no config file, got none in ${project.stacksDir}. Create Pulumi.${stack}.yaml or pick one of the stacks there.`,
  );
}

function loadYaml(file: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = loadYamlFile(file);
  } catch (err) {
    if (err instanceof InputFileError) throw new ProjectError(err.message);
    throw err;
  }
  if (doc === undefined || doc === null) return {};
  if (!isPlainObject(doc)) {
    throw new ProjectError(
      `${file}: must hold a YAML map, got ${JSON.stringify(doc)}. Fix the file.`,
    );
  }
  return doc;
}

// Pulumi.yaml `config:` entries are either a bare value or `{ default | value, type, secret }`.
function projectDefaults(project: string, config: unknown): Record<string, unknown> {
  if (!isPlainObject(config)) return {};
  const out = new Map<string, unknown>();
  for (const [key, spec] of Object.entries(config)) {
    const has = (k: string): boolean => isPlainObject(spec) && Object.hasOwn(spec, k);
    if (isPlainObject(spec) && (has("value") || has("default") || has("type"))) {
      const value = has("value") ? spec["value"] : spec["default"];
      if (value !== undefined) out.set(qualify(project, key), value);
    } else {
      out.set(qualify(project, key), spec);
    }
  }
  return Object.fromEntries(out);
}

function qualify(project: string, key: string): string {
  return key.includes(":") ? key : `${project}:${key}`;
}

// Replaces every `{ secure: ... }` with the placeholder; a key holding one anywhere is secret.
function revealPlaceholders(value: unknown): { plain: unknown; secret: boolean } {
  if (isPlainObject(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === "secure")
      return { plain: SECRET_PLACEHOLDER, secret: true };
    let secret = false;
    // fromEntries defines own properties: a "__proto__" key stays a key the program can reject.
    const plain = Object.fromEntries(
      Object.entries(value).map(([k, v]) => {
        const r = revealPlaceholders(v);
        secret ||= r.secret;
        return [k, r.plain];
      }),
    );
    return { plain, secret };
  }
  if (Array.isArray(value)) {
    const items = value.map(revealPlaceholders);
    return { plain: items.map((i) => i.plain), secret: items.some((i) => i.secret) };
  }
  return { plain: value, secret: false };
}

/** True for a non-null object that is not an array. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
