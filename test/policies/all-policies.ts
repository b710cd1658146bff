/** Every policy of the three packs, and every resource type they judge, for the specs over all. */
import { readdirSync } from "node:fs";
import * as path from "node:path";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { AWS, AZURE, AZURE_OTHER, GCP } from "../../policies/lib/resource-types";

export const PACKS = ["latency", "residency", "baseline"] as const;
export const ROOT = path.join(__dirname, "../..");

export type AnyPolicy = (ResourceValidationPolicy | StackValidationPolicy) & {
  file: string;
  pack: string;
};

/** Every policy object exported by a policy file of a pack (`index.ts` aside). */
export function policiesOf(pack: string): AnyPolicy[] {
  const dir = path.join(ROOT, "policies", pack);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && f !== "index.ts")
    .flatMap((f) => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(path.join(dir, f)) as Record<string, unknown>;
      return Object.values(mod)
        .filter(
          (v): v is ResourceValidationPolicy | StackValidationPolicy =>
            typeof v === "object" &&
            v !== null &&
            "name" in v &&
            ("validateResource" in v || "validateStack" in v),
        )
        .map((p) => ({ ...p, file: f.replace(/\.ts$/, ""), pack }));
    });
}

/** The resource types the packs know (older and classic tokens too), providers aside. */
export const JUDGED_TYPES = [
  ...Object.values(AWS),
  ...Object.values(AZURE),
  ...Object.values(AZURE_OTHER),
  ...Object.values(GCP),
].filter((t) => !t.startsWith("pulumi:providers:"));
