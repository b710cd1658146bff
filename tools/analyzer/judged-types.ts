/**
 * The `unjudged-type` warning: resource types of a stack that no policy of the selected packs
 * looked at. A pack states what it judges in a `judged-types` module next to its
 * PulumiPolicy.yaml (`export const judgedTypes = { types, taggedWith }`, see
 * policies/lib/judged-types.ts); a pack without one may judge anything, so no warning is given.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { JudgedTypes } from "../../policies/lib/judged-types";
import { cloudOfType, tagsOf } from "../../policies/lib/resource";
import type { CheckWarning, RecordedResource } from "../engine/types";
import { compare } from "../report/order";

/** The module a pack states its judged types in, without extension. */
export const JUDGED_TYPES_MODULE = "judged-types";

/**
 * What the packs in `packDirs` judge together, or `undefined` when some pack does not say.
 * Rejects a module of the wrong shape with the fix.
 */
export function readJudgedTypes(packDirs: readonly string[]): JudgedTypes | undefined {
  const types: string[] = [];
  const taggedWith: string[] = [];
  for (const dir of packDirs) {
    const file = [".ts", ".js"]
      .map((ext) => path.resolve(dir, JUDGED_TYPES_MODULE + ext))
      .find((f) => fs.existsSync(f));
    if (file === undefined) return undefined;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a pack's own module, by path
    const stated = (require(file) as { judgedTypes?: Partial<JudgedTypes> }).judgedTypes;
    if (!isStringArray(stated?.types) || !isStringArray(stated?.taggedWith)) {
      throw new Error(
        `${file}: "judgedTypes" must be { types: string[], taggedWith: string[] }, got ${JSON.stringify(stated)}. Export the type tokens the pack's policies judge.`,
      );
    }
    types.push(...stated.types);
    taggedWith.push(...stated.taggedWith);
  }
  return { types: [...new Set(types)], taggedWith: [...new Set(taggedWith)] };
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === "string");
}

/** Whether a resource needs a policy's judgement: a custom resource the program registered. */
function needsJudgement(r: RecordedResource): boolean {
  return r.custom && !r.external && !r.type.startsWith("pulumi:");
}

/**
 * The stack's resource types no policy looked at, with how many resources of each, by token.
 * A resource carrying one of the `taggedWith` keys (its own tags, or its provider's defaults) is
 * looked at whatever its type.
 */
export function unjudgedTypes(
  resources: readonly RecordedResource[],
  judged: JudgedTypes,
): Map<string, number> {
  const known = new Set(judged.types);
  const providers = new Map(resources.map((r) => [r.urn, r]));
  const unjudged = new Map<string, number>();
  for (const r of resources) {
    if (!needsJudgement(r) || known.has(r.type)) continue;
    if (judged.taggedWith.length > 0 && cloudOfType(r.type) !== undefined) {
      const p = providers.get(r.provider.split("::").slice(0, -1).join("::"));
      const provider = p && { type: p.type, name: p.name, urn: p.urn, props: p.inputs };
      const tags = tagsOf({ type: r.type, props: r.inputs, provider });
      if (judged.taggedWith.some((k) => k in tags)) continue;
    }
    unjudged.set(r.type, (unjudged.get(r.type) ?? 0) + 1);
  }
  return new Map([...unjudged].sort(([a], [b]) => compare(a, b)));
}

/** One warning listing the stack's unjudged types, or none when every type was looked at. */
export function unjudgedTypeWarnings(
  resources: readonly RecordedResource[],
  judged: JudgedTypes | undefined,
): CheckWarning[] {
  if (judged === undefined) return [];
  const types = unjudgedTypes(resources, judged);
  if (types.size === 0) return [];
  const list = [...types].map(([t, n]) => `${t} (${n} resource${n === 1 ? "" : "s"})`).join(", ");
  return [
    {
      kind: "unjudged-type",
      message: `No policy of the selected packs judges ${types.size} resource type${types.size === 1 ? "" : "s"} of this stack: ${list}.`,
    },
  ];
}
