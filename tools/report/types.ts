/**
 * The result of `tachyon check`, the one structure every reporter renders. The JSON reporter
 * writes the contract subset of it (DESIGN.md §6); the others may show more.
 */

/** A policy violation, as `pulumi preview --policy-pack` reports it. */
export interface Violation {
  readonly pack: string;
  readonly policy: string;
  /** Remediation policies that still fail count as mandatory, as in the CLI. */
  readonly level: "mandatory" | "advisory";
  /** low | medium | high | critical | unspecified */
  readonly severity: string;
  readonly urn: string;
  readonly message: string;
}

/** A change a remediation policy made to a resource before it was analyzed. */
export interface Remediation {
  readonly pack: string;
  readonly policy: string;
  readonly urn: string;
}

/** Why a stack has no verdict: a failing program, or config problems. */
export interface StackError {
  readonly message: string;
  readonly problems: { readonly path: string; readonly message: string }[];
}

/** Something the check could not do as a preview would; never changes the exit code. */
export interface Warning {
  /** `unknown-invoke`, `remote-component`, `unjudged-type`, ... */
  readonly kind: string;
  readonly message: string;
  readonly urn?: string;
}

/** One stack's verdict. */
export interface StackReport {
  readonly name: string;
  /** The stack's config file, for locations in SARIF and JUnit. */
  readonly file: string;
  /** Resources the policies saw (providers excluded, as the engine excludes them). */
  readonly resources: number;
  readonly resourcesByType: Record<string, number>;
  readonly error: StackError | null;
  readonly violations: Violation[];
  readonly remediations: Remediation[];
  readonly warnings: Warning[];
  /** Program run time in milliseconds. */
  readonly ms: number;
  /** Where the program declared each violating resource, by URN, when the SDK said so. */
  readonly sources?: Readonly<Record<string, SourcePosition>>;
}

/** A position in a program's source; `uri` is a `file://` URI. */
export interface SourcePosition {
  readonly uri: string;
  readonly line: number;
  readonly column: number;
}

/** A policy as the report lists it. */
export interface PolicyReport {
  readonly name: string;
  readonly description: string;
  readonly enforcementLevel: string;
  readonly severity: string;
}

/** A policy pack that took part. */
export interface PackReport {
  readonly name: string;
  readonly version: string;
  readonly dir: string;
  readonly policies: PolicyReport[];
}

/** Totals over all stacks. */
export interface Summary {
  readonly stacks: number;
  readonly resources: number;
  readonly mandatory: number;
  readonly advisory: number;
  readonly warnings: number;
}

/** Everything `tachyon check` found. */
export interface CheckReport {
  readonly project: string;
  /** The checked project's folder: reports name files relative to it, as code scanning expects. */
  readonly dir?: string;
  readonly stacks: StackReport[];
  readonly packs: PackReport[];
  readonly summary: Summary;
  /** Wall time of the whole check in milliseconds. */
  readonly ms: number;
}

/** Totals of a list of stack reports. */
export function summarize(stacks: readonly StackReport[]): Summary {
  const all = stacks.flatMap((s) => s.violations);
  return {
    stacks: stacks.length,
    resources: stacks.reduce((n, s) => n + s.resources, 0),
    mandatory: all.filter((v) => v.level === "mandatory").length,
    advisory: all.filter((v) => v.level === "advisory").length,
    warnings: stacks.reduce((n, s) => n + s.warnings.length, 0),
  };
}
