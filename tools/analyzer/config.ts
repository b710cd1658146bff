/**
 * Policy pack config, in the format of `pulumi preview --policy-pack-config`:
 * `{ "<policy>": "<level>" | { "enforcementLevel"?: "<level>", ...properties }, "all": "<level>" }`.
 * As the CLI does, each policy starts from its own level and its schema's defaults, "all" sets
 * every level, the policy's own entry wins, and the result is validated against the policy's
 * config schema before the pack is configured.
 */
import Ajv from "ajv";
import { InputFileError, readInputText } from "../engine/input-file";
import type { EnforcementLevel, PolicyDescription } from "./pack";

/** A parsed `--policy-pack-config` file. */
export interface PolicyConfigFile {
  readonly file: string;
  readonly entries: Record<string, unknown>;
}

/** One policy's reconciled config, as `Configure` sends it. */
export interface PolicySettings {
  readonly level: EnforcementLevel;
  readonly properties: Record<string, unknown>;
}

/** A config file that cannot be read or does not fit the policies' schemas. */
export class PolicyConfigError extends Error {
  override readonly name = "PolicyConfigError";
}

const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/** Reads and parses config files; throws {@link PolicyConfigError} naming the file. */
export function readPolicyConfigFiles(files: readonly string[]): PolicyConfigFile[] {
  return files.map((file) => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readInputText(file));
    } catch (err) {
      if (err instanceof InputFileError) throw new PolicyConfigError(err.message);
      const reason = (err as Error).message.split("\n")[0];
      throw new PolicyConfigError(
        `${file}: cannot read policy config, got "${reason}". Pass a readable JSON file.`,
      );
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
      throw new PolicyConfigError(
        `${file}: policy config must be a JSON object keyed by policy name, got ${JSON.stringify(parsed)}. Write { "<policy>": "mandatory" }.`,
      );
    }
    const reserved = protoPaths(parsed, "");
    if (reserved.length > 0) {
      throw new PolicyConfigError(
        `${file}: ${reserved.map((p) => `"${p}"`).join(", ")} is not a known config key, got "__proto__". Remove it: "__proto__" names no policy or property.`,
      );
    }
    return { file, entries: parsed as Record<string, unknown> };
  });
}

// JSON.parse keeps "__proto__" as an own key; passed on, it would reach the pack as a property
// name that a plain assignment turns into a prototype write.
function protoPaths(value: unknown, at: string): string[] {
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => {
    const here = at === "" ? k : `${at}.${k}`;
    return [...(k === "__proto__" ? [here] : []), ...protoPaths(v, here)];
  });
}

/** The config keys of the files that name no policy of the given packs ("all" excepted). */
export function unknownPolicyKeys(
  files: readonly PolicyConfigFile[],
  policies: readonly PolicyDescription[],
): { file: string; key: string }[] {
  const names = new Set(policies.map((p) => p.name));
  return files.flatMap((f) =>
    Object.keys(f.entries)
      .filter((k) => k !== "all" && !names.has(k))
      .map((key) => ({ file: f.file, key })),
  );
}

/**
 * Reconciles and validates the config of one pack; throws {@link PolicyConfigError}. `known` holds
 * values the check supplies to every policy whose schema has that property (`programDir`).
 */
export function reconcilePolicyConfig(
  pack: string,
  policies: readonly PolicyDescription[],
  files: readonly PolicyConfigFile[],
  known: Record<string, unknown> = {},
): Map<string, PolicySettings> {
  const problems: string[] = [];
  const levels = new Map<string, EnforcementLevel>(
    policies.map((p) => [p.name, p.enforcementLevel]),
  );
  // What the check itself knows (the program's folder) fills the properties a schema declares;
  // the files may still set them.
  const props = new Map<string, Record<string, unknown>>(
    policies.map((p) => [
      p.name,
      Object.fromEntries(Object.entries(known).filter(([k]) => k in (p.configProperties ?? {}))),
    ]),
  );
  const sources = new Map<string, string>();
  for (const { file, entries } of files) {
    // Own keys only: a policy named like an Object.prototype member must be in the file itself.
    if (Object.hasOwn(entries, "all")) {
      const level = levelOf(entries["all"], file, "all", problems);
      if (level !== undefined) for (const p of policies) levels.set(p.name, level);
    }
    for (const p of policies) {
      if (!Object.hasOwn(entries, p.name)) continue;
      sources.set(p.name, file);
      const entry = entries[p.name];
      const level = levelOf(entry, file, p.name, problems);
      if (level !== undefined) levels.set(p.name, level);
      if (typeof entry === "object" && entry !== null && !Array.isArray(entry)) {
        const { enforcementLevel: _level, ...rest } = entry as Record<string, unknown>;
        props.set(p.name, { ...props.get(p.name), ...rest });
      }
    }
  }
  const ajv = new Ajv({ useDefaults: true, allErrors: true, strict: false });
  for (const p of policies) {
    if (p.configProperties === undefined) continue;
    const validate = ajv.compile({
      type: "object",
      properties: p.configProperties,
      required: p.configRequired,
    });
    const value = props.get(p.name) as Record<string, unknown>;
    if (validate(value)) continue;
    const file = sources.get(p.name) ?? "(no config file)";
    for (const e of validate.errors ?? []) {
      const missing = (e.params as { missingProperty?: string }).missingProperty;
      const prop = missing ?? e.instancePath.replace(/^\//, "").replace(/\//g, ".");
      const got = missing !== undefined ? "nothing" : JSON.stringify(lookup(value, e.instancePath));
      problems.push(
        `${file}: "${p.name}.${prop}" ${e.message ?? "is invalid"}, got ${got}. Set "${prop}" in the "${p.name}" entry to fit the policy's config schema (pack ${pack}).`,
      );
    }
  }
  if (problems.length > 0) throw new PolicyConfigError(problems.join("\n"));
  return new Map(
    policies.map((p) => [
      p.name,
      {
        level: levels.get(p.name) as EnforcementLevel,
        properties: props.get(p.name) as Record<string, unknown>,
      },
    ]),
  );
}

function levelOf(
  entry: unknown,
  file: string,
  key: string,
  problems: string[],
): EnforcementLevel | undefined {
  const raw =
    typeof entry === "string"
      ? entry
      : typeof entry === "object" && entry !== null
        ? (entry as Record<string, unknown>)["enforcementLevel"]
        : entry;
  if (raw === undefined && typeof entry === "object") return undefined;
  if (LEVELS.includes(raw as EnforcementLevel)) return raw as EnforcementLevel;
  problems.push(
    `${file}: "${key}" enforcement level must be one of ${LEVELS.join(", ")}, got ${JSON.stringify(raw)}. Use one of those levels.`,
  );
  return undefined;
}

function lookup(value: unknown, pointer: string): unknown {
  let current = value;
  for (const part of pointer.split("/").slice(1))
    current = (current as Record<string, unknown> | undefined)?.[part];
  return current;
}
