/**
 * A minimal client of Pulumi's analyzer gRPC protocol for specs: starts a policy pack exactly as
 * `pulumi preview --policy-pack` does (Pulumi's nodejs policy runner, ts-node with type checking,
 * in the pack's folder) and calls it as the engine would.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";

/* eslint-disable @typescript-eslint/no-require-imports */
const analyzerRpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb") as {
  AnalyzerClient: new (address: string, credentials: grpc.ChannelCredentials) => RawClient;
  AnalyzerService: { getAnalyzerInfo: { requestType: new () => unknown } };
};
const pb = require("@pulumi/pulumi/proto/analyzer_pb") as Record<string, new () => Message>;
const structPb = require("google-protobuf/google/protobuf/struct_pb") as {
  Struct: { fromJavaScript(value: Record<string, unknown>): unknown };
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** A generated protobuf message: setters and getters by field. */
type Message = Record<string, (...args: unknown[]) => unknown>;

/** The policy metadata a pack serves. */
export interface PolicyInfo {
  getName(): string;
  getConfigschema():
    | { getProperties(): { toJavaScript(): Record<string, object> }; getRequiredList(): string[] }
    | undefined;
  getSeverity(): number;
  getEnforcementlevel(): number;
  getDescription(): string;
}

/** What GetAnalyzerInfo returns. */
export interface AnalyzerInfo {
  getName(): string;
  getVersion(): string;
  getPoliciesList(): PolicyInfo[];
}

type Callback<T> = (err: Error | null, value: T) => void;
interface RawClient {
  getAnalyzerInfo(request: unknown, callback: Callback<AnalyzerInfo>): void;
  analyze(request: unknown, callback: Callback<Message>): void;
  analyzeStack(request: unknown, callback: Callback<Message>): void;
  remediate(request: unknown, callback: Callback<Message>): void;
  configure(request: unknown, callback: Callback<Message>): void;
  close(): void;
}

/** The repository root. */
export const root = path.resolve(__dirname, "../..");
const runner = path.join(root, "node_modules/@pulumi/pulumi/cmd/run-policy-pack");

/** Starts the pack in its folder; resolves with the process and the port it printed. */
export function startPack(dir: string): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [runner, "127.0.0.1:0", "."], {
      cwd: path.join(root, dir),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    child.stdout?.once("data", (d: Buffer) =>
      resolve({ child, port: Number(d.toString().trim()) }),
    );
    child.once("exit", (code) => reject(new Error(`${dir} exited with ${code}: ${stderr}`)));
  });
}

function call<T>(port: number, invoke: (client: RawClient, cb: Callback<T>) => void): Promise<T> {
  const client = new analyzerRpc.AnalyzerClient(
    `127.0.0.1:${port}`,
    grpc.credentials.createInsecure(),
  );
  return new Promise((resolve, reject) =>
    invoke(client, (err, value) => {
      client.close();
      if (err) reject(err);
      else resolve(value);
    }),
  );
}

/** GetAnalyzerInfo. */
export function analyzerInfo(port: number): Promise<AnalyzerInfo> {
  const Empty = analyzerRpc.AnalyzerService.getAnalyzerInfo.requestType;
  return call(port, (c, cb) => c.getAnalyzerInfo(new Empty(), cb));
}

/** A resource as the engine sends it. */
export interface WireResource {
  type: string;
  name: string;
  properties: Record<string, unknown>;
  propertyDependencies?: Record<string, string[]>;
  /** The provider resource, with its config as properties. */
  provider?: { type: string; properties: Record<string, unknown> };
}

/** The URN the client gives a resource. */
export const urnOf = (r: WireResource) => `urn:pulumi:test::test::${r.type}::${r.name}`;

function fill(message: Message, r: WireResource): Message {
  message.setType(r.type);
  message.setName(r.name);
  message.setUrn(urnOf(r));
  message.setProperties(structPb.Struct.fromJavaScript(r.properties));
  message.setOptions(new pb.AnalyzerResourceOptions());
  if (r.provider) {
    const p = new pb.AnalyzerProviderResource();
    p.setType(r.provider.type);
    p.setName("default");
    p.setUrn(`urn:pulumi:test::test::${r.provider.type}::default`);
    p.setProperties(structPb.Struct.fromJavaScript(r.provider.properties));
    message.setProvider(p);
  }
  return message;
}

/** A violation as the pack reports it. */
export interface Diagnostic {
  policy: string;
  urn: string;
  message: string;
}

/**
 * The diagnostics of a response. The policy SDK sends the policy's description and the violation
 * as one message (`<description>\n<violation>`) and leaves the URN empty for the resource being
 * analyzed; both are undone here, as the engine does when it prints them.
 */
function diagnosticsOf(response: Message, analyzedUrn = ""): Diagnostic[] {
  return (response.getDiagnosticsList() as Message[]).map((d) => {
    const prefix = `${d.getDescription() as string}\n`;
    const message = d.getMessage() as string;
    return {
      policy: d.getPolicyname() as string,
      urn: (d.getUrn() as string) || analyzedUrn,
      message: message.startsWith(prefix) ? message.slice(prefix.length) : message,
    };
  });
}

/** Analyze: one resource. */
export async function analyze(port: number, r: WireResource): Promise<Diagnostic[]> {
  const request = fill(new pb.AnalyzeRequest(), r);
  return diagnosticsOf(await call<Message>(port, (c, cb) => c.analyze(request, cb)), urnOf(r));
}

/** AnalyzeStack: every resource, with property dependencies by URN. */
export async function analyzeStack(port: number, resources: WireResource[]): Promise<Diagnostic[]> {
  const request = new pb.AnalyzeStackRequest();
  request.setResourcesList(
    resources.map((r) => {
      const m = fill(new pb.AnalyzerResource(), r);
      const deps = m.getPropertydependenciesMap() as { set(k: string, v: unknown): void };
      for (const [prop, urns] of Object.entries(r.propertyDependencies ?? {})) {
        const d = new pb.AnalyzerPropertyDependencies();
        d.setUrnsList(urns);
        deps.set(prop, d);
      }
      m.setDependenciesList([...new Set(Object.values(r.propertyDependencies ?? {}).flat())]);
      return m;
    }),
  );
  return diagnosticsOf(await call<Message>(port, (c, cb) => c.analyzeStack(request, cb)));
}

/** Remediate: the properties each remediating policy returned, by policy name. */
export async function remediate(port: number, r: WireResource): Promise<Record<string, unknown>> {
  const request = fill(new pb.AnalyzeRequest(), r);
  const response = await call<Message>(port, (c, cb) => c.remediate(request, cb));
  const out: Record<string, unknown> = {};
  for (const rem of response.getRemediationsList() as Message[]) {
    const props = rem.getProperties() as { toJavaScript(): unknown } | undefined;
    out[rem.getPolicyname() as string] = props?.toJavaScript();
  }
  return out;
}

/** Configure: per-policy enforcement level and properties, as `--policy-pack-config` sends them. */
export async function configure(
  port: number,
  config: Record<
    string,
    {
      enforcementLevel: "advisory" | "mandatory" | "remediate";
      properties?: Record<string, unknown>;
    }
  >,
): Promise<void> {
  const levels = { advisory: 0, mandatory: 1, remediate: 3 } as const;
  const request = new pb.ConfigureAnalyzerRequest();
  const map = request.getPolicyconfigMap() as { set(k: string, v: unknown): void };
  for (const [name, c] of Object.entries(config)) {
    const pc = new pb.PolicyConfig();
    pc.setEnforcementlevel(levels[c.enforcementLevel]);
    pc.setProperties(structPb.Struct.fromJavaScript(c.properties ?? {}));
    map.set(name, pc);
  }
  await call<Message>(port, (c, cb) => c.configure(request, cb));
}
