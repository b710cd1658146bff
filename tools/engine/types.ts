import type { RunInputs } from "./run-inputs";
/**
 * What the offline engine records about a stack, in the shape the Pulumi engine holds in its
 * snapshot. Property bags stay in Pulumi's wire format (secrets, unknowns and archives as
 * signature objects) so that they reach the policy packs exactly as `pulumi preview` sends them.
 */

/** A property bag in Pulumi's wire format (the JSON form of a `google.protobuf.Struct`). */
export type WireObject = Record<string, unknown>;

/** Custom timeouts in seconds, as the analyzer protocol carries them. */
export interface RecordedTimeouts {
  readonly create: number;
  readonly update: number;
  readonly delete: number;
}

/** The resource options a policy sees (`AnalyzerResourceOptions`). */
export interface RecordedOptions {
  readonly protect: boolean;
  readonly ignoreChanges: string[];
  /** `undefined` when the program did not set it. */
  readonly deleteBeforeReplace?: boolean;
  readonly additionalSecretOutputs: string[];
  /** Alias URNs. */
  readonly aliases: string[];
  readonly customTimeouts: RecordedTimeouts;
  readonly retainOnDelete: boolean;
}

/** One registered resource, providers included. */
export interface RecordedResource {
  readonly urn: string;
  readonly type: string;
  readonly name: string;
  readonly custom: boolean;
  /** Read with `get`/`StackReference` rather than registered: the engine does not analyze it alone. */
  readonly external: boolean;
  /** The mock id of a custom resource; empty for components. */
  readonly id: string;
  /** Parent URN, empty for the root stack resource. */
  readonly parent: string;
  readonly dependencies: string[];
  readonly propertyDependencies: Record<string, string[]>;
  /** Provider reference `<provider urn>::<provider id>`, empty for components. */
  readonly provider: string;
  readonly inputs: WireObject;
  readonly outputs: WireObject;
  readonly options: RecordedOptions;
  /** Where the program declared the resource (`new ...`), as the SDK reports it; absent if it does not. */
  readonly source?: SourcePosition;
}

/** A position in the program's source; `uri` is a `file://` URI. */
export interface SourcePosition {
  readonly uri: string;
  readonly line: number;
  readonly column: number;
}

/** Plain stack outputs as a `StackReference` reads them. */
export interface StackOutputs {
  readonly outputs: Record<string, unknown>;
  readonly secretOutputNames: string[];
}

/** A config problem reported by the program (`{ path, message }`). */
export interface ProgramProblem {
  readonly path: string;
  readonly message: string;
}

/** Why a stack could not be run to completion. */
export interface StackFailure {
  readonly message: string;
  readonly problems: ProgramProblem[];
}

/**
 * Something a check could not do as `pulumi preview` would, worth a line under the stack; never a
 * failure. `kind` is one of `unknown-invoke`, `remote-component`, `unjudged-type`, `late-resource`.
 */
export interface CheckWarning {
  readonly kind: string;
  readonly message: string;
  readonly urn?: string;
}

/** Answers the user gives for invokes and stacks outside the run (`--mocks FILE`). */
export interface UserMocks {
  /** Invoke token to the outputs it returns. */
  readonly invokes: Record<string, Record<string, unknown>>;
  /** `org/project/stack` (or `project/stack`, `stack`) to that stack's outputs. */
  readonly stacks: Record<string, Record<string, unknown>>;
}

/** What the parent sends the child that runs one stack. */
export interface RunRequest {
  readonly projectDir: string;
  readonly program: string;
  /** The tsconfig the program compiles with (see `Project.tsconfig`); default: the folder's own. */
  readonly tsconfig?: string;
  /** Flags Node runs the program with (`runtime.options.nodeargs`). */
  readonly nodeArgs?: readonly string[];
  /** `false` with `runtime.options.typescript: false` (see `Project.typescript`). */
  readonly typescript?: false;
  readonly project: string;
  readonly stack: string;
  readonly config: Record<string, string>;
  readonly secretKeys: string[];
  /** Provider config by package, e.g. `{ aws: { region: "us-east-1" } }`, wire format. */
  readonly providerConfig: Record<string, WireObject>;
  /** Outputs of the stacks this one may reference, by stack name. */
  readonly stackOutputs: Record<string, StackOutputs>;
  /** The user's answers for invokes and outside stacks. */
  readonly mocks: UserMocks;
}

/** Where a stack's program process spent its time, in milliseconds (`tachyon check --verbose`). */
export interface ProgramTimings {
  /** From the process's start to the request: Node, the TypeScript loader, the engine's modules. */
  readonly processMs: number;
  /** Loading the Pulumi SDK's runtime and installing the recording monitor. */
  readonly sdkMs: number;
  /** Requiring the program: its modules, the provider SDKs it imports, its top-level code. */
  readonly loadMs: number;
  /** From the program's return to the last registration answered. */
  readonly registrationMs: number;
  /** The type check of the program's TypeScript files (type-check.ts). */
  readonly typeCheckMs: number;
  /** Whether it ran, came from the cache, or was turned off as Pulumi allows. */
  readonly typeCheck: "checked" | "cached" | "skipped";
}

/** What the child sends back: the recorded stack, a failure, or the name of a stack it needs. */
export type RunResponse =
  | {
      readonly kind: "done";
      readonly resources: RecordedResource[];
      readonly outputs: StackOutputs;
      readonly warnings: CheckWarning[];
      readonly timings?: ProgramTimings;
      /** What the program read, so that a later check can reuse its outputs (outputs-cache.ts). */
      readonly inputs?: RunInputs;
    }
  | { readonly kind: "failed"; readonly failure: StackFailure }
  | {
      readonly kind: "needs";
      readonly stack: string;
      readonly reference: string;
      /** Other stacks the program read before it stopped, which it will need as well. */
      readonly also?: readonly { readonly stack: string; readonly reference: string }[];
    };
