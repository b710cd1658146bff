/**
 * Runs `index.ts` once under Pulumi's mock runtime in a process of its own (mocks and config
 * are process-wide state) and prints, as one JSON line, every resource the program registered
 * and either its stack outputs or the error it threw. Input: one JSON argument,
 * `{ stack, config, stackOutputs, stubClouds }`, where `stackOutputs` maps a referenced stack's
 * name to the outputs its StackReference returns, and `stubClouds` replaces each cloud's
 * deployment with a recorder, so the dispatch is observed apart from the clouds' resources.
 */
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { CloudOutputs, GlobalContext, SiteContext } from "../components/deployment/context";
import { GLOBAL_DEPLOYERS, GlobalDeployment } from "../components/deployment/global";
import { RegionalDeployment, SITE_DEPLOYERS } from "../components/deployment/regional";
import type { Cloud } from "../model/types";

interface DriverInput {
  readonly stack: string;
  readonly config: Record<string, string>;
  readonly stackOutputs: Record<string, Record<string, unknown>>;
  readonly stubClouds?: boolean;
}

/** What a stubbed cloud deployment was handed. */
export interface StubCall {
  readonly cloud: Cloud;
  readonly kind: "global" | "site";
  readonly sites: string[];
  readonly site?: string;
  readonly parentIsDeployment: boolean;
  /** The regional stack's optional keys, when any is set. */
  readonly options?: unknown;
}

function stubClouds(calls: StubCall[]): void {
  const globals = GLOBAL_DEPLOYERS as Record<Cloud, (ctx: GlobalContext) => CloudOutputs>;
  const sites = SITE_DEPLOYERS as Record<Cloud, (ctx: SiteContext) => CloudOutputs>;
  for (const cloud of ["aws", "azure", "gcp"] as const) {
    globals[cloud] = (ctx) => {
      calls.push({
        cloud,
        kind: "global",
        sites: ctx.topology.sites.map((s) => s.id),
        parentIsDeployment: ctx.parent instanceof GlobalDeployment,
      });
      return { marker: `${cloud}-global` };
    };
    sites[cloud] = (ctx) => {
      calls.push({
        cloud,
        kind: "site",
        sites: ctx.topology.sites.map((s) => s.id),
        site: ctx.site.id,
        parentIsDeployment: ctx.parent instanceof RegionalDeployment,
        ...(ctx.options !== undefined && Object.keys(ctx.options).length > 0
          ? { options: ctx.options }
          : {}),
      });
      // Read each earlier site of the cloud twice: the second read must reuse the reference.
      const peers: Record<string, pulumi.Output<unknown>> = {};
      for (const peer of ctx.topology.sites) {
        if (peer.cloud !== cloud || peer.index >= ctx.site.index) continue;
        ctx.peer(peer.id, cloud);
        peers[peer.id] = ctx.peer(peer.id, cloud);
      }
      return { fromGlobal: ctx.global(cloud), peers };
    };
  }
}

/** One `newResource` call as the mock runtime saw it. */
export interface Registered {
  readonly type: string;
  readonly name: string;
  readonly inputs: Record<string, unknown>;
  readonly parent?: string;
}

/** What the driver prints. */
export interface DriverResult {
  readonly registered: Registered[];
  readonly calls: StubCall[];
  /** The clouds whose deployment module (components/deployment/<cloud>.ts) the run loaded. */
  readonly cloudModules: string[];
  readonly outputs?: Record<string, unknown>;
  readonly error?: {
    name: string;
    message: string;
    problems?: unknown;
    runError: boolean;
    stack?: string;
  };
}

function cloudModules(): string[] {
  const dir = path.join(__dirname, "..", "components", "deployment");
  return (["aws", "azure", "gcp"] as const).filter(
    (cloud) => require.cache[path.join(dir, `${cloud}.ts`)] !== undefined,
  );
}

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2]) as DriverInput;
  const registered: Registered[] = [];
  const calls: StubCall[] = [];
  if (input.stubClouds === true) stubClouds(calls);
  pulumi.runtime.setAllConfig(input.config);
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const inputs = args.inputs as Record<string, unknown>;
        registered.push({ type: args.type, name: args.name, inputs });
        if (args.type === "pulumi:pulumi:StackReference") {
          const name = typeof inputs.name === "string" ? inputs.name : args.name;
          return { id: name, state: { name, outputs: input.stackOutputs[name] ?? {} } };
        }
        return { id: `${args.name}-id`, state: inputs };
      },
      // The Google Cloud provider's settings name the project of the stack's own config.
      call: (args) =>
        args.token === "gcp:organizations/getClientConfig:getClientConfig"
          ? { project: input.config["gcp:project"] ?? "" }
          : (args.inputs as Record<string, unknown>),
    },
    "tachyon",
    input.stack,
    false,
  );
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const program = require("../index") as () => Promise<Record<string, unknown>>;
  let result: DriverResult;
  let thrown: unknown;
  // The runtime also rejects its own promises with the program's error; only that one is expected.
  process.on("unhandledRejection", (reason) => {
    if (reason === thrown) return;
    process.stderr.write(`unexpected rejection: ${String(reason)}\n`);
    process.exitCode = 1;
  });
  try {
    const outputs = (await pulumi.runtime.runInPulumiStack(program)) as Record<string, unknown>;
    result = { registered, calls, cloudModules: cloudModules(), outputs };
  } catch (e) {
    const err = e as Error & { problems?: unknown };
    thrown = e;
    result = {
      registered,
      calls,
      cloudModules: cloudModules(),
      error: {
        name: err.name,
        message: err.message,
        problems: err.problems,
        runError: pulumi.RunError.isInstance(err),
        stack: err.stack,
      },
    };
  }
  // Let registrations the runtime still has in flight reach the mock before reporting.
  await new Promise((resolve) => setTimeout(resolve, 100));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

void main();
