/**
 * Checks every policy of the three packs against the house rules: kebab-case names that are
 * unique and match the file, full-sentence descriptions, severity and enforcement level set, a
 * documented default for every config property, listed in the pack's index, at least one spec
 * case without and one with a violation, and no false violation when every input of a resource
 * is unknown during preview.
 */
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import type { PolicyResource } from "@pulumi/policy";
import { unknownCheckingProxy } from "@pulumi/policy";
import { JUDGED_TYPES, PACKS, ROOT as root, policiesOf } from "./all-policies";
import { allUnknownProps, outcomes, resourceArgs } from "./harness";

// The policy specs fill `outcomes`; loading them here runs them before the checks below even
// when this file is run on its own.
for (const pack of PACKS) {
  const dir = path.join(__dirname, pack);
  for (const f of readdirSync(dir)
    .filter((f) => f.endsWith(".spec.ts"))
    .sort()) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(path.join(dir, f));
  }
}

const all = PACKS.flatMap(policiesOf);
const types = JUDGED_TYPES;

describe("every policy of every pack", () => {
  it("finds the policies of all three packs", () => {
    assert.ok(all.length >= 21, `found ${all.length}`);
  });

  it("has unique names", () => {
    const names = all.map((p) => p.name);
    assert.deepEqual(
      names.filter((n, i) => names.indexOf(n) !== i),
      [],
    );
  });

  for (const p of all) {
    describe(`${p.pack}/${p.name}`, () => {
      it("has a kebab-case name equal to its file name", () => {
        assert.match(p.name, /^[a-z][a-z0-9]*(-[a-z0-9]+)+$/);
        assert.equal(p.name, p.file);
      });

      it("is listed in its pack's index", () => {
        const index = readFileSync(path.join(root, "policies", p.pack, "index.ts"), "utf8");
        assert.ok(index.includes(`from "./${p.file}"`), `policies/${p.pack}/index.ts`);
      });

      it("has a one-sentence description that starts with a capital and ends with a period", () => {
        assert.match(p.description, /^[A-Z][^]*[a-z0-9)]\.$/);
        assert.doesNotMatch(p.description.slice(0, -1), /\.\s+[A-Z]/, "more than one sentence");
      });

      it("sets a severity and an enforcement level", () => {
        assert.ok(["low", "medium", "high", "critical"].includes(p.severity ?? ""), p.severity);
        assert.ok(["advisory", "mandatory", "remediate"].includes(p.enforcementLevel ?? ""));
      });

      it("documents a default for every config property", () => {
        for (const [key, schema] of Object.entries(p.configSchema?.properties ?? {})) {
          const s = schema as { default?: unknown; description?: string };
          assert.ok(s.default !== undefined, `${key} has no default`);
          assert.ok((s.description ?? "").length > 0, `${key} has no description`);
        }
      });

      it("has spec cases both without and with a violation", () => {
        assert.deepEqual(outcomes.get(p.name), { passed: true, failed: true });
      });

      it("gives no violation on any resource whose inputs are all unknown during preview", async () => {
        const messages: string[] = [];
        const report = (m: string) => messages.push(m);
        if ("validateResource" in p && p.validateResource) {
          for (const type of types) {
            const args = { ...resourceArgs({ type, props: {} }), props: allUnknownProps() };
            args.props = unknownCheckingProxy(args.props) as Record<string, unknown>;
            for (const v of [p.validateResource].flat()) await v(args, report);
          }
        } else if ("validateStack" in p) {
          const resources = types.map(
            (type, i) =>
              ({
                type,
                name: `r${i}`,
                urn: `urn:pulumi:test::test::${type}::r${i}`,
                props: unknownCheckingProxy(allUnknownProps()),
                opts: {
                  protect: false,
                  ignoreChanges: [],
                  aliases: [],
                  additionalSecretOutputs: [],
                },
                dependencies: [],
                propertyDependencies: {},
                isType: () => false,
                asType: () => undefined,
              }) as unknown as PolicyResource,
          );
          await p.validateStack(
            {
              resources,
              getConfig: <T extends object>() => ({}) as T,
              stackTags: new Map<string, string>(),
              notApplicable: () => undefined as never,
            },
            report,
          );
        }
        assert.deepEqual(messages, []);
      });
    });
  }
});
