/**
 * Drives policies through @pulumi/policy's validation API the way the analyzer server does:
 * hand-built args (props behind the same unknown-checking proxy), a config as `getConfig` returns
 * it, and a collector for `reportViolation`.
 */
import {
  unknownCheckingProxy,
  type PolicyProviderResource,
  type PolicyResource,
  type ResourceValidationArgs,
  type ResourceValidationPolicy,
  type StackValidationPolicy,
} from "@pulumi/policy";
import { unknownValue } from "@pulumi/pulumi/runtime/rpc";

const ALL_UNKNOWN = Symbol("all inputs unknown");

/**
 * Props in which every input is unknown, as for a resource whose inputs all come from outputs of
 * resources not created yet during `pulumi preview`.
 */
export function allUnknownProps(): Record<string, unknown> {
  return new Proxy(
    {},
    {
      get: (_, key) =>
        key === ALL_UNKNOWN ? true : typeof key === "string" ? unknownValue : undefined,
    },
  );
}

/**
 * What the specs have shown of each policy, by name: a case with no violation (`passed`) and one
 * with a violation (`failed`). The meta-spec requires both for every policy.
 */
export const outcomes = new Map<string, { passed: boolean; failed: boolean }>();

function record(policy: string, messages: readonly string[]): void {
  const o = outcomes.get(policy) ?? { passed: false, failed: false };
  if (messages.length === 0) o.passed = true;
  else o.failed = true;
  outcomes.set(policy, o);
}

/** Deep copy of plain objects and arrays; class instances (assets, archives) are kept as they are. */
function clonePlain<T>(value: T): T {
  if (
    value !== null &&
    typeof value === "object" &&
    (value as Record<symbol, unknown>)[ALL_UNKNOWN]
  ) {
    return value;
  }
  if (Array.isArray(value)) return value.map(clonePlain) as T;
  if (
    value !== null &&
    typeof value === "object" &&
    Object.getPrototypeOf(value) === Object.prototype
  ) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clonePlain(v)])) as T;
  }
  return value;
}

/** A resource as a test describes it. */
export interface FixtureResource {
  type: string;
  name?: string;
  props: Record<string, unknown>;
  provider?: PolicyProviderResource;
  /** Property name -> the fixtures that property's value came from. */
  propertyDependencies?: Record<string, FixtureResource[]>;
}

/** A provider resource with the given config properties. */
export function provider(type: string, props: Record<string, unknown>): PolicyProviderResource {
  return { type, props, urn: `urn:pulumi:test::test::${type}::default`, name: "default" };
}

const urnOf = (r: FixtureResource, i: number) =>
  `urn:pulumi:test::test::${r.type}::${r.name ?? `r${i}`}`;

function throwingNotApplicable(reason?: string): never {
  throw new Error(`not applicable: ${reason ?? ""}`);
}

/** Analyze args for one resource, as the analyzer server builds them. */
export function resourceArgs(
  r: FixtureResource,
  config: Record<string, unknown> = {},
): ResourceValidationArgs {
  const props = unknownCheckingProxy(clonePlain(r.props)) as Record<string, unknown>;
  return {
    type: r.type,
    props,
    urn: urnOf(r, 0),
    name: r.name ?? "r0",
    opts: { protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [] },
    stackTags: new Map<string, string>(),
    provider: r.provider,
    isType: () => false,
    asType: () => undefined,
    getConfig: <T extends object>() => structuredClone(config) as T,
    notApplicable: throwingNotApplicable,
  } as unknown as ResourceValidationArgs;
}

/** Runs a resource policy's validation on one resource; returns the violation messages. */
export async function validate(
  policy: ResourceValidationPolicy,
  r: FixtureResource,
  config: Record<string, unknown> = {},
): Promise<string[]> {
  const messages: string[] = [];
  const validations = [policy.validateResource ?? []].flat();
  for (const v of validations) {
    await v(resourceArgs(r, config), (message) => messages.push(message));
  }
  record(policy.name, messages);
  return messages;
}

/** Runs a stack policy over the fixtures; returns `"<name>: <message>"` for each violation. */
export async function validateStack(
  policy: StackValidationPolicy,
  fixtures: FixtureResource[],
  config: Record<string, unknown> = {},
): Promise<string[]> {
  const byFixture = new Map<FixtureResource, PolicyResource>();
  fixtures.forEach((f, i) => {
    const props = unknownCheckingProxy(clonePlain(f.props)) as Record<string, unknown>;
    byFixture.set(f, {
      type: f.type,
      name: f.name ?? `r${i}`,
      urn: urnOf(f, i),
      props,
      provider: f.provider,
      opts: { protect: false, ignoreChanges: [], aliases: [], additionalSecretOutputs: [] },
      dependencies: [],
      propertyDependencies: {},
      isType: () => false,
      asType: () => undefined,
    } as unknown as PolicyResource);
  });
  for (const [f, r] of byFixture) {
    for (const [k, deps] of Object.entries(f.propertyDependencies ?? {})) {
      const resolved = deps.map((d) => byFixture.get(d)).filter((d) => d !== undefined);
      r.propertyDependencies[k] = resolved;
      r.dependencies.push(...resolved);
    }
  }
  const messages: string[] = [];
  await policy.validateStack(
    {
      resources: [...byFixture.values()],
      getConfig: <T extends object>() => structuredClone(config) as T,
      stackTags: new Map<string, string>(),
      notApplicable: throwingNotApplicable,
    },
    (message, urn) => {
      const name = urn ? (urn.split("::").pop() ?? urn) : "stack";
      messages.push(`${name}: ${message}`);
    },
  );
  record(policy.name, messages);
  return messages;
}

/** A copy of `base` with one property (a dotted path) set to `value`, or removed if `undefined`. */
export function withProp(base: FixtureResource, path: string, value: unknown): FixtureResource {
  // Only the props are copied: dependencies keep pointing at the same fixtures.
  const copy = { ...base, props: clonePlain(base.props) };
  const keys = path.split(".");
  let target = copy.props;
  for (const k of keys.slice(0, -1)) {
    target[k] ??= {};
    target = target[k] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1];
  if (value === undefined) delete target[last];
  else target[last] = value;
  return copy;
}
