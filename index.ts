/**
 * The Tachyon program. It reads the stack's whole config, validates it completely before
 * registering any resource, then builds either the environment's global deployment (config has
 * `tachyon:topology`) or one site's regional deployment (config has `tachyon:site`).
 *
 * Bad config: the program throws a `ConfigRunError` (components/deployment/config-error.ts), a
 * `pulumi.RunError`, so the Pulumi CLI prints only its message. Tools recognise it by
 * `name === "TachyonConfigError"` and its `problems` array of `{ path, message }`, or, from text
 * alone, by the lines `  <path>: <message>` under the heading `Stack "<stack>" has <n> config
 * problem(s):`. Nothing is registered before the check, so a bad config deploys nothing.
 *
 * Exports. Global stack: `topology` (the validated topology, plain data) and one object per cloud
 * the topology uses (`aws`, `azure`, `gcp`). Regional stack: `site` (the site, plain data) and
 * the site's cloud outputs under the cloud's name.
 */
import * as pulumi from "@pulumi/pulumi";
import { GlobalDeployment, cloudsOf } from "./components/deployment/global";
import { ConfigRunError } from "./components/deployment/config-error";
import { RegionalDeployment } from "./components/deployment/regional";
import { parseStackConfig } from "./model/config";

export = async (): Promise<Record<string, unknown>> => {
  const parsed = parseStackConfig(pulumi.runtime.allConfig());
  if ("problems" in parsed) throw new ConfigRunError(pulumi.getStack(), parsed.problems);

  if (parsed.kind === "global") {
    const { topology } = parsed;
    const deployment = new GlobalDeployment(`${topology.environment}-global`, { topology });
    const outputs: Record<string, unknown> = { topology };
    for (const cloud of cloudsOf(topology)) outputs[cloud] = deployment.outputs[cloud];
    return outputs;
  }

  const deployment = await RegionalDeployment.create(parsed.regional);
  return { site: deployment.site, [deployment.site.cloud]: deployment.outputs };
};
