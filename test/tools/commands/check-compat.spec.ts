import * as assert from "node:assert/strict";
import * as path from "node:path";
import { execFile } from "node:child_process";

const FIXTURES = path.join(__dirname, "..", "..", "fixtures");
const PACK = path.join(FIXTURES, "policy-pack");
const BIN = path.join(__dirname, "..", "..", "..", "bin", "tachyon.js");

interface Verdict {
  readonly code: number;
  readonly resourcesByType: Record<string, number>;
  readonly error: string | null;
  readonly violations: string[];
}

interface Report {
  stacks: {
    resourcesByType: Record<string, number>;
    error: { message: string } | null;
    violations: { level: string; policy: string; urn: string }[];
  }[];
}

/** `tachyon check --project <fixture> --format json` with the fixture pack, as a user runs it. */
function verdict(project: string): Promise<Verdict> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [
        BIN,
        "check",
        "--project",
        path.join(FIXTURES, project),
        "--policy-pack",
        PACK,
        "--format",
        "json",
      ],
      { timeout: 200_000, env: { ...process.env, FORCE_COLOR: "0" } },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === "number" ? err.code : undefined;
        if (code === undefined) return reject(err ?? new Error("no exit code"));
        try {
          const [stack] = (JSON.parse(stdout) as Report).stacks;
          resolve({
            code,
            resourcesByType: stack.resourcesByType,
            error: stack.error?.message ?? null,
            violations: stack.violations.map((v) => `${v.level} ${v.policy} ${v.urn}`),
          });
        } catch {
          reject(new Error(`no JSON report from ${project}: ${stderr}`));
        }
      },
    );
  });
}

describe("tachyon check --project on programs written the ways third parties write them", () => {
  const verdicts: Record<string, Verdict> = {};

  // Two at a time: each run starts its own policy pack.
  before(async function () {
    this.timeout(480_000);
    const names = [
      ["paths-alias", "decorators"],
      ["esm", "nested"],
      ["js-only", "main-src"],
      ["throws-nested", "apply-rejects"],
      ["type-error", "typescript-off"],
      ["typescript-off-js"],
    ];
    for (const pair of names) {
      const done = await Promise.all(pair.map((n) => verdict(n)));
      pair.forEach((n, i) => (verdicts[n] = done[i]));
    }
  });

  it("fails a tsconfig paths alias as Pulumi's ts-node does, and says why", () => {
    assert.deepEqual(verdicts["paths-alias"], {
      code: 2,
      resourcesByType: {},
      error:
        'index.ts: cannot find module "@lib/naming", got a module path that only tsconfig.json "paths" "@lib/*" resolves, which the compiler honours for type checking but Pulumi\'s ts-node does not at run time (pulumi preview fails the same way). Import it by a relative path, or register tsconfig-paths at the top of the program (import "tsconfig-paths/register").',
      violations: [],
    });
  });

  it("passes a program of decorated classes", () => {
    assert.deepEqual(verdicts["decorators"], {
      code: 0,
      resourcesByType: { "pulumi:pulumi:Stack": 1, "aws:s3/bucketV2:BucketV2": 1 },
      error: null,
      violations: [],
    });
  });

  it("judges an ES module program with top-level await", () => {
    assert.deepEqual(verdicts["esm"], {
      code: 1,
      resourcesByType: { "pulumi:pulumi:Stack": 1, "aws:s3/bucket:Bucket": 2 },
      error: null,
      violations: [
        "mandatory bucket-encryption-required urn:pulumi:dev::esm::aws:s3/bucket:Bucket::access-logs",
        "mandatory bucket-encryption-required urn:pulumi:dev::esm::aws:s3/bucket:Bucket::audit-logs",
      ],
    });
  });

  it("judges a program over nested folders with a JSON import", () => {
    assert.deepEqual(verdicts["nested"], {
      code: 0,
      resourcesByType: {
        "pulumi:pulumi:Stack": 1,
        "aws:sqs/queue:Queue": 2,
        "aws:s3/bucket:Bucket": 1,
      },
      error: null,
      violations: [
        "advisory queue-follows-bucket urn:pulumi:dev::nested::pulumi:pulumi:Stack::nested-dev",
        "advisory queue-retention-limit urn:pulumi:dev::nested::aws:sqs/queue:Queue::fills",
        "advisory queue-retention-limit urn:pulumi:dev::nested::aws:sqs/queue:Queue::rejects",
      ],
    });
  });

  it("passes a JavaScript program", () => {
    assert.deepEqual(verdicts["js-only"], {
      code: 0,
      resourcesByType: { "pulumi:pulumi:Stack": 1, "aws:cloudwatch/logGroup:LogGroup": 1 },
      error: null,
      violations: [],
    });
  });

  it("passes a program in src/ with its runtime options", () => {
    assert.deepEqual(verdicts["main-src"], {
      code: 0,
      resourcesByType: { "pulumi:pulumi:Stack": 1, "aws:s3/bucketV2:BucketV2": 1 },
      error: null,
      violations: [],
    });
  });

  it("fails a program that throws in a nested file, naming the TypeScript file and line", () => {
    assert.deepEqual(verdicts["throws-nested"], {
      code: 2,
      resourcesByType: {},
      error: "subnet plan needs a /16, got 10.0.0.0/20 (at network/subnets/plan.ts:7)",
      violations: [],
    });
  });

  it("fails a program whose apply leaves a rejected promise unhandled, naming its line", () => {
    assert.deepEqual(verdicts["apply-rejects"], {
      code: 2,
      resourcesByType: {},
      error: 'bucket "reports-2026" is outside the acme- namespace (at index.ts:5)',
      violations: [],
    });
  });

  it("fails a program with a type error as Pulumi's ts-node does, naming the file, line and code", () => {
    assert.deepEqual(verdicts["type-error"], {
      code: 2,
      resourcesByType: {},
      error:
        "settings.ts:6:3: error TS2322: Type 'string' is not assignable to type 'number'.\n" +
        'Pulumi\'s language host type-checks the program with ts-node and stops on these, so pulumi preview fails the same way. Fix them, or set PULUMI_NODEJS_TRANSPILE_ONLY=true (or "noCheck": true in the tsconfig) to skip the type check as Pulumi does.',
      violations: [],
    });
  });

  it("loads a TypeScript program as JavaScript when Pulumi.yaml turns TypeScript off, as the host does", () => {
    assert.deepEqual(verdicts["typescript-off"], {
      code: 2,
      resourcesByType: {},
      error:
        'index.ts: Missing initializer in const declaration, got TypeScript where Pulumi.yaml\'s runtime.options.typescript: false has Node read JavaScript (pulumi preview fails the same way). Remove that option, or compile the program to JavaScript and point "main" at it.',
      violations: [],
    });
    assert.deepEqual(verdicts["typescript-off-js"], {
      code: 0,
      resourcesByType: { "pulumi:pulumi:Stack": 1, "aws:s3/bucketV2:BucketV2": 1 },
      error: null,
      violations: [],
    });
  });
});
