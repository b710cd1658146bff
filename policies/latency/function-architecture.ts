/**
 * `function-architecture`: latency-critical Lambda functions run on arm64 (Graviton), which starts
 * and runs Node.js workloads at least as fast as x86_64 for less money per millisecond.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { AWS } from "../lib/resource-types";
import { forTypes } from "../lib/policy";
import { asArray, pathOf } from "../lib/resource";
import { isLatencyCritical } from "../lib/latency-class";

/** The policy. */
export const functionArchitecture: ResourceValidationPolicy = {
  name: "function-architecture",
  description: "Latency-critical Lambda functions run on the arm64 architecture.",
  enforcementLevel: "advisory",
  severity: "low",
  validateResource: forTypes([AWS.lambdaFunction], (args, reportViolation) => {
    if (!isLatencyCritical(args)) return;
    const architectures = asArray(pathOf(args.props, "architectures"));
    if (architectures.length === 1 && architectures[0] === "arm64") return;
    const found = architectures.length === 0 ? "the default x86_64" : JSON.stringify(architectures);
    reportViolation(`Lambda function must set architectures to ["arm64"]; found ${found}.`);
  }),
};
