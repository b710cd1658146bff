/**
 * A policy pack running in its own process, started as the Pulumi CLI starts a Node.js pack:
 * `node <pack's @pulumi/pulumi/cmd/run-policy-pack> <engine address> .` with the pack folder as
 * working directory (that entry registers ts-node for TypeScript packs). A TypeScript pack is
 * given its cached esbuild bundle in place of `.`, which spares ts-node's type check on every
 * start (pack-build.ts), and Node preloads lazy-sdk.js, which defers the SDK's function
 * serializer's TypeScript and Arborist to their first use, and for a bundle bundle-preload.js,
 * which spares the runner's loading of TypeScript and ts-node. The pack prints its gRPC port on
 * stdout; this client then speaks Pulumi's analyzer protocol to it.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { createRequire } from "node:module";
import * as grpc from "@grpc/grpc-js";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as pb from "@pulumi/pulumi/proto/analyzer_pb";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { codeCacheDir } from "../engine/cache";
import { stopChild, track } from "../engine/children";
import { packProgram, type PackProgramSource } from "./pack-build";

/** How long a pack may take to load (ts-node type-checks a pack run from source first). */
export const PACK_START_TIMEOUT_MS = 90_000;
/** How long one analyzer call may take. */
export const PACK_CALL_TIMEOUT_MS = 60_000;

// Preloaded first into the pack's process: the V8 code cache of every module it loads (see the
// file), in the folder named by TACHYON_CODE_CACHE.
const CODE_CACHE = path.join(__dirname, "..", "engine", "code-cache-preload.js");
// Preloaded into the pack's process: the SDK's function serializer loads its TypeScript compiler
// and npm's Arborist on first use instead of at start (see the file).
const LAZY_SDK = path.join(__dirname, "..", "engine", "lazy-sdk.js");
// Preloaded into a pack that runs from its bundle: the runner gets stand-ins for the TypeScript
// and ts-node it loads only to register ts-node (see the file).
const BUNDLE_PRELOAD = path.join(__dirname, "bundle-preload.js");

/**
 * Node's arguments for a pack: the runner `entry` with `program` (`.` or the bundle), preceded
 * by the preloads; bundle-preload.js only for a bundle, so that a pack run from source is
 * type-checked by ts-node as the Pulumi CLI runs it.
 */
export function packNodeArgs(entry: string, program: string, source: PackProgramSource): string[] {
  const preloads =
    source === "source" ? [CODE_CACHE, LAZY_SDK] : [CODE_CACHE, LAZY_SDK, BUNDLE_PRELOAD];
  return [...preloads.flatMap((p) => ["--require", p]), entry, "127.0.0.1:0", program];
}

/** Enforcement levels as the config file and the reports spell them. */
export type EnforcementLevel = "advisory" | "mandatory" | "remediate" | "disabled";

/** One policy as the pack describes it (`GetAnalyzerInfo`). */
export interface PolicyDescription {
  readonly name: string;
  readonly description: string;
  readonly enforcementLevel: EnforcementLevel;
  readonly severity: string;
  readonly kind: "resource" | "stack" | "unknown";
  /** JSON Schema properties of the policy's config, if it takes any. */
  readonly configProperties?: Record<string, unknown>;
  readonly configRequired: string[];
}

/** Thrown when a pack cannot start, crashes, times out or fails a call; names the pack. */
export class PolicyPackError extends Error {
  override readonly name = "PolicyPackError";
}

const LEVELS: Record<number, EnforcementLevel> = {
  [pb.EnforcementLevel.ADVISORY]: "advisory",
  [pb.EnforcementLevel.MANDATORY]: "mandatory",
  [pb.EnforcementLevel.DISABLED]: "disabled",
  [pb.EnforcementLevel.REMEDIATE]: "remediate",
};
const SEVERITIES: Record<number, string> = {
  [pb.PolicySeverity.POLICY_SEVERITY_UNSPECIFIED]: "unspecified",
  [pb.PolicySeverity.POLICY_SEVERITY_LOW]: "low",
  [pb.PolicySeverity.POLICY_SEVERITY_MEDIUM]: "medium",
  [pb.PolicySeverity.POLICY_SEVERITY_HIGH]: "high",
  [pb.PolicySeverity.POLICY_SEVERITY_CRITICAL]: "critical",
};

/** The report name of an enforcement level enum value. */
export function levelName(level: number): EnforcementLevel {
  return LEVELS[level] ?? "advisory";
}

/** The report name of a severity enum value. */
export function severityName(severity: number): string {
  return SEVERITIES[severity] ?? "unspecified";
}

/** The enum value of an enforcement level name. */
export function levelValue(level: EnforcementLevel): pb.EnforcementLevel {
  const values: Record<EnforcementLevel, pb.EnforcementLevel> = {
    advisory: pb.EnforcementLevel.ADVISORY,
    mandatory: pb.EnforcementLevel.MANDATORY,
    disabled: pb.EnforcementLevel.DISABLED,
    remediate: pb.EnforcementLevel.REMEDIATE,
  };
  return values[level];
}

/** A started pack and its gRPC client. */
export class PolicyPack {
  private exit: string | undefined;
  private stderr = "";
  /** Milliseconds from spawning the pack to its description (`GetAnalyzerInfo`). */
  startMs = 0;
  /** Whether the pack ran from a bundle built now, one from the cache, or its source. */
  programSource: PackProgramSource = "source";

  private constructor(
    /** Absolute folder of the pack. */
    readonly dir: string,
    private readonly child: ChildProcess,
    private readonly client: AnalyzerClient,
    /** Pack name from `GetAnalyzerInfo`, else the folder name until then. */
    public name: string,
    public version = "",
    public policies: PolicyDescription[] = [],
  ) {}

  /**
   * Starts the pack in `dir` and reads its description. On any failure the pack's process is
   * stopped before the promise rejects, so a failed start leaves nothing running.
   */
  static async start(dir: string, startTimeoutMs = PACK_START_TIMEOUT_MS): Promise<PolicyPack> {
    const folder = path.resolve(dir);
    const label = path.basename(folder);
    if (!fs.existsSync(path.join(folder, "PulumiPolicy.yaml"))) {
      throw new PolicyPackError(
        `${folder}: not a policy pack, got a folder without PulumiPolicy.yaml. Pass --policy-pack with a folder that holds PulumiPolicy.yaml.`,
      );
    }
    const started = Date.now();
    const entry = runPolicyPackEntry(folder);
    const { program, source, typeErrors } = await packProgram(folder);
    if (typeErrors !== undefined) {
      throw new PolicyPackError(
        `${folder}: policy pack does not type-check, got:\n${typeErrors}\nPulumi's policy runner type-checks a TypeScript pack with ts-node and stops on these, so pulumi preview --policy-pack fails the same way. Fix them.`,
      );
    }
    const child = track(
      spawn(process.execPath, packNodeArgs(entry, program, source), {
        cwd: folder,
        env: {
          ...process.env,
          PULUMI_NODEJS_TYPESCRIPT: "true",
          TACHYON_CODE_CACHE: codeCacheDir(),
        },
        stdio: ["ignore", "pipe", "pipe"],
      }),
    );
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-8000);
    });
    let port: number;
    try {
      port = await readPort(child, label, () => stderr, startTimeoutMs);
    } catch (err) {
      await stopChild(child);
      throw err;
    }
    const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure(), {
      "grpc.max_receive_message_length": 400 * 1024 * 1024,
      "grpc.max_send_message_length": 400 * 1024 * 1024,
    });
    const pack = new PolicyPack(folder, child, client, label);
    pack.stderr = stderr;
    child.stderr?.on("data", (chunk: Buffer) => {
      pack.stderr = (pack.stderr + chunk.toString()).slice(-8000);
    });
    child.on("exit", (code, signal) => {
      pack.exit = `exit ${code ?? signal}`;
    });
    let info: pb.AnalyzerInfo;
    try {
      info = await pack.call<pb.AnalyzerInfo>("GetAnalyzerInfo", (cb) =>
        client.getAnalyzerInfo(new Empty(), pack.meta(), pack.options(), cb),
      );
    } catch (err) {
      await pack.close();
      throw err;
    }
    pack.name = info.getName();
    pack.version = info.getVersion();
    pack.policies = info.getPoliciesList().map(describePolicy);
    pack.startMs = Date.now() - started;
    pack.programSource = source;
    return pack;
  }

  /** `Configure`: the reconciled config of every policy. */
  async configure(
    config: Map<string, { level: EnforcementLevel; properties: Record<string, unknown> }>,
  ): Promise<void> {
    const req = new pb.ConfigureAnalyzerRequest();
    const map = req.getPolicyconfigMap();
    for (const [policy, c] of config) {
      const pc = new pb.PolicyConfig();
      pc.setEnforcementlevel(levelValue(c.level));
      pc.setProperties(structFrom(c.properties));
      map.set(policy, pc);
    }
    await this.call("Configure", (cb) =>
      this.client.configure(req, this.meta(), this.options(), cb),
    );
  }

  /** `ConfigureStack`: which stack the following calls are about. */
  async configureStack(req: pb.AnalyzerStackConfigureRequest): Promise<void> {
    await this.call("ConfigureStack", (cb) =>
      this.client.configureStack(req, this.meta(), this.options(), cb),
    );
  }

  /** `Remediate` one resource. */
  remediate(req: pb.AnalyzeRequest): Promise<pb.RemediateResponse> {
    return this.call("Remediate", (cb) =>
      this.client.remediate(req, this.meta(), this.options(), cb),
    );
  }

  /** `Analyze` one resource. */
  analyze(req: pb.AnalyzeRequest): Promise<pb.AnalyzeResponse> {
    return this.call("Analyze", (cb) => this.client.analyze(req, this.meta(), this.options(), cb));
  }

  /** `AnalyzeStack` with every resource of a stack. */
  analyzeStack(req: pb.AnalyzeStackRequest): Promise<pb.AnalyzeResponse> {
    return this.call("AnalyzeStack", (cb) =>
      this.client.analyzeStack(req, this.meta(), this.options(), cb),
    );
  }

  /** Closes the client and stops the process (SIGTERM, then SIGKILL); resolves once it exited. */
  close(): Promise<void> {
    this.client.close();
    return stopChild(this.child);
  }

  private meta(): grpc.Metadata {
    return new grpc.Metadata();
  }

  private options(): Partial<grpc.CallOptions> {
    return { deadline: Date.now() + PACK_CALL_TIMEOUT_MS };
  }

  private call<T>(
    method: string,
    send: (cb: (err: grpc.ServiceError | null, res: T) => void) => unknown,
  ): Promise<T> {
    return new Promise((resolve, reject) => {
      send((err, res) => {
        if (err === null) {
          resolve(res);
          return;
        }
        // Give a dying process a moment to report its exit, so the message says it crashed.
        setTimeout(() => reject(new PolicyPackError(this.describeFailure(method, err))), 50);
      });
    });
  }

  private describeFailure(method: string, err: grpc.ServiceError): string {
    const tail = errorLines(this.stderr).slice(-6).join("\n");
    const where = `Policy pack "${this.name}" (${this.dir})`;
    if (this.exit !== undefined)
      return `${where} crashed during ${method} (${this.exit}).${tail === "" ? "" : `\n${tail}`}`;
    if (err.code === grpc.status.DEADLINE_EXCEEDED) {
      return `${where} did not answer ${method} within ${PACK_CALL_TIMEOUT_MS / 1000} s. Look for a policy that never returns.`;
    }
    return `${where} failed ${method}: ${err.details || err.message}`;
  }
}

// The CLI runs the run-policy-pack entry of the pack's own @pulumi/pulumi, else the one beside us.
function runPolicyPackEntry(folder: string): string {
  try {
    return createRequire(path.join(folder, "package.json")).resolve(
      "@pulumi/pulumi/cmd/run-policy-pack",
    );
  } catch {
    return require.resolve("@pulumi/pulumi/cmd/run-policy-pack");
  }
}

// A port is at most 5 digits; more text than this without a newline is not a port.
const MAX_PORT_LINE = 64;

function readPort(
  child: ChildProcess,
  label: string,
  stderr: () => string,
  timeoutMs: number,
): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = "";
    const fail = (why: string): void => {
      clearTimeout(timer);
      child.removeListener("exit", onExit);
      child.stdout?.removeListener("data", onData);
      const tail = errorLines(stderr()).slice(-6).join("\n");
      reject(
        new PolicyPackError(`Policy pack "${label}" ${why}.${tail === "" ? "" : `\n${tail}`}`),
      );
    };
    const timer = setTimeout(
      () => fail(`did not print its port within ${timeoutMs / 1000} s`),
      timeoutMs,
    );
    const onData = (chunk: Buffer): void => {
      out += chunk.toString();
      const newline = out.indexOf("\n");
      const line = (newline === -1 ? out : out.slice(0, newline)).trim();
      const port = /^\d+$/.test(line) ? Number(line) : NaN;
      if (Number.isInteger(port) && port > 0) {
        clearTimeout(timer);
        child.removeListener("exit", onExit);
        // Later output is the pack's own logging: drained, not kept.
        child.stdout?.removeListener("data", onData);
        resolve(port);
      } else if (newline !== -1 || out.length > MAX_PORT_LINE) {
        const shown = line.length > MAX_PORT_LINE ? `${line.slice(0, MAX_PORT_LINE)}…` : line;
        fail(`printed "${shown}" where its gRPC port belongs`);
      }
    };
    child.stdout?.on("data", onData);
    const onExit = (code: number | null, signal: NodeJS.Signals | null): void =>
      fail(`stopped before serving (exit ${code ?? signal})`);
    child.on("exit", onExit);
    child.on("error", (err) => fail(`could not start: ${err.message}`));
  });
}

// What a person needs from a pack's stderr: the messages, without colours and stack frames.
function errorLines(stderr: string): string[] {
  return (
    stderr
      // eslint-disable-next-line no-control-regex
      .replace(/\u001b\[[0-9;]*m/g, "")
      .split("\n")
      .filter((l) => l.trim() !== "" && !/^\s+at /.test(l))
      .map((l) => `  ${l.trim()}`)
  );
}

function describePolicy(p: pb.PolicyInfo): PolicyDescription {
  const schema = p.getConfigschema();
  const type = p.getPolicyType();
  return {
    name: p.getName(),
    description: p.getDescription(),
    enforcementLevel: levelName(p.getEnforcementlevel()),
    severity: severityName(p.getSeverity()),
    kind:
      type === pb.PolicyType.POLICY_TYPE_RESOURCE
        ? "resource"
        : type === pb.PolicyType.POLICY_TYPE_STACK
          ? "stack"
          : "unknown",
    ...(schema?.getProperties() !== undefined
      ? { configProperties: schema.getProperties()?.toJavaScript() }
      : {}),
    configRequired: schema?.getRequiredList() ?? [],
  };
}

/** A Struct from a plain object. */
export function structFrom(value: Record<string, unknown>): Struct {
  return Struct.fromJavaScript(value as Parameters<typeof Struct.fromJavaScript>[0]);
}
