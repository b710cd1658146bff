import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { judgedTypes as baseline } from "../../policies/baseline/judged-types";
import { judgedTypes as latency } from "../../policies/latency/judged-types";
import { judgedTypes as residency } from "../../policies/residency/judged-types";
import * as tokens from "../../policies/lib/resource-types";

const POLICIES = path.join(__dirname, "..", "..", "policies");
const NOT_POLICY_CODE = new Set(["judged-types.ts", "resource-types.ts"]);

/**
 * The type tokens named (`AWS.x`, `AZURE.x`, `AZURE_OTHER.x`, `GCP.x`, `COSMOS_ACCOUNTS`) in a
 * pack's policy files and every policies/ file they import, providers left out.
 */
function namedTypes(pack: string): string[] {
  const tables = tokens as unknown as Record<string, Record<string, string>>;
  const seen = new Set<string>();
  const named = new Set<string>();
  const dir = path.join(POLICIES, pack);
  const todo = fs.readdirSync(dir).map((f) => path.join(dir, f));
  for (let file = todo.pop(); file !== undefined; file = todo.pop()) {
    if (!file.endsWith(".ts") || seen.has(file) || NOT_POLICY_CODE.has(path.basename(file)))
      continue;
    seen.add(file);
    const source = fs.readFileSync(file, "utf8");
    for (const m of source.matchAll(/\b(AWS|AZURE_OTHER|AZURE|GCP)\.(\w+)/g))
      named.add(tables[m[1]][m[2]]);
    if (source.includes("COSMOS_ACCOUNTS")) tokens.COSMOS_ACCOUNTS.forEach((t) => named.add(t));
    for (const m of source.matchAll(/from "(\.[^"]+)"/g)) {
      const imported = path.resolve(path.dirname(file), `${m[1]}.ts`);
      if (imported.startsWith(POLICIES)) todo.push(imported);
    }
  }
  return [...named].filter((t) => !t.startsWith("pulumi:providers:")).sort();
}

describe("judged-types of each pack", () => {
  for (const [pack, stated] of Object.entries({ baseline, latency, residency })) {
    it(`${pack} states exactly the types its policies name`, () => {
      assert.deepEqual([...stated.types].sort(), namedTypes(pack));
    });
  }

  it("only residency judges any resource by a tag", () => {
    assert.deepEqual(
      [baseline.taggedWith, latency.taggedWith, residency.taggedWith],
      [[], [], ["data-class"]],
    );
  });
});
