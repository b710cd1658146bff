import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..", "..", "..");
const LAZY_SDK = path.join(ROOT, "tools", "engine", "lazy-sdk.js");

interface Loaded {
  /** Whether the TypeScript compiler was loaded after `require("@pulumi/pulumi")`. */
  typescript: boolean;
  /** Whether npm's Arborist was loaded after `require("@pulumi/pulumi")`. */
  arborist: boolean;
  /** The source `serializeFunction` produced for `() => 41 + 1`, trimmed to its body line. */
  serialized: string;
  /** How many files `computeCodePaths` returned for the `zod` package. */
  codePaths: number;
  /** Whether both modules were loaded once the serializer ran. */
  loadedAfterUse: boolean;
}

// Loads the SDK in a fresh process (with or without the preload), notes what it loaded, then
// serializes a function and computes a package's code paths, the two uses of the deferred modules.
const SCRIPT = `
const loaded = (re) => Object.keys(require.cache).some((f) => re.test(f));
const TS = /[\\\\/]typescript[\\\\/]lib[\\\\/]typescript\\.js$/;
const ARB = /[\\\\/]@npmcli[\\\\/]arborist[\\\\/]lib[\\\\/]index\\.js$/;
const pulumi = require("@pulumi/pulumi");
const typescript = loaded(TS);
const arborist = loaded(ARB);
(async () => {
  const s = await pulumi.runtime.serializeFunction(() => 41 + 1);
  const serialized = s.text.split("\\n").find((l) => l.includes("41"));
  const paths = await pulumi.runtime.computeCodePaths({ extraIncludePackages: ["zod"] });
  process.stdout.write(JSON.stringify({ typescript, arborist, serialized, codePaths: paths.size,
    loadedAfterUse: loaded(TS) && loaded(ARB) }));
})();
`;

function run(preload: boolean): Loaded {
  const out = execFileSync(
    process.execPath,
    [...(preload ? ["--require", LAZY_SDK] : []), "--no-deprecation", "-e", SCRIPT],
    { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] },
  );
  return JSON.parse(out) as Loaded;
}

describe("tools/engine/lazy-sdk", function () {
  this.timeout(60_000);
  let without: Loaded;
  let withPreload: Loaded;

  before(() => {
    without = run(false);
    withPreload = run(true);
  });

  it("without the preload, loading the SDK loads TypeScript and Arborist", () => {
    assert.equal(without.typescript, true);
    assert.equal(without.arborist, true);
  });

  it("with the preload, loading the SDK loads neither", () => {
    assert.equal(withPreload.typescript, false);
    assert.equal(withPreload.arborist, false);
  });

  it("serializes a function and computes code paths as without it, loading both on use", () => {
    assert.equal(withPreload.serialized, "return () => 41 + 1;");
    assert.equal(withPreload.serialized, without.serialized);
    assert.equal(withPreload.codePaths, without.codePaths);
    assert.ok(withPreload.codePaths > 0);
    assert.equal(withPreload.loadedAfterUse, true);
  });
});
