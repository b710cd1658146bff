import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { functionBundleSizeLimit } from "../../../policies/latency/function-bundle-size-limit";
import { validate, type FixtureResource } from "../harness";

describe("function-bundle-size-limit", () => {
  let dir: string;
  let zip: string;

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), "bundle-"));
    writeFileSync(path.join(dir, "index.mjs"), "x".repeat(3000));
    writeFileSync(path.join(dir, "package.json"), "y".repeat(100));
    const metafile = {
      inputs: {},
      outputs: {
        "index.mjs": {
          bytes: 3000,
          inputs: {
            "node_modules/a/index.js": { bytesInOutput: 1500 },
            "functions/order.ts": { bytesInOutput: 400 },
            "node_modules/b/index.js": { bytesInOutput: 900 },
            "functions/lib/codec.ts": { bytesInOutput: 200 },
          },
        },
      },
    };
    writeFileSync(path.join(dir, "metafile.json"), JSON.stringify(metafile));
    zip = path.join(mkdtempSync(path.join(tmpdir(), "zip-")), "source.zip");
    writeFileSync(zip, Buffer.alloc(2048));
  });
  after(() => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(path.dirname(zip), { recursive: true, force: true });
  });

  const lambda = (): FixtureResource => ({
    type: "aws:lambda/function:Function",
    props: { code: new pulumi.asset.FileArchive(dir) },
  });
  const gcsObject = (): FixtureResource => ({
    type: "gcp:storage/bucketObject:BucketObject",
    props: { source: new pulumi.asset.FileAsset(zip) },
  });
  const blob = (): FixtureResource => ({
    type: "azure-native:storage:Blob",
    props: { source: new pulumi.asset.FileArchive(dir) },
  });

  for (const [kind, make] of [
    ["Lambda", lambda],
    ["GCS object", gcsObject],
    ["Azure blob", blob],
  ] as const) {
    it(`accepts a ${kind} package under the default limit`, async () => {
      assert.deepEqual(await validate(functionBundleSizeLimit, make()), []);
    });
  }

  it("reports a folder over the limit with its three largest modules", async () => {
    assert.deepEqual(await validate(functionBundleSizeLimit, lambda(), { maxBytes: 3000 }), [
      `Function code package must be at most 2.9 KiB (3000 bytes); found 3.0 KiB (3100 bytes) at ${dir}; largest modules: node_modules/a/index.js (1.5 KiB), node_modules/b/index.js (900 B), functions/order.ts (400 B).`,
    ]);
  });

  it("finds the metafile kept beside a folder, as <folder>.metafile.json", async () => {
    const beside = mkdtempSync(path.join(tmpdir(), "beside-"));
    try {
      const pkg = path.join(beside, "order");
      mkdirSync(pkg);
      writeFileSync(path.join(pkg, "index.mjs"), "x".repeat(3000));
      writeFileSync(`${pkg}.metafile.json`, readFileSync(path.join(dir, "metafile.json")));
      const fixture: FixtureResource = {
        type: "aws:lambda/function:Function",
        props: { code: new pulumi.asset.FileArchive(pkg) },
      };
      assert.deepEqual(await validate(functionBundleSizeLimit, fixture, { maxBytes: 2000 }), [
        `Function code package must be at most 2.0 KiB (2000 bytes); found 2.9 KiB (3000 bytes) at ${pkg}; largest modules: node_modules/a/index.js (1.5 KiB), node_modules/b/index.js (900 B), functions/order.ts (400 B).`,
      ]);
    } finally {
      rmSync(beside, { recursive: true, force: true });
    }
  });

  it("measures a zip by its file size", async () => {
    assert.deepEqual(await validate(functionBundleSizeLimit, gcsObject(), { maxBytes: 2000 }), [
      `Function code package must be at most 2.0 KiB (2000 bytes); found 2.0 KiB (2048 bytes) at ${zip}.`,
    ]);
  });

  it("sums the assets of an inline archive", async () => {
    const inline: FixtureResource = {
      type: "aws:lambda/function:Function",
      props: {
        code: new pulumi.asset.AssetArchive({
          "index.mjs": new pulumi.asset.StringAsset("z".repeat(600)),
          "lib.mjs": new pulumi.asset.FileAsset(path.join(dir, "package.json")),
        }),
      },
    };
    assert.deepEqual(await validate(functionBundleSizeLimit, inline, { maxBytes: 512 }), [
      "Function code package must be at most 512 B (512 bytes); found 700 B (700 bytes) at inline archive.",
    ]);
  });

  it("ignores blobs that are not archives", async () => {
    const text: FixtureResource = {
      type: "azure-native:storage:Blob",
      props: { source: new pulumi.asset.FileAsset(path.join(dir, "index.mjs")) },
    };
    assert.deepEqual(await validate(functionBundleSizeLimit, text, { maxBytes: 1 }), []);
  });
});

describe("function-bundle-size-limit with relative asset paths", () => {
  it("resolves a relative path against the configured program folder", async () => {
    const program = mkdtempSync(path.join(tmpdir(), "program-"));
    try {
      writeFileSync(path.join(program, "code.zip"), Buffer.alloc(5000));
      const r: FixtureResource = {
        type: "aws:lambda/function:Function",
        props: { code: new pulumi.asset.FileArchive("code.zip") },
      };
      assert.deepEqual(
        await validate(functionBundleSizeLimit, r, { maxBytes: 4096, programDir: program }),
        [
          "Function code package must be at most 4.0 KiB (4096 bytes); found 4.9 KiB (5000 bytes) at code.zip.",
        ],
      );
    } finally {
      rmSync(program, { recursive: true, force: true });
    }
  });
});
