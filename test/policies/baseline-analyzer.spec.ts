/**
 * The baseline pack's security checks end to end over the analyzer protocol: config arrives
 * through Configure, values unknown during preview arrive as the engine's sentinel, and
 * violations come back through Pulumi's policy runner.
 */
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { analyze, configure, startPack, urnOf, type WireResource } from "./analyzer-client";

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

describe("tachyon-baseline security checks over the analyzer protocol", function () {
  this.timeout(120_000);
  let pack: { child: ChildProcess; port: number };

  before(async () => {
    pack = await startPack("policies/baseline");
    await configure(pack.port, {
      "log-retention": { enforcementLevel: "mandatory", properties: { minimumDays: 90 } },
    });
  });
  after(() => pack.child.kill());

  it("reports a credential in a Lambda environment but not a value unknown during preview", async () => {
    const fn: WireResource = {
      type: "aws:lambda/function:Function",
      name: "order",
      properties: {
        environment: { variables: { UPSTREAM: "AKIAIOSFODNN7EXAMPLE", DB_PASSWORD: UNKNOWN } },
      },
    };
    assert.deepEqual(await analyze(pack.port, fn), [
      {
        policy: "no-plaintext-secrets-in-environment",
        urn: urnOf(fn),
        message:
          'Lambda function must not hold a secret in plain environment variable "UPSTREAM"; its value is an AWS access key id (read it from Secrets Manager or SSM Parameter Store).',
      },
    ]);
  });

  it("judges log retention against the configured minimum", async () => {
    const logs: WireResource = {
      type: "aws:cloudwatch/logGroup:LogGroup",
      name: "order-logs",
      properties: { retentionInDays: 30 },
    };
    assert.deepEqual(await analyze(pack.port, logs), [
      {
        policy: "log-retention",
        urn: urnOf(logs),
        message: "CloudWatch log group must set retentionInDays to at least 90; found 30 days.",
      },
    ]);
  });

  it("reports an old TLS floor and stays silent while the floor is unknown", async () => {
    const proxy: WireResource = {
      type: "gcp:compute/targetHttpsProxy:TargetHttpsProxy",
      name: "entry",
      properties: { urlMap: "projects/p/global/urlMaps/m" },
    };
    assert.deepEqual(await analyze(pack.port, proxy), [
      {
        policy: "tls-minimum-version",
        urn: urnOf(proxy),
        message:
          "Target HTTPS proxy must reference an sslPolicy with minTlsVersion TLS_1_2 or later; found none, so Google's default policy accepts TLS 1.0.",
      },
    ]);
    const pending = { ...proxy, properties: { ...proxy.properties, sslPolicy: UNKNOWN } };
    assert.deepEqual(await analyze(pack.port, pending), []);
  });
});
