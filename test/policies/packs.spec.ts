/**
 * Starts each pack exactly as `pulumi preview --policy-pack policies/<pack>` does — Pulumi's
 * nodejs policy runner (`@pulumi/pulumi/cmd/run-policy-pack`, ts-node with type checking) in the
 * pack's folder — and asks it over the analyzer gRPC protocol which policies it serves.
 */
import assert from "node:assert/strict";
import * as path from "node:path";
import { readFileSync } from "node:fs";
import Ajv from "ajv";
import { analyzerInfo, root, startPack, type AnalyzerInfo } from "./analyzer-client";

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
      "dns-routing-set-consistency",
      "dns-target-serves-host",
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
      "tls-minimum-version",
      "no-plaintext-secrets-in-environment",
      "log-retention",
      "alert-receiver-required",
      "customer-managed-key-access",
      "external-key-access",
    ],
  },
};

/** A policy config file as Pulumi reads it: policy name -> level, or { enforcementLevel?, ...properties }. */
type ConfigFile = Record<string, string | Record<string, unknown>>;
const configFile = (env: string) =>
  JSON.parse(readFileSync(path.join(root, "policies/config", `${env}.json`), "utf8")) as ConfigFile;
const levelOf = (entry: ConfigFile[string] | undefined) =>
  typeof entry === "string" ? entry : (entry?.enforcementLevel as string | undefined);

describe("policy packs under Pulumi's policy runner", function () {
  this.timeout(120_000);
  const infos = new Map<string, AnalyzerInfo>();

  before(async () => {
    // The three packs type-check and start in parallel, as `pulumi preview` starts them.
    const started = await Promise.all(Object.keys(CONTRACT).map(startPack));
    try {
      const fetched = await Promise.all(started.map(({ port }) => analyzerInfo(port)));
      Object.keys(CONTRACT).forEach((dir, i) => infos.set(dir, fetched[i]));
    } finally {
      for (const { child } of started) child.kill();
    }
  });

  for (const [dir, expected] of Object.entries(CONTRACT)) {
    it(`${dir} serves ${expected.pack} with exactly its contract policies, each with a severity and description`, () => {
      const info = infos.get(dir)!;
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
    });

    for (const env of ["dev", "prod"]) {
      it(`policies/config/${env}.json configures every ${expected.pack} policy within its config schema`, () => {
        const config = configFile(env);
        const ajv = new Ajv({ strict: false, allErrors: true });
        for (const p of infos.get(dir)!.getPoliciesList()) {
          const entry = config[p.getName()];
          assert.ok(entry !== undefined, `${env}.json has no entry for ${p.getName()}`);
          const schema = p.getConfigschema();
          if (schema === undefined) continue;
          const props = typeof entry === "string" ? {} : { ...entry };
          delete props.enforcementLevel;
          const validate = ajv.compile({
            type: "object",
            properties: schema.getProperties().toJavaScript(),
            required: schema.getRequiredList(),
          });
          assert.ok(
            validate(props),
            `${env}.json ${p.getName()}: ${ajv.errorsText(validate.errors)}`,
          );
        }
      });
    }
  }

  it("makes latency rules advisory in dev and mandatory in prod (function-architecture is advisory everywhere)", () => {
    const dev = configFile("dev");
    const prod = configFile("prod");
    const latency = CONTRACT["policies/latency"].policies;
    assert.deepEqual(
      latency.map((name) => levelOf(dev[name])),
      latency.map(() => "advisory"),
    );
    assert.deepEqual(
      latency.map((name) => levelOf(prod[name])),
      latency.map((name) => (name === "function-architecture" ? "advisory" : "mandatory")),
    );
  });

  it("leaves alerts without a receiver advisory in dev and makes them mandatory in prod", () => {
    assert.deepEqual(
      [
        levelOf(configFile("dev")["alert-receiver-required"]),
        levelOf(configFile("prod")["alert-receiver-required"]),
      ],
      ["advisory", "mandatory"],
    );
  });

  it("rejects a config value outside a policy's schema", () => {
    const ajv = new Ajv({ strict: false });
    const schema = infos
      .get("policies/latency")!
      .getPoliciesList()
      .find((p) => p.getName() === "provisioned-concurrency-required")!
      .getConfigschema()!;
    const validate = ajv.compile({
      type: "object",
      properties: schema.getProperties().toJavaScript(),
    });
    assert.equal(validate({ minimum: 0 }), false);
    assert.equal(validate({ minimum: 3 }), true);
  });
});
