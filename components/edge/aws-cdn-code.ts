/**
 * Builds the edge distribution's CloudFront Function code from `functions/edge/viewer-request.ts`
 * with the topology's regions baked in. CloudFront Functions take one source file of at most
 * 10 KB whose first line imports the `cloudfront` module and which defines a top-level `handler`;
 * esbuild bundles the routing logic into it, keeps the `cloudfront` import external and targets
 * ES2017 syntax (the runtime supports ES 5.1 plus `const`/`let`, arrow functions, template
 * literals and async/await; the source avoids the ES2015+ syntax it lacks, which a spec checks). The output is deterministic: the same regions give the same code, so an unchanged
 * topology is no diff. The bundle is kept in `functions/dist/edge/viewer-request/` with a stamp of
 * its inputs (functions/build-stamp.ts, as the functions' bundles are), so a run whose sources are
 * unchanged reads it instead of starting esbuild.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { buildSync, version, type BuildOptions } from "esbuild";
import { digestDir, ROOT, writeDir } from "../../functions/build";
import { hashInputs, hashText, reusableDigest, writeStamp } from "../../functions/build-stamp";
import type { EdgeConfig, EdgeRegion } from "../../functions/edge/route";
import { findRegion } from "../../model/regions";
import type { Site } from "../../model/types";

/** Largest function code CloudFront Functions accepts, in bytes. */
export const CLOUDFRONT_FUNCTION_MAX_BYTES = 10_240;

/**
 * First accelerator port pinned to one region; the site at topology index `i` gets
 * `PINNED_PORT_BASE + i`, which stays the same when sites are appended.
 */
export const PINNED_PORT_BASE = 8443;

/** The accelerator port pinned to a site. */
export function pinnedPort(site: Site): number {
  return PINNED_PORT_BASE + site.index;
}

/** The edge regions of some AWS sites, with catalog coordinates and pinned ports. */
export function edgeRegions(sites: readonly Site[]): EdgeRegion[] {
  return sites.map((site) => {
    const region = findRegion("aws", site.region);
    if (region === undefined) {
      throw new Error(
        `edge regions: site "${site.id}" is not in the region catalog, got region "${site.region}". Use a catalog region (see model/regions-data.ts).`,
      );
    }
    return { region: site.region, lat: region.lat, lon: region.lon, port: pinnedPort(site) };
  });
}

const ENTRY = path.join(__dirname, "..", "..", "functions", "edge", "viewer-request.ts");

const IMPORT = 'import cf from"cloudfront";';
const CONFIG_NAME = "__TACHYON_EDGE_CONFIG__";

const BUNDLE_DIR = path.join(ROOT, "functions", "dist", "edge", "viewer-request");
const BUNDLE_FILE = "viewer-request.mjs";

const OPTIONS: BuildOptions = {
  entryPoints: [ENTRY],
  absWorkingDir: ROOT,
  bundle: true,
  write: false,
  metafile: true,
  format: "esm",
  platform: "neutral",
  // ES2017 keeps async/await, which the runtime has; lower targets would emit generators.
  target: "es2017",
  external: ["cloudfront"],
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: "none",
  logLevel: "silent",
};

/** The bundled routing logic: the one on disk when nothing it was built from changed. */
function edgeBundle(): string {
  const stamp = hashText(JSON.stringify([OPTIONS, version]));
  const file = path.join(BUNDLE_DIR, BUNDLE_FILE);
  if (reusableDigest(BUNDLE_DIR, stamp, ROOT, digestDir) !== undefined) {
    return readFileSync(file, "utf8");
  }
  const result = buildSync(OPTIONS);
  const text = result.outputFiles?.[0]?.text ?? "";
  try {
    writeDir(BUNDLE_DIR, new Map([[BUNDLE_FILE, Buffer.from(text, "utf8")]]));
    const inputs = hashInputs(ROOT, Object.keys(result.metafile?.inputs ?? {}));
    if (inputs !== undefined) {
      writeStamp(BUNDLE_DIR, { stamp, inputs, sha256: digestDir(BUNDLE_DIR) });
    }
  } catch {
    // A bundle that cannot be kept is built again by the next run, nothing more.
  }
  return text;
}

/** The CloudFront Function source for `config`. */
export function edgeFunctionCode(config: EdgeConfig): string {
  // CloudFront calls the top-level `handler`; it does not load the file as a module with exports.
  const bundled = edgeBundle()
    .replace(/export\s*\{\s*handler\s*\};?\s*$/, "")
    .trim();
  if (!bundled.startsWith(IMPORT)) {
    throw new Error(
      `edge function: the code must begin with the cloudfront import, got "${bundled.slice(0, 40)}". Keep "import cf from \\"cloudfront\\"" the first import of functions/edge/viewer-request.ts.`,
    );
  }
  // The regions follow the import, which CloudFront requires on the first line.
  const code = `${IMPORT}const ${CONFIG_NAME}=${JSON.stringify(config)};${bundled.slice(IMPORT.length)}`;
  const bytes = Buffer.byteLength(code);
  if (bytes > CLOUDFRONT_FUNCTION_MAX_BYTES) {
    throw new Error(
      `edge function: the code must be at most ${CLOUDFRONT_FUNCTION_MAX_BYTES} bytes, got ${bytes}. Route fewer regions or shorten functions/edge/route.ts.`,
    );
  }
  return code;
}
