/**
 * The resource monitor of the offline engine. It stands where the Pulumi engine's monitor stands:
 * it receives every RegisterResourceRequest (with parent, dependencies, property dependencies,
 * provider and options, which Pulumi's `Mocks` interface never sees), names resources the way the
 * engine does, adds provider-computed outputs, creates default providers from the stack's
 * provider config, and records everything for the policy packs.
 */
import { fileURLToPath } from "node:url";
import { computeOutputs, OFFLINE_IDENTITY, stableUuid, type Placement } from "./computed";
import { answerInvoke, knownInvokes } from "./invokes";
import { durationSeconds, mockedStack, withDetails } from "./monitor-helpers";
import { secretValue, toPlain } from "./wire";
import type {
  AliasSpec,
  Callback,
  InvokeRequest,
  PositionMapper,
  ReadRequest,
  RegisterRequest,
  ResourceProto,
  StructLike,
  StructStatic,
} from "./monitor-types";
import type {
  CheckWarning,
  RecordedOptions,
  RecordedResource,
  RunRequest,
  SourcePosition,
  StackOutputs,
  WireObject,
} from "./types";

/** Raised when a program reads a StackReference whose stack has not run yet in this check. */
export class MissingStackError extends Error {
  override readonly name = "MissingStackError";
  /** The SDK reports a failed monitor call by its gRPC-style `details`. */
  readonly details: string;
  constructor(
    readonly stack: string,
    readonly reference: string,
  ) {
    super(`StackReference "${reference}" needs the outputs of stack "${stack}".`);
    this.details = this.message;
  }
}

const ROOT_STACK_TYPE = "pulumi:pulumi:Stack";
const KNOWN_INVOKES = new Set(knownInvokes());
const DEFAULT_REGION: Record<string, string> = {
  aws: "us-east-1",
  "azure-native": "westeurope",
  gcp: "us-central1",
};

/** Records registrations and answers them with computed outputs; see the module comment. */
export class RecordingMonitor {
  /** Every resource in registration order. */
  readonly records: RecordedResource[] = [];
  /** Outputs by URN, for the SDK's `pulumi:pulumi:getResource` invoke. */
  readonly resources = new Map<string, { urn: string; id: string | null; state: WireObject }>();
  private readonly byUrn = new Map<string, RecordedResource>();
  private readonly defaultProviders = new Map<string, string>();
  /** The first StackReference that could not be answered; the run stops on it. */
  missing: MissingStackError | undefined;
  /**
   * Every StackReference that could not be answered before the run stopped (the first one
   * included), so that the stack runs again once, after all of them, rather than once per stack.
   */
  readonly missingStacks: { readonly stack: string; readonly reference: string }[] = [];
  /** What the run could not do as a preview would (unanswered invokes, remote components). */
  readonly warnings: CheckWarning[] = [];
  /** Tokens of the invokes answered with unknown outputs, in call order. */
  readonly unknownInvokes: string[] = [];

  constructor(
    private readonly request: RunRequest,
    private readonly struct: StructStatic,
    private readonly proto: ResourceProto,
    /** Maps the SDK's source positions back to TypeScript lines. @default unchanged */
    private readonly mapPosition?: PositionMapper,
  ) {}

  /** The URN the engine gives a resource: the parent's type chain, except the root stack's. */
  urn(parent: string, type: string, name: string): string {
    let qualified = type;
    if (parent !== "") {
      const parentType = parent.split("::")[2] ?? "";
      if (parentType !== ROOT_STACK_TYPE) qualified = `${parentType}$${type}`;
    }
    return `urn:pulumi:${this.request.stack}::${this.request.project}::${qualified}::${name}`;
  }

  registerResource(req: RegisterRequest, callback: Callback): void {
    try {
      const type = req.getType();
      const name = req.getName();
      const parent = req.getParent();
      const custom = req.getCustom();
      const urn = this.urn(parent, type, name);
      const inputs = req.getObject()?.toJavaScript() ?? {};
      if (!custom && req.getRemote?.() === true) {
        this.warnings.push({
          kind: "remote-component",
          message: `Component ${type} "${name}" is a remote (multi-language) component: its provider plugin creates its children, which an offline run cannot start, so they are not checked. Run "pulumi preview --policy-pack" to judge them.`,
          urn,
        });
      }
      const provider =
        custom && !type.startsWith("pulumi:providers:")
          ? this.providerFor(type, req.getProvider(), req.getVersion())
          : "";
      const { id, outputs } = this.outputsFor(
        urn,
        type,
        name,
        custom,
        inputs,
        provider,
        req.getAdditionalsecretoutputsList(),
      );
      const propertyDependencies: Record<string, string[]> = {};
      req.getPropertydependenciesMap().forEach((v, k) => {
        propertyDependencies[k] = v.getUrnsList();
      });
      const timeouts = req.getCustomtimeouts();
      const options: RecordedOptions = {
        protect: req.getProtect() === true,
        ignoreChanges: req.getIgnorechangesList(),
        ...(req.getDeletebeforereplacedefined()
          ? { deleteBeforeReplace: req.getDeletebeforereplace() }
          : {}),
        additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
        aliases: [
          ...new Set([
            ...req.getAliasurnsList(),
            ...req.getAliasesList().map((a) => this.aliasUrn(a, type, name, parent)),
          ]),
        ],
        customTimeouts: {
          create: durationSeconds(timeouts?.getCreate()),
          update: durationSeconds(timeouts?.getUpdate()),
          delete: durationSeconds(timeouts?.getDelete()),
        },
        retainOnDelete: req.getRetainondelete() === true,
      };
      this.record({
        urn,
        type,
        name,
        custom,
        external: false,
        id,
        parent,
        dependencies: req.getDependenciesList(),
        propertyDependencies,
        provider,
        inputs,
        outputs,
        options,
        ...sourceOf(req.getSourceposition(), this.mapPosition),
      });
      const response = new this.proto.RegisterResourceResponse();
      response.setUrn(urn);
      response.setId(id);
      response.setObject(this.struct.fromJavaScript(outputs));
      callback(null, response);
    } catch (err) {
      callback(withDetails(err));
    }
  }

  readResource(req: ReadRequest, callback: Callback): void {
    try {
      const type = req.getType();
      const name = req.getName();
      const parent = req.getParent();
      const urn = this.urn(parent, type, name);
      const inputs = req.getProperties()?.toJavaScript() ?? {};
      const outputs =
        type === "pulumi:pulumi:StackReference"
          ? this.stackReference(String(req.getId() || inputs["name"]))
          : { ...inputs };
      const provider = this.providerFor(type, req.getProvider(), req.getVersion());
      const options: RecordedOptions = {
        protect: false,
        ignoreChanges: [],
        additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
        aliases: [],
        customTimeouts: { create: 0, update: 0, delete: 0 },
        retainOnDelete: false,
      };
      this.record({
        urn,
        type,
        name,
        custom: true,
        external: true,
        id: req.getId(),
        parent,
        dependencies: req.getDependenciesList(),
        propertyDependencies: {},
        provider,
        inputs,
        outputs,
        options,
      });
      const response = new this.proto.ReadResourceResponse();
      response.setUrn(urn);
      response.setProperties(this.struct.fromJavaScript(outputs));
      callback(null, response);
    } catch (err) {
      callback(withDetails(err));
    }
  }

  registerResourceOutputs(
    req: { getUrn(): string; getOutputs(): StructLike | undefined },
    callback: Callback,
  ): void {
    const record = this.byUrn.get(req.getUrn());
    if (record === undefined) {
      callback(new Error(`unknown resource ${req.getUrn()}`));
      return;
    }
    const outputs = req.getOutputs()?.toJavaScript() ?? {};
    const updated = { ...record, outputs };
    this.byUrn.set(record.urn, updated);
    this.records[this.records.indexOf(record)] = updated;
    this.resources.set(record.urn, { urn: record.urn, id: record.id || null, state: outputs });
    callback(null, {});
  }

  /**
   * Stands in for the mock monitor's invoke: an invoke nobody answers (neither the user's mocks
   * nor the table) resolves to unknown outputs, as a preview does while a provider cannot answer,
   * and leaves a warning; the rest go to `answered`, the mock monitor's own invoke.
   */
  invoke(
    req: InvokeRequest,
    callback: Callback,
    answered: (req: InvokeRequest, callback: Callback) => void,
  ): void {
    const token = req.getTok();
    if (token.startsWith("pulumi:") || this.answers(token)) {
      answered(req, callback);
      return;
    }
    if (!this.unknownInvokes.includes(token)) {
      this.unknownInvokes.push(token);
      this.warnings.push({
        kind: "unknown-invoke",
        message: `Invoke "${token}" has no offline answer, so its outputs and every input built from them are unknown, as in a preview. Answer it under "invokes" in a --mocks file to check those inputs.`,
      });
    }
    const response = new this.proto.ResourceInvokeResponse();
    response.setUnknown(true);
    callback(null, response);
  }

  /** True when the user's mocks or the offline table answer the invoke. */
  answers(token: string): boolean {
    return token in this.request.mocks.invokes || KNOWN_INVOKES.has(token);
  }

  /** Answers an invoke from the user's mocks, else the table, placed by its provider. */
  call(
    token: string,
    args: Record<string, unknown>,
    provider: string | undefined,
  ): Record<string, unknown> {
    const mocked = this.request.mocks.invokes[token];
    if (mocked !== undefined) return { ...mocked };
    const pkg = token.split(":")[0];
    const props =
      provider !== undefined && provider !== ""
        ? this.providerProps(provider)
        : toPlain(this.request.providerConfig[pkg] ?? {}).value;
    return answerInvoke(token, args, this.placement(pkg, args, props as Record<string, unknown>));
  }

  /** The outputs of the root stack resource, plain, with the names of the secret ones. */
  stackOutputs(): StackOutputs {
    const root = this.records.find((r) => r.type === ROOT_STACK_TYPE);
    const outputs: Record<string, unknown> = {};
    const secretOutputNames: string[] = [];
    for (const [key, value] of Object.entries(root?.outputs ?? {})) {
      const plain = toPlain(value);
      outputs[key] = plain.value;
      if (plain.secret) secretOutputNames.push(key);
    }
    return { outputs, secretOutputNames };
  }

  private record(r: RecordedResource): void {
    this.records.push(r);
    this.byUrn.set(r.urn, r);
    this.resources.set(r.urn, { urn: r.urn, id: r.id || null, state: r.outputs });
  }

  private outputsFor(
    urn: string,
    type: string,
    name: string,
    custom: boolean,
    inputs: WireObject,
    provider: string,
    secretOutputs: string[],
  ): { id: string; outputs: WireObject } {
    if (!custom) return { id: "", outputs: {} };
    if (type.startsWith("pulumi:providers:"))
      return { id: stableUuid(urn), outputs: { ...inputs } };
    const plainInputs = toPlain(inputs).value as Record<string, unknown>;
    const computed = computeOutputs(
      urn,
      type,
      name,
      plainInputs,
      this.placement(type.split(":")[0], plainInputs, this.providerProps(provider)),
    );
    const outputs: WireObject = { ...inputs, ...computed.outputs };
    // tagsAll echoes the tags; keep their secret marks, which the plain computation lost.
    if ("tagsAll" in computed.outputs && "tags" in inputs) outputs["tagsAll"] = inputs["tags"];
    for (const key of secretOutputs)
      if (key in outputs) outputs[key] = secretValue(toPlain(outputs[key]).value);
    return { id: computed.id, outputs };
  }

  // The engine sends a default provider per package and version when the program names none.
  private providerFor(type: string, explicit: string, version: string): string {
    if (explicit !== "") return explicit;
    const pkg = type.split(":")[0];
    const key = `${pkg}@${version}`;
    const existing = this.defaultProviders.get(key);
    if (existing !== undefined) return existing;
    const name = version === "" ? "default" : `default_${version.replace(/[.+-]/g, "_")}`;
    const urn = `urn:pulumi:${this.request.stack}::${this.request.project}::pulumi:providers:${pkg}::${name}`;
    const inputs: WireObject = {
      ...(this.request.providerConfig[pkg] ?? {}),
      ...(version === "" ? {} : { version }),
    };
    const id = stableUuid(urn);
    const options: RecordedOptions = {
      protect: false,
      ignoreChanges: [],
      additionalSecretOutputs: [],
      aliases: [],
      customTimeouts: { create: 0, update: 0, delete: 0 },
      retainOnDelete: false,
    };
    this.record({
      urn,
      type: `pulumi:providers:${pkg}`,
      name,
      custom: true,
      external: false,
      id,
      parent: "",
      dependencies: [],
      propertyDependencies: {},
      provider: "",
      inputs,
      outputs: { ...inputs },
      options,
    });
    const ref = `${urn}::${id}`;
    this.defaultProviders.set(key, ref);
    return ref;
  }

  private providerProps(ref: string): Record<string, unknown> {
    const urn = ref.split("::").slice(0, -1).join("::");
    return toPlain(this.byUrn.get(urn)?.inputs ?? {}).value as Record<string, unknown>;
  }

  private placement(
    pkg: string,
    inputs: Record<string, unknown>,
    provider: Record<string, unknown>,
  ): Placement {
    const pick = (...values: unknown[]): string | undefined =>
      values.find((v): v is string => typeof v === "string" && v !== "");
    return {
      region:
        pick(inputs["region"], inputs["location"], provider["region"], provider["location"]) ??
        DEFAULT_REGION[pkg] ??
        "us-east-1",
      gcpProject: pick(inputs["project"], provider["project"]) ?? OFFLINE_IDENTITY.gcpProject,
    };
  }

  private stackReference(reference: string): WireObject {
    const parts = reference.split("/");
    const stack = parts[parts.length - 1];
    const project = parts.length >= 2 ? parts[parts.length - 2] : this.request.project;
    const found =
      (project === this.request.project ? this.request.stackOutputs[stack] : undefined) ??
      mockedStack(this.request.mocks, this.request.project, reference);
    if (found === undefined) {
      const needed = project === this.request.project ? stack : reference;
      if (!this.missingStacks.some((m) => m.stack === needed))
        this.missingStacks.push({ stack: needed, reference });
      this.missing ??= new MissingStackError(needed, reference);
      throw this.missing;
    }
    const outputs: WireObject = {};
    for (const [k, v] of Object.entries(found.outputs))
      outputs[k] = found.secretOutputNames.includes(k) ? secretValue(v) : v;
    return { name: reference, outputs, secretOutputNames: found.secretOutputNames };
  }

  private aliasUrn(
    alias: { getUrn(): string; getSpec(): AliasSpec | undefined },
    type: string,
    name: string,
    parent: string,
  ): string {
    const spec = alias.getSpec();
    if (spec === undefined) return alias.getUrn();
    const aliasParent = spec.getNoparent() ? "" : spec.getParenturn() || parent;
    const base = this.urn(aliasParent, spec.getType() || type, spec.getName() || name).split("::");
    base[0] = `urn:pulumi:${spec.getStack() || this.request.stack}`;
    base[1] = spec.getProject() || this.request.project;
    return base.join("::");
  }
}

// The SDK sends the frame of the user code that ran `new Resource(...)` (resource.ts stackTrace).
function sourceOf(
  pos: { getUri(): string; getLine(): number; getColumn(): number } | undefined,
  mapPosition: PositionMapper | undefined,
): { source?: SourcePosition } {
  if (pos === undefined || pos.getUri() === "" || pos.getLine() < 1) return {};
  const uri = pos.getUri();
  const mapped =
    mapPosition !== undefined && uri.startsWith("file:")
      ? mapPosition(fileURLToPath(uri), pos.getLine(), pos.getColumn())
      : { line: pos.getLine(), column: pos.getColumn() };
  return { source: { uri, line: mapped.line, column: mapped.column } };
}
