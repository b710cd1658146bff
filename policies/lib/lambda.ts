/**
 * Resolving what a Lambda reference points at. Triggers, permissions, URLs and provisioned
 * concurrency name a function by name or ARN, optionally qualified by an alias or version.
 * During preview those strings are often unknown, so the resolver first follows the engine's
 * property dependencies (the property's value came from this Alias or Function), and only then
 * parses the value itself (`arn:aws:lambda:<region>:<account>:function:<name>[:<qualifier>]`,
 * `<name>[:<qualifier>]`, or an API Gateway `.../functions/<arn>/invocations` URI).
 */
import type { PolicyResource } from "@pulumi/policy";
import { asString, known, pathOf } from "./resource";
import { dependenciesOf, ofType } from "./stack";
import { AWS } from "./resource-types";

/** A reference to a Lambda function, resolved. */
export interface LambdaTarget {
  /** The function resource. */
  readonly fn: PolicyResource;
  /**
   * The alias name or version invoked; `null` for the unqualified function (`$LATEST`);
   * `undefined` when the qualifier is unknown during preview.
   */
  readonly qualifier: string | null | undefined;
}

const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:([^:/]+)(?::([^:/]+))?$/;

/** Splits a function ARN, a `name:qualifier` or a name into name and qualifier. */
export function parseFunctionRef(ref: string): { name: string; qualifier: string | null } {
  const invocation = /\/functions\/(.+)\/invocations$/.exec(ref);
  const value = invocation ? invocation[1] : ref;
  const arn = LAMBDA_ARN.exec(value);
  if (arn) return { name: arn[1], qualifier: arn[2] ?? null };
  const [name, qualifier] = value.split(":");
  return { name, qualifier: qualifier ?? null };
}

/** Whether the function resource is the one `name` (a name or unqualified ARN) names. */
function isFunctionNamed(fn: PolicyResource, name: string): boolean {
  const own = asString(pathOf(fn.props, "name"));
  const arn = asString(pathOf(fn.props, "arn"));
  return own === name || (arn !== undefined && parseFunctionRef(arn).name === name);
}

/** The function an alias belongs to. */
function functionOfAlias(
  resources: readonly PolicyResource[],
  alias: PolicyResource,
): PolicyResource | undefined {
  const dep = dependenciesOf(alias, "functionName").find((d) => d.type === AWS.lambdaFunction);
  if (dep) return dep;
  const ref = asString(pathOf(alias.props, "functionName"));
  if (ref === undefined) return undefined;
  const { name } = parseFunctionRef(ref);
  return ofType(resources, AWS.lambdaFunction).find((f) => isFunctionNamed(f, name));
}

/**
 * The function and qualifier that property `prop` of `r` refers to. `qualifierProp` names a
 * separate qualifier property (Permission's `qualifier`, ProvisionedConcurrencyConfig's), which
 * overrides a qualifier in the reference itself.
 */
export function lambdaTarget(
  resources: readonly PolicyResource[],
  r: PolicyResource,
  prop: string,
  qualifierProp?: string,
): LambdaTarget | undefined {
  const explicit = qualifierProp === undefined ? null : explicitQualifier(r, qualifierProp);
  const deps = dependenciesOf(r, prop);
  const value = asString(pathOf(r.props, prop));
  const alias = deps.find((d) => d.type === AWS.lambdaAlias);
  if (alias) {
    const fn = functionOfAlias(resources, alias);
    return fn && { fn, qualifier: explicit ?? asString(pathOf(alias.props, "name")) };
  }
  const parsed = value === undefined ? undefined : parseFunctionRef(value);
  const fnDep = deps.find((d) => d.type === AWS.lambdaFunction);
  const fn =
    fnDep ??
    (parsed && ofType(resources, AWS.lambdaFunction).find((f) => isFunctionNamed(f, parsed.name)));
  if (fn === undefined) return undefined;
  if (typeof explicit === "string" || explicit === undefined) return { fn, qualifier: explicit };
  return { fn, qualifier: parsed === undefined ? undefined : parsed.qualifier };
}

/**
 * A separate qualifier property: the alias name or version it came from, its own value, `null`
 * when it is absent, `undefined` when it is unknown.
 */
function explicitQualifier(r: PolicyResource, prop: string): string | null | undefined {
  const deps = dependenciesOf(r, prop);
  const alias = deps.find((d) => d.type === AWS.lambdaAlias);
  if (alias) return asString(pathOf(alias.props, "name"));
  const value = known(() => r.props[prop] as unknown);
  if (typeof value === "string" && value !== "") return value;
  const fn = deps.find((d) => d.type === AWS.lambdaFunction);
  if (fn) return asString(pathOf(fn.props, "version"));
  return value === undefined && prop in r.props ? undefined : null;
}
