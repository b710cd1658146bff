/**
 * The shapes of the Pulumi SDK's monitor requests and protobuf helpers that the recording
 * monitor uses. The SDK is loaded from the program's project at run time, so these are
 * structural types rather than imports of one particular copy.
 */

/** The parts of `google.protobuf.Struct` the monitor uses. */
export interface StructLike {
  toJavaScript(): Record<string, unknown>;
}

/** The parts of the SDK's `Struct` class the monitor uses. */
export interface StructStatic {
  fromJavaScript(value: Record<string, unknown>): unknown;
}

/** The parts of the SDK's `resource_pb` module the monitor uses. */
export interface ResourceProto {
  RegisterResourceResponse: new () => {
    setUrn(v: string): void;
    setId(v: string): void;
    setObject(v: unknown): void;
  };
  ReadResourceResponse: new () => { setUrn(v: string): void; setProperties(v: unknown): void };
  ResourceInvokeResponse: new () => { setUnknown(v: boolean): void };
}

/** An alias spec of a registration. */
export interface AliasSpec {
  getName(): string;
  getType(): string;
  getStack(): string;
  getProject(): string;
  getParenturn(): string;
  getNoparent(): boolean;
}

/** The parts of a RegisterResourceRequest the monitor reads. */
export interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getObject(): StructLike | undefined;
  getProtect(): boolean | undefined;
  getDependenciesList(): string[];
  getProvider(): string;
  getPropertydependenciesMap(): {
    forEach(cb: (v: { getUrnsList(): string[] }, k: string) => void): void;
  };
  getDeletebeforereplace(): boolean;
  getDeletebeforereplacedefined(): boolean;
  getVersion(): string;
  getIgnorechangesList(): string[];
  getAdditionalsecretoutputsList(): string[];
  getAliasurnsList(): string[];
  getAliasesList(): { getUrn(): string; getSpec(): AliasSpec | undefined }[];
  getCustomtimeouts():
    { getCreate(): string; getUpdate(): string; getDelete(): string } | undefined;
  getRetainondelete(): boolean | undefined;
  getRemote(): boolean | undefined;
  /** Where the program ran `new` for the resource (SDKs since 3.120 send it). */
  getSourceposition(): { getUri(): string; getLine(): number; getColumn(): number } | undefined;
}

/** The parts of a ReadResourceRequest the monitor reads. */
export interface ReadRequest {
  getId(): string;
  getType(): string;
  getName(): string;
  getParent(): string;
  getProperties(): StructLike | undefined;
  getDependenciesList(): string[];
  getProvider(): string;
  getVersion(): string;
  getAdditionalsecretoutputsList(): string[];
}

/** The parts of a ResourceInvokeRequest the monitor reads. */
export interface InvokeRequest {
  getTok(): string;
}

/** A gRPC-style completion callback. */
export type Callback = (err: unknown, response?: unknown) => void;

/**
 * Maps a line and column of a loaded file back to its TypeScript source (1-based both ways);
 * the program process supplies it when Node's own source maps are off (child-entry.js).
 */
export type PositionMapper = (
  file: string,
  line: number,
  column: number,
) => { line: number; column: number };
