/**
 * Runs a Pulumi operation on one stack of a project through Pulumi's Automation API, which drives
 * the Pulumi CLI found on PATH (`LocalWorkspace` over the project folder, whose Pulumi.yaml names
 * the stacks folder).
 * https://www.pulumi.com/docs/iac/using-pulumi/automation-api/
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import type { Operation, StackOperation } from "./run-waves";

/** Policy packs and their config, attached to `preview` and `up`. */
export interface PolicyArgs {
  readonly packs: readonly string[];
  /** Pulumi pairs the n-th `--policy-pack-config` with the n-th `--policy-pack`. */
  readonly configs: readonly string[];
}

/** The path of the `pulumi` executable on `PATH`, or `undefined`. */
export function findPulumi(envPath = process.env["PATH"] ?? ""): string | undefined {
  for (const dir of envPath.split(path.delimiter)) {
    if (dir === "") continue;
    const candidate = path.join(dir, process.platform === "win32" ? "pulumi.exe" : "pulumi");
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      continue;
    }
  }
  return undefined;
}

/** The operation on one stack, as {@link runWaves} runs it. */
export function automationOperation(
  operation: Operation,
  projectDir: string,
  policy: PolicyArgs | undefined,
): StackOperation {
  return async (stackName, onOutput) => {
    const args = { stackName, workDir: projectDir };
    // A first `up` or `preview` creates the stack in the backend; destroy and refresh need one.
    const stack =
      operation === "up" || operation === "preview"
        ? await LocalWorkspace.createOrSelectStack(args)
        : await LocalWorkspace.selectStack(args);
    const policyOpts =
      policy === undefined
        ? {}
        : { policyPacks: [...policy.packs], policyPackConfigs: [...policy.configs] };
    switch (operation) {
      case "preview": {
        const res = await stack.preview({ ...policyOpts, onOutput });
        return { changed: changed(res.changeSummary) };
      }
      case "up": {
        const res = await stack.up({ ...policyOpts, onOutput });
        return { changed: changed(res.summary?.resourceChanges) };
      }
      case "destroy": {
        const res = await stack.destroy({ onOutput });
        return { changed: changed(res.summary?.resourceChanges) };
      }
      case "refresh": {
        const res = await stack.refresh({ onOutput });
        return { changed: changed(res.summary?.resourceChanges) };
      }
    }
  };
}

/** Resources whose operation was anything but "same". */
function changed(changes: Record<string, number> | undefined): number {
  return Object.entries(changes ?? {})
    .filter(([op]) => op !== "same")
    .reduce((n, [, count]) => n + count, 0);
}
