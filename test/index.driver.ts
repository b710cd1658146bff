/**
 * Runs `index.ts` once under Pulumi's mock runtime in a process of its own (mocks and config
 * are process-wide state) and prints, as one JSON line, every resource the program registered
 * and either its stack outputs or the error it threw. Input: one JSON argument,
 * `{ stack, config, stackOutputs }`, where `stackOutputs` maps a referenced stack's name to the
 * outputs its StackReference returns.
 */
import * as pulumi from "@pulumi/pulumi";

interface DriverInput {
  readonly stack: string;
  readonly config: Record<string, string>;
  readonly stackOutputs: Record<string, Record<string, unknown>>;
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
  readonly outputs?: Record<string, unknown>;
  readonly error?: {
    name: string;
    message: string;
    problems?: unknown;
    runError: boolean;
    stack?: string;
  };
}

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2]) as DriverInput;
  const registered: Registered[] = [];
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
      call: (args) => args.inputs,
    },
    "tachyon",
    input.stack,
    false,
  );
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const program = require("../index") as () => Promise<Record<string, unknown>>;
  let result: DriverResult;
  try {
    const outputs = (await pulumi.runtime.runInPulumiStack(program)) as Record<string, unknown>;
    result = { registered, outputs };
  } catch (e) {
    const err = e as Error & { problems?: unknown };
    result = {
      registered,
      error: {
        name: err.name,
        message: err.message,
        problems: err.problems,
        runError: pulumi.RunError.isInstance(err),
        stack: err.stack,
      },
    };
  }
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

void main();
