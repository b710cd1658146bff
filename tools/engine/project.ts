/**
 * Reads a Pulumi project the way the Pulumi CLI does: `Pulumi.yaml` for the name, the program's
 * main file and the stack config folder, and `Pulumi.<stack>.yaml` for each stack's config.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { secretValue } from "./wire";
import type { WireObject } from "./types";

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

/** Thrown for a project or stack that cannot be read; the message names the file and the fix. */
export class ProjectError extends Error {
  override readonly name = "ProjectError";
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
  };
}

// package.json's entry, as the language host reads it when Pulumi.yaml names no `main`.
function entryOf(root: string): string {
  const file = path.join(root, "package.json");
  if (!fs.existsSync(file)) return root;
  let pkg: Record<string, unknown>;
  try {
    pkg = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, unknown>;
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

/** Names of the stacks that have a `Pulumi.<stack>.yaml` in the project's stacks folder, sorted. */
export function listStacks(project: Project): string[] {
  if (!fs.existsSync(project.stacksDir)) {
    throw new ProjectError(
      `${project.stacksDir}: stacks folder not found. Create it or pass --stacks-dir with the folder holding Pulumi.<stack>.yaml.`,
    );
  }
  return fs
    .readdirSync(project.stacksDir)
    .map((f) => /^Pulumi\.(.+)\.ya?ml$/.exec(f)?.[1])
    .filter((s): s is string => s !== undefined)
    .sort();
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
  const entries: Record<string, unknown> = { ...project.defaults };
  for (const [key, value] of Object.entries(raw)) {
    entries[qualify(project.name, key)] = value;
  }
  const config: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const secretKeys: string[] = [];
  const providerConfig: Record<string, WireObject> = {};
  for (const [key, value] of Object.entries(entries)) {
    const { plain, secret } = revealPlaceholders(value);
    config[key] = typeof plain === "string" ? plain : JSON.stringify(plain);
    values[key] = plain;
    if (secret) secretKeys.push(key);
    const [ns, ...rest] = key.split(":");
    if (ns !== project.name && rest.length > 0) {
      providerConfig[ns] ??= {};
      providerConfig[ns][rest.join(":")] = secret ? secretValue(plain) : plain;
    }
  }
  return { name: stack, file, config, secretKeys: secretKeys.sort(), providerConfig, values };
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
    doc = yaml.load(fs.readFileSync(file, "utf8"));
  } catch (err) {
    const reason = err instanceof Error ? err.message.split("\n")[0] : String(err);
    throw new ProjectError(`${file}: not valid YAML, got "${reason}". Fix the syntax.`);
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
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(config)) {
    if (isPlainObject(spec) && ("value" in spec || "default" in spec || "type" in spec)) {
      const value = "value" in spec ? spec["value"] : spec["default"];
      if (value !== undefined) out[qualify(project, key)] = value;
    } else {
      out[qualify(project, key)] = spec;
    }
  }
  return out;
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
    const plain: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = revealPlaceholders(v);
      plain[k] = r.plain;
      secret ||= r.secret;
    }
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
