import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import {
  PolicyConfigError,
  readPolicyConfigFiles,
  reconcilePolicyConfig,
  unknownPolicyKeys,
} from "../../../tools/analyzer/config";
import type { PolicyDescription } from "../../../tools/analyzer/pack";

const POLICIES: PolicyDescription[] = [
  {
    name: "bucket-encryption-required",
    description: "",
    enforcementLevel: "mandatory",
    severity: "high",
    kind: "resource",
    configRequired: [],
  },
  {
    name: "queue-retention-limit",
    description: "",
    enforcementLevel: "advisory",
    severity: "medium",
    kind: "resource",
    configProperties: { maxSeconds: { type: "integer", minimum: 60, default: 345600 } },
    configRequired: [],
  },
  {
    name: "bucket-owner-tag",
    description: "",
    enforcementLevel: "remediate",
    severity: "low",
    kind: "resource",
    configRequired: [],
  },
];
const file = (entries: Record<string, unknown>) => ({ file: "policy.json", entries });

describe("tools/analyzer/config", () => {
  it("fills what the check knows into the policies whose schema declares it; a file still wins", () => {
    const bundle: PolicyDescription = {
      name: "function-bundle-size-limit",
      description: "",
      enforcementLevel: "mandatory",
      severity: "medium",
      kind: "resource",
      configProperties: { programDir: { type: "string", default: "" } },
      configRequired: [],
    };
    const known = { programDir: "/projects/shop" };
    const plain = reconcilePolicyConfig("p", [bundle, ...POLICIES], [], known);
    assert.deepEqual(plain.get("function-bundle-size-limit")?.properties, known);
    assert.deepEqual(plain.get("queue-retention-limit")?.properties, { maxSeconds: 345600 });
    const set = reconcilePolicyConfig(
      "p",
      [bundle],
      [file({ "function-bundle-size-limit": { programDir: "/elsewhere" } })],
      known,
    );
    assert.deepEqual(set.get("function-bundle-size-limit")?.properties, {
      programDir: "/elsewhere",
    });
  });

  it("starts every policy from its own level and its schema's defaults", () => {
    const config = reconcilePolicyConfig("fixture-policies", POLICIES, []);
    assert.deepEqual(Object.fromEntries(config), {
      "bucket-encryption-required": { level: "mandatory", properties: {} },
      "queue-retention-limit": { level: "advisory", properties: { maxSeconds: 345600 } },
      "bucket-owner-tag": { level: "remediate", properties: {} },
    });
  });

  it('applies "all" to every policy and lets a policy\'s own entry win', () => {
    const config = reconcilePolicyConfig("fixture-policies", POLICIES, [
      file({
        all: "mandatory",
        "queue-retention-limit": { enforcementLevel: "disabled", maxSeconds: 600 },
      }),
    ]);
    assert.deepEqual(Object.fromEntries(config), {
      "bucket-encryption-required": { level: "mandatory", properties: {} },
      "queue-retention-limit": { level: "disabled", properties: { maxSeconds: 600 } },
      "bucket-owner-tag": { level: "mandatory", properties: {} },
    });
  });

  it("rejects a value outside the policy's schema, naming the file, policy, property and fix", () => {
    assert.throws(
      () =>
        reconcilePolicyConfig(
          "fixture-policies",
          POLICIES,
          readPolicyConfigFiles([
            path.join(__dirname, "..", "..", "fixtures", "policy-config", "bad-schema.json"),
          ]),
        ),
      (err: Error) => {
        assert.ok(err instanceof PolicyConfigError);
        assert.equal(
          err.message,
          `${path.join(__dirname, "..", "..", "fixtures", "policy-config", "bad-schema.json")}: "queue-retention-limit.maxSeconds" must be >= 60, got 10. Set "maxSeconds" in the "queue-retention-limit" entry to fit the policy's config schema (pack fixture-policies).`,
        );
        return true;
      },
    );
  });

  it("rejects an enforcement level Pulumi does not know", () => {
    assert.throws(
      () =>
        reconcilePolicyConfig("fixture-policies", POLICIES, [
          file({ "bucket-owner-tag": "strict" }),
        ]),
      {
        message:
          'policy.json: "bucket-owner-tag" enforcement level must be one of advisory, mandatory, remediate, disabled, got "strict". Use one of those levels.',
      },
    );
  });

  it("lists config keys that match no policy of the selected packs", () => {
    assert.deepEqual(
      unknownPolicyKeys([file({ all: "advisory", "queue-retention-limt": "disabled" })], POLICIES),
      [{ file: "policy.json", key: "queue-retention-limt" }],
    );
  });

  it("names a config file that is not JSON", () => {
    assert.throws(
      () => readPolicyConfigFiles([path.join(__dirname, "config.spec.ts")]),
      /config\.spec\.ts: cannot read policy config, got ".*"\. Pass a readable JSON file\./,
    );
  });

  it("reports __proto__ anywhere in a config file as an unknown key", () => {
    const json = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "tachyon-pc-")), "p.json");
    fs.writeFileSync(
      json,
      '{"__proto__": "mandatory", "queue-retention-limit": {"__proto__": {"maxSeconds": 1}}}',
    );
    assert.throws(() => readPolicyConfigFiles([json]), {
      name: "PolicyConfigError",
      message: `${json}: "__proto__", "queue-retention-limit.__proto__" is not a known config key, got "__proto__". Remove it: "__proto__" names no policy or property.`,
    });
    assert.equal((Object.prototype as Record<string, unknown>)["maxSeconds"], undefined);
  });

  it("applies only a file's own entries, not Object.prototype members", () => {
    const named = (name: string): PolicyDescription => ({ ...POLICIES[0], name });
    const config = reconcilePolicyConfig(
      "p",
      [named("constructor"), named("toString")],
      [file({})],
    );
    assert.deepEqual(
      [...config.values()].map((c) => c.level),
      ["mandatory", "mandatory"],
    );
  });

  it("refuses a policy config that is not a regular file instead of blocking on it", () => {
    assert.throws(() => readPolicyConfigFiles([os.tmpdir()]), {
      name: "PolicyConfigError",
      message: `${os.tmpdir()}: must be a regular file, got a folder. Replace it with a plain text file.`,
    });
  });
});
