/**
 * `function-bundle-size-limit`: the code a function deploys stays small, because the runtime
 * reads, parses and compiles all of it on every cold start. The default of 1 MiB leaves room for
 * a minified, tree-shaken esbuild bundle with the SDK clients it uses (typically 100-500 KiB)
 * while catching an unbundled `node_modules` or a stray SDK, whose parse time on one vCPU adds
 * tens of milliseconds per MiB. Checked: Lambda `code`, GCS objects (Cloud Functions source) and
 * Azure blobs (Flex Consumption packages) that hold an archive or a zip.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import * as path from "node:path";
import {
  ancestorsOf,
  codeSize,
  formatBytes,
  isArchive,
  isAssetOrArchive,
  largestModules,
} from "../lib/archive";
import { configOf } from "../lib/config";
import { forTypes } from "../lib/policy";
import { known, unproxied } from "../lib/resource";
import { AWS, AZURE, GCP } from "../lib/resource-types";

/** Config of `function-bundle-size-limit`. */
export interface BundleSizeConfig {
  /** Largest deployed code package, in bytes. */
  maxBytes: number;
  /** Folder relative asset paths are resolved against (the Pulumi program's); "" = search. */
  programDir: string;
}

/** 1 MiB. */
export const DEFAULT_MAX_BUNDLE_BYTES = 1024 * 1024;

const CODE_PROPERTY: Readonly<Record<string, string>> = {
  [AWS.lambdaFunction]: "code",
  [GCP.bucketObject]: "source",
  [AZURE.blob]: "source",
};

/** The policy. */
export const functionBundleSizeLimit: ResourceValidationPolicy = {
  name: "function-bundle-size-limit",
  description:
    "A function's deployed code package is no larger than maxBytes, keeping cold-start load and parse time short.",
  enforcementLevel: "mandatory",
  severity: "medium",
  configSchema: {
    properties: {
      maxBytes: {
        type: "integer",
        minimum: 1,
        description:
          "Largest deployed code package in bytes (a zip's size; a folder's files less metafile.json).",
        default: DEFAULT_MAX_BUNDLE_BYTES,
      },
      programDir: {
        type: "string",
        description:
          "Folder relative asset paths are resolved against (the Pulumi program's); empty: the pack's folder and its ancestors.",
        default: "",
      },
    },
  },
  validateResource: forTypes(Object.keys(CODE_PROPERTY), async (args, reportViolation) => {
    const code = unproxied(known(() => args.props[CODE_PROPERTY[args.type]] as unknown));
    if (!isAssetOrArchive(code)) return;
    // Blobs and objects hold all sorts of files: only archives and zips are code packages.
    const codePath: unknown = await code.path;
    const zip = typeof codePath === "string" && /\.(zip|jar)$/i.test(codePath);
    if (args.type !== AWS.lambdaFunction && !isArchive(code) && !zip) return;
    const { maxBytes, programDir } = configOf<BundleSizeConfig>(args, {
      maxBytes: DEFAULT_MAX_BUNDLE_BYTES,
      programDir: "",
    });
    const cwd = ancestorsOf(process.cwd());
    const size = await codeSize(code, programDir === "" ? cwd : [path.resolve(programDir), ...cwd]);
    if (size === undefined || size.bytes <= maxBytes) return;
    const largest = size.metafilePath ? largestModules(size.metafilePath, 3) : [];
    const modules =
      largest.length === 0
        ? ""
        : `; largest modules: ${largest.map((m) => `${m.path} (${formatBytes(m.bytes)})`).join(", ")}`;
    reportViolation(
      `Function code package must be at most ${formatBytes(maxBytes)} (${maxBytes} bytes); found ${formatBytes(size.bytes)} (${size.bytes} bytes) at ${size.source}${modules}.`,
    );
  }),
};
