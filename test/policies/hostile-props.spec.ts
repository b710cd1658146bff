/**
 * A policy runs on whatever any program registers, and `pulumi preview --policy-pack` (like
 * `tachyon check`) fails with the policy's stack trace when one throws. So every policy of every
 * pack must survive inputs of the wrong shape on every resource type it judges: each property a
 * number, a string, a boolean, null, an array of mixed junk or an object of junk, at any depth.
 * It may report a violation; it may not throw.
 */
import assert from "node:assert/strict";
import type { PolicyResource } from "@pulumi/policy";
import { unknownCheckingProxy } from "@pulumi/policy";
import { JUDGED_TYPES, PACKS, policiesOf } from "./all-policies";
import { resourceArgs } from "./harness";

type Kind = "number" | "string" | "boolean" | "null" | "array" | "object";
const KINDS: readonly Kind[] = ["number", "string", "boolean", "null", "array", "object"];
const DEPTH = 4;

/** Props in which every property, at every depth, is a value of `kind`. */
function hostile(kind: Kind, depth = 0): unknown {
  switch (kind) {
    case "number":
      return -1.5;
    case "string":
      return "{not json";
    case "boolean":
      return true;
    case "null":
      return null;
    case "array":
      return depth >= DEPTH ? [] : [hostile("object", depth + 1), 7, "x", null, [true]];
    case "object":
      if (depth >= DEPTH) return {};
      return new Proxy(
        {},
        {
          get: (_, key) => (typeof key === "string" ? hostile(kindFor(key), depth + 1) : undefined),
          has: (_, key) => typeof key === "string",
          ownKeys: () => ["a", "b"],
          getOwnPropertyDescriptor: (_, key) =>
            typeof key === "string"
              ? { value: hostile(kindFor(key), depth + 1), enumerable: true, configurable: true }
              : undefined,
        },
      );
  }
}

// Nested properties cycle through the kinds by name, so that one run mixes shapes.
function kindFor(key: string): Kind {
  let h = 0;
  for (const c of key) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return KINDS[h % KINDS.length];
}

function propsOf(kind: Kind): Record<string, unknown> {
  return new Proxy(
    {},
    {
      get: (_, key) => (typeof key === "string" ? hostile(kind, 1) : undefined),
      has: (_, key) => typeof key === "string",
      ownKeys: () => ["tags", "name"],
      getOwnPropertyDescriptor: (_, key) =>
        typeof key === "string"
          ? { value: hostile(kind, 1), enumerable: true, configurable: true }
          : undefined,
    },
  );
}

const all = PACKS.flatMap(policiesOf);

/** The errors a resource validation throws on each kind of props. */
async function throwsOn(
  validate: (args: { props: Record<string, unknown> }) => unknown,
): Promise<Kind[]> {
  const thrown: Kind[] = [];
  for (const kind of KINDS) {
    try {
      await validate({ props: unknownCheckingProxy(propsOf(kind)) as Record<string, unknown> });
    } catch {
      thrown.push(kind);
    }
  }
  return thrown;
}

describe("every policy on inputs of the wrong shape", () => {
  it("catches the usual unguarded reads (the harness can fail)", async () => {
    // A tag read as a string, a list mapped, a nested object read: what a careless policy does.
    assert.deepEqual(
      await throwsOn(({ props }) => (props.tags as Record<string, string>).env.toLowerCase()),
      ["number", "string", "boolean", "null", "array", "object"],
    );
    assert.deepEqual(
      await throwsOn(({ props }) => (props.replicas as { region: string }[]).map((r) => r.region)),
      ["number", "string", "boolean", "null", "array", "object"],
    );
    // Guarded reads survive every shape.
    assert.deepEqual(
      await throwsOn(({ props }) =>
        Array.isArray(props.replicas)
          ? (props.replicas as unknown[]).filter((r) => typeof r === "object")
          : [],
      ),
      [],
    );
  });

  for (const p of all) {
    it(`${p.pack}/${p.name} reports or passes, and never throws`, async () => {
      const failures: string[] = [];
      for (const kind of KINDS) {
        if ("validateResource" in p && p.validateResource) {
          for (const type of JUDGED_TYPES) {
            const args = { ...resourceArgs({ type, props: {} }), props: propsOf(kind) };
            args.props = unknownCheckingProxy(args.props) as Record<string, unknown>;
            for (const v of [p.validateResource].flat()) {
              try {
                await v(args, () => undefined);
              } catch (err) {
                failures.push(`${type} with ${kind} props: ${(err as Error).message}`);
              }
            }
          }
        } else if ("validateStack" in p) {
          const resources = JUDGED_TYPES.map(
            (type, i) =>
              ({
                type,
                name: `r${i}`,
                urn: `urn:pulumi:test::test::${type}::r${i}`,
                props: unknownCheckingProxy(propsOf(kind)),
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
          try {
            await p.validateStack(
              {
                resources,
                getConfig: <T extends object>() => ({}) as T,
                stackTags: new Map<string, string>(),
                notApplicable: () => undefined as never,
              },
              () => undefined,
            );
          } catch (err) {
            failures.push(`stack of ${kind} props: ${(err as Error).message}`);
          }
        }
      }
      assert.deepEqual(failures.slice(0, 10), []);
    });
  }
});
