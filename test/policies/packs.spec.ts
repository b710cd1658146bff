/**
 * Starts each pack exactly as `pulumi preview --policy-pack policies/<pack>` does — Pulumi's
 * nodejs policy runner (`@pulumi/pulumi/cmd/run-policy-pack`, ts-node with type checking) in the
 * pack's folder — and asks it over the analyzer gRPC protocol which policies it serves.
 */
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const analyzerRpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb") as {
  AnalyzerClient: new (address: string, credentials: grpc.ChannelCredentials) => AnalyzerClient;
  AnalyzerService: { getAnalyzerInfo: { requestType: new () => unknown } };
};

interface PolicyInfo {
  getName(): string;
  getSeverity(): number;
  getEnforcementlevel(): number;
  getDescription(): string;
}
interface AnalyzerInfo {
  getName(): string;
  getVersion(): string;
  getPoliciesList(): PolicyInfo[];
}
interface AnalyzerClient {
  getAnalyzerInfo(
    request: unknown,
    callback: (err: Error | null, info: AnalyzerInfo) => void,
  ): void;
  close(): void;
}

const root = path.resolve(__dirname, "../..");
const runner = path.join(root, "node_modules/@pulumi/pulumi/cmd/run-policy-pack");

/** Starts the pack in its folder; resolves with the process and the port it printed. */
function startPack(dir: string): Promise<{ child: ChildProcess; port: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [runner, "127.0.0.1:0", "."], {
      cwd: path.join(root, dir),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
    child.stdout?.once("data", (d: Buffer) =>
      resolve({ child, port: Number(d.toString().trim()) }),
    );
    child.once("exit", (code) => reject(new Error(`${dir} exited with ${code}: ${stderr}`)));
  });
}

function analyzerInfo(port: number): Promise<AnalyzerInfo> {
  const client = new analyzerRpc.AnalyzerClient(
    `127.0.0.1:${port}`,
    grpc.credentials.createInsecure(),
  );
  const Empty = analyzerRpc.AnalyzerService.getAnalyzerInfo.requestType;
  return new Promise((resolve, reject) =>
    client.getAnalyzerInfo(new Empty(), (err, info) => {
      client.close();
      if (err) reject(err);
      else resolve(info);
    }),
  );
}

const CONTRACT: Record<string, { pack: string; policies: string[] }> = {
  "policies/latency": {
    pack: "tachyon-latency",
    policies: [
      "provisioned-concurrency-required",
      "provisioned-concurrency-on-invoked-alias",
      "function-bundle-size-limit",
      "function-memory-floor",
      "function-architecture",
      "same-region-data-access",
      "latency-dns-health-check",
      "dns-ttl-limit",
      "event-source-batching-window",
      "latency-budget",
    ],
  },
  "policies/residency": {
    pack: "tachyon-residency",
    policies: ["data-residency", "replica-residency"],
  },
  "policies/baseline": {
    pack: "tachyon-baseline",
    policies: [
      "encryption-at-rest",
      "no-public-function-endpoint",
      "no-wildcard-iam",
      "deletion-protection",
      "point-in-time-recovery",
      "dead-letter-queue-required",
    ],
  },
};

describe("policy packs under Pulumi's policy runner", function () {
  this.timeout(120_000);
  for (const [dir, expected] of Object.entries(CONTRACT)) {
    it(`${dir} serves ${expected.pack} with exactly its contract policies, each with a severity and description`, async () => {
      const { child, port } = await startPack(dir);
      try {
        const info = await analyzerInfo(port);
        assert.equal(info.getName(), expected.pack);
        assert.equal(info.getVersion(), "0.1.0");
        const policies = info.getPoliciesList();
        assert.deepEqual(
          policies.map((p) => p.getName()),
          expected.policies,
        );
        for (const p of policies) {
          assert.notEqual(p.getSeverity(), 0, `${p.getName()} has no severity`);
          assert.match(p.getDescription(), /^[A-Z].*\.$/, `${p.getName()} description`);
        }
      } finally {
        child.kill();
      }
    });
  }
});
