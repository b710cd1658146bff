import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { Metafile } from "esbuild";
import {
  BUDGETS,
  budgetOf,
  BundleBudgetError,
  bundleFunction,
  digestDir,
  esbuildOptions,
  largestModules,
  ROOT,
} from "../../functions/build";

describe("functions/build", () => {
  let tmp: string;
  before(() => {
    tmp = mkdtempSync(path.join(tmpdir(), "tachyon-build-"));
  });
  after(() => {
    rmSync(tmp, { recursive: true, force: true });
  });

  it("maps a function to exact esbuild options: ESM, minified, tree-shaken, node22", () => {
    const { banner, ...options } = esbuildOptions("order", "aws", "/out");
    assert.deepEqual(options, {
      absWorkingDir: ROOT,
      entryPoints: [path.join(ROOT, "functions", "entries", "aws", "order.ts")],
      outfile: "/out/index.mjs",
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node22",
      minify: true,
      treeShaking: true,
      mainFields: ["module", "main"],
      conditions: ["module", "import", "node"],
      alias: { msgpackr: "./node_modules/msgpackr/index.js" },
      external: [],
      legalComments: "none",
      sourcemap: false,
      charset: "utf8",
      metafile: true,
      write: false,
      logLevel: "silent",
      define: { "process.env.NODE_ENV": '"production"' },
    });
    assert.match(banner.js, /createRequire/);
    assert.deepEqual(esbuildOptions("order", "azure", "/out").external, ["@azure/functions-core"]);
  });

  it("builds byte-identical bundles with the same sha256 wherever and however often it builds", () => {
    const a = bundleFunction("fraud-score", "gcp", path.join(tmp, "a"));
    const b = bundleFunction("fraud-score", "gcp", path.join(tmp, "elsewhere", "b"));
    assert.equal(a.sha256, b.sha256);
    assert.equal(a.bytes, b.bytes);
    for (const file of a.files) {
      assert.ok(
        readFileSync(path.join(a.dir, file)).equals(readFileSync(path.join(b.dir, file))),
        file,
      );
    }
    assert.match(a.sha256, /^[0-9a-f]{64}$/);
  });

  it("removes stale files from the output folder", () => {
    const dir = path.join(tmp, "stale");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "old-handler.js"), "exports.handler = 1;");
    assert.deepEqual(readdirSync(dir), ["old-handler.js"]);
    bundleFunction("normalize", "gcp", dir);
    assert.deepEqual(readdirSync(dir).sort(), ["index.mjs", "package.json"]);
  });

  it("keeps the metafile beside the package, so the package and its digest hold only what runs", () => {
    const dir = path.join(tmp, "beside");
    const bundle = bundleFunction("order", "aws", dir);
    assert.equal(bundle.metafilePath, `${dir}.metafile.json`);
    assert.deepEqual(readdirSync(dir), ["index.mjs"]);
    // The metafile records each source's bytes: a comment edited in a shared file changes it
    // while the minified code stays the same. The digest must not see it.
    const recorded = readFileSync(bundle.metafilePath, "utf8");
    writeFileSync(
      bundle.metafilePath,
      recorded.replace(/"bytes": (\d+)/, (_, n) => `"bytes": ${Number(n) + 1}`),
    );
    assert.notEqual(readFileSync(bundle.metafilePath, "utf8"), recorded);
    assert.equal(digestDir(dir), bundle.sha256);
  });

  it("returns the cached bundle when asked again in the same process", () => {
    const dir = path.join(tmp, "cached");
    assert.equal(bundleFunction("normalize", "aws", dir), bundleFunction("normalize", "aws", dir));
  });

  it("describes each cloud's package: handler, runtime and the files beside the bundle", () => {
    const aws = bundleFunction("order", "aws", path.join(tmp, "aws"));
    const azure = bundleFunction("order", "azure", path.join(tmp, "azure"));
    const gcp = bundleFunction("order", "gcp", path.join(tmp, "gcp"));
    assert.deepEqual(
      [aws.handler, aws.runtime, aws.files],
      ["index.handler", "nodejs22.x", ["index.mjs"]],
    );
    assert.deepEqual(
      [azure.handler, azure.runtime, azure.files],
      ["index.mjs", "22", ["host.json", "index.mjs", "package.json"]],
    );
    assert.deepEqual(
      [gcp.handler, gcp.runtime, gcp.files],
      ["handler", "nodejs22", ["index.mjs", "package.json"]],
    );
    assert.deepEqual(JSON.parse(readFileSync(path.join(gcp.dir, "package.json"), "utf8")), {
      name: "tachyon-order",
      version: "1.0.0",
      private: true,
      type: "module",
      main: "index.mjs",
      engines: { node: ">=22" },
      scripts: { start: "functions-framework --target=handler" },
      dependencies: { "@google-cloud/functions-framework": "5.0.5" },
    });
    assert.deepEqual(JSON.parse(readFileSync(path.join(azure.dir, "host.json"), "utf8")), {
      version: "2.0",
      extensionBundle: { id: "Microsoft.Azure.Functions.ExtensionBundle", version: "[4.*, 5.0.0)" },
      logging: { logLevel: { default: "Warning", Function: "Information" } },
    });
    const metafile = JSON.parse(readFileSync(aws.metafilePath, "utf8")) as Metafile;
    assert.deepEqual(Object.keys(metafile.outputs), ["index.mjs"]);
    assert.ok("functions/lib/aws-client.ts" in metafile.inputs, "the signed client is bundled");
    assert.ok(aws.bytes <= 64 * 1024, `aws/order is ${aws.bytes} bytes`);
  });

  it("holds every Azure bundle to 64 KB, without @azure/functions, triggers and health route kept", () => {
    for (const name of ["normalize", "order", "fraud-score", "portfolio-value"]) {
      assert.equal(budgetOf(name, "azure"), 64 * 1024, name);
      const bundle = bundleFunction(name, "azure", path.join(tmp, "azure-budget", name));
      assert.ok(bundle.bytes <= 64 * 1024, `azure/${name} is ${bundle.bytes} bytes`);
      const metafile = JSON.parse(readFileSync(bundle.metafilePath, "utf8")) as Metafile;
      const bundled = Object.keys(metafile.inputs);
      assert.deepEqual(
        bundled.filter((file) => file.includes("node_modules/@azure/")),
        [],
        `azure/${name} bundles @azure/*`,
      );
      assert.ok(bundled.includes("functions/adapters/azure-core.ts"), name);
      assert.ok(bundled.includes("functions/adapters/health.ts"), name);
    }
  });

  it("holds AWS's and Azure's order bundles to 64 KB and GCP's to the function's budget", () => {
    assert.equal(budgetOf("order", "aws"), 64 * 1024);
    assert.equal(budgetOf("order", "azure"), 64 * 1024);
    assert.equal(budgetOf("order", "gcp"), BUDGETS.order);
    assert.equal(budgetOf("normalize", "aws"), BUDGETS.normalize);
  });

  it("leaves node:https and node:crypto out of the AWS order bundle's static imports", () => {
    // They load on the first DynamoDB call; importing them with the bundle would add their
    // load time to every cold start.
    const bundle = bundleFunction("order", "aws", path.join(tmp, "lazy-builtins"));
    const code = readFileSync(path.join(bundle.dir, "index.mjs"), "utf8");
    const statics = [...code.matchAll(/from"(node:[a-z_/]+)"/g)].map((m) => m[1]);
    assert.deepEqual(statics, ["node:module"]);
    assert.deepEqual([...code.matchAll(/import\("(node:[a-z_/]+)"\)/g)].map((m) => m[1]).sort(), [
      "node:http",
      "node:https",
    ]);
  });

  it("bundles no AWS SDK package into any workload function", () => {
    for (const name of ["normalize", "order", "fraud-score", "portfolio-value"]) {
      const bundle = bundleFunction(name, "aws", path.join(tmp, "sdk-free", name));
      const metafile = JSON.parse(readFileSync(bundle.metafilePath, "utf8")) as Metafile;
      const sdk = Object.keys(metafile.inputs).filter((input) =>
        /node_modules\/@(aws-sdk|smithy|aws-crypto)\//.test(input),
      );
      assert.deepEqual(sdk, [], name);
    }
  });

  it("fails a bundle over its budget, naming the three largest modules", () => {
    const normal = bundleFunction("portfolio-value", "aws", path.join(tmp, "budget-ok"));
    const largest = largestModules(
      JSON.parse(readFileSync(normal.metafilePath, "utf8")) as Metafile,
      3,
    );
    assert.throws(
      () =>
        bundleFunction("portfolio-value", "aws", path.join(tmp, "budget"), { budgetBytes: 1000 }),
      (error: unknown) => {
        assert.ok(error instanceof BundleBudgetError);
        assert.deepEqual(error.largest, largest);
        assert.equal(
          error.message,
          `functions/build.ts: bundle "portfolio-value" for aws is ${normal.bytes} bytes, over its budget of 1000 bytes; largest modules: ${largest
            .map((m) => `${m.path} (${m.bytes} bytes)`)
            .join(", ")}. Trim those imports or raise BUDGETS["portfolio-value"].`,
        );
        return true;
      },
    );
  });

  it("rejects an unknown function or cloud", () => {
    assert.throws(() => bundleFunction("nope", "aws"), {
      message:
        'functions/build.ts: function must be one of normalize, order, fraud-score, portfolio-value, got "nope". Use a name from functions/catalog.ts.',
    });
    assert.throws(() => bundleFunction("order", "ibm" as "aws"), {
      message:
        'functions/build.ts: cloud must be one of aws, azure, gcp, got "ibm". Pass aws, azure or gcp.',
    });
  });

  it("produces Lambda and Cloud Functions bundles that run in a fresh Node process", () => {
    const aws = bundleFunction("order", "aws", path.join(tmp, "run-aws"));
    const gcp = bundleFunction("portfolio-value", "gcp", path.join(tmp, "run-gcp"));
    const alb = readFileSync(path.join(__dirname, "fixtures", "aws-alb-order.json"), "utf8");
    const script = `
      const { handler } = await import(${JSON.stringify(path.join(aws.dir, aws.entry))});
      const r = await handler(${alb});
      const gcp = await import(${JSON.stringify(path.join(gcp.dir, gcp.entry))});
      let code = 0;
      const res = { status(c) { code = c; return res; }, set() { return res; }, send() {} };
      await gcp.handler({ method: "POST", headers: { "content-type": "application/json" }, body: { kind: "revalue", portfolio: "p" } }, res);
      console.log(JSON.stringify([r.statusCode, JSON.parse(r.body).status, code]));`;
    const result = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
      encoding: "utf8",
    });
    assert.equal(result.status, 0, result.stderr);
    // No venue quotes are configured, so the simulated venue rejects the symbol: a full round trip.
    assert.deepEqual(JSON.parse(result.stdout.trim().split("\n").pop() as string), [
      200,
      "rejected",
      200,
    ]);
  });
});
