import * as assert from "node:assert/strict";
import { PolicyConfigError, type PolicyConfigFile } from "../../../tools/analyzer/config";
import type { PolicyDescription, PolicyPack } from "../../../tools/analyzer/pack";
import { PackSet } from "../../../tools/analyzer/pack-set";

/** A started pack as PackSet.prepare reads it: its name and its policies' descriptions. */
function describedPack(name: string, policy: string, property: string): PolicyPack {
  const description: PolicyDescription = {
    name: policy,
    description: "",
    enforcementLevel: "mandatory",
    severity: "high",
    kind: "resource",
    configProperties: { [property]: { type: "integer" } },
    configRequired: [],
  };
  return { name, policies: [description] } as unknown as PolicyPack;
}

describe("tools/analyzer/pack-set", () => {
  it("reports the config problems of every pack at once", () => {
    const packs = [
      describedPack("tachyon-latency", "function-bundle-size-limit", "maxBytes"),
      describedPack("tachyon-baseline", "log-retention-floor", "days"),
    ];
    const files: PolicyConfigFile[] = [
      {
        file: "prod.json",
        entries: {
          "function-bundle-size-limit": { maxBytes: "big" },
          "log-retention-floor": { days: "many" },
        },
      },
    ];
    assert.throws(
      () => PackSet.prepare(packs, new Map([["", files]])),
      (err: Error) => {
        assert.ok(err instanceof PolicyConfigError);
        assert.equal(
          err.message,
          [
            `prod.json: "function-bundle-size-limit.maxBytes" must be integer, got "big". Set "maxBytes" in the "function-bundle-size-limit" entry to fit the policy's config schema (pack tachyon-latency).`,
            `prod.json: "log-retention-floor.days" must be integer, got "many". Set "days" in the "log-retention-floor" entry to fit the policy's config schema (pack tachyon-baseline).`,
          ].join("\n"),
        );
        return true;
      },
    );
  });

  it("lists a file's problem once when several config sets share the file", () => {
    const packs = [describedPack("tachyon-latency", "function-bundle-size-limit", "maxBytes")];
    const shared: PolicyConfigFile = {
      file: "base.json",
      entries: { "function-bundle-size-limit": { maxBytes: 1.5 } },
    };
    assert.throws(
      () =>
        PackSet.prepare(
          packs,
          new Map([
            ["a", [shared]],
            ["b", [shared]],
          ]),
        ),
      {
        message: `base.json: "function-bundle-size-limit.maxBytes" must be integer, got 1.5. Set "maxBytes" in the "function-bundle-size-limit" entry to fit the policy's config schema (pack tachyon-latency).`,
      },
    );
  });
});
