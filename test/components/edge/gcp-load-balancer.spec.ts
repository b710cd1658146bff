import assert from "node:assert/strict";
import * as settings from "@pulumi/pulumi/runtime/settings";
import { GcpGlobalEntry } from "../../../components/edge/gcp-load-balancer";
import { useRecordingMocks, type Recorder } from "../azure-gcp-mocks";
import { SpecParent } from "../azure-gcp-fixtures";

const CERTIFICATE = "gcp:compute/managedSslCertificate:ManagedSslCertificate";
const PROXY = "gcp:compute/targetHttpsProxy:TargetHttpsProxy";

/** What the SDK asked of the engine for one resource's replacement. */
interface ReplaceOption {
  readonly deleteBeforeReplace: boolean;
  readonly defined: boolean;
}

/** Builds the entry for `domains` under fresh mocks; records each resource's replace option. */
async function entryFor(
  domains: string[],
): Promise<{ mocks: Recorder; replace: Map<string, ReplaceOption> }> {
  const mocks = await useRecordingMocks();
  const replace = new Map<string, ReplaceOption>();
  const monitor = settings.getMonitor() as unknown as {
    registerResource(
      req: {
        getName(): string;
        getDeletebeforereplace(): boolean;
        getDeletebeforereplacedefined(): boolean;
      },
      cb: unknown,
    ): void;
  };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    replace.set(req.getName(), {
      deleteBeforeReplace: req.getDeletebeforereplace(),
      defined: req.getDeletebeforereplacedefined(),
    });
    register(req, cb);
  };
  new GcpGlobalEntry(
    "gcp-entry",
    {
      environment: "prod",
      baseName: "tachyon-prod",
      domains,
      functions: [{ name: "order", regions: ["us-east4"] }],
    },
    { parent: new SpecParent("global") },
  );
  await mocks.settle();
  return { mocks, replace };
}

/** Each certificate as [logical name, physical name, domains]. */
const certificatesOf = (mocks: Recorder): unknown[][] =>
  mocks
    .ofType(CERTIFICATE)
    .map((c): unknown[] => [c.name, c.inputs.name, c.inputs.managed.domains as unknown]);

describe("GcpGlobalEntry certificates", () => {
  it("gives each domain a certificate named after it, all on the HTTPS proxy", async () => {
    const { mocks } = await entryFor(["api.trade.example.com", "gcp.api.trade.example.com"]);
    assert.deepEqual(certificatesOf(mocks), [
      ["gcp-entry-certificate-31d715", "tachyon-prod-31d715", ["api.trade.example.com"]],
      ["gcp-entry-certificate-906ad4", "tachyon-prod-906ad4", ["gcp.api.trade.example.com"]],
    ]);
    assert.deepEqual(mocks.one(PROXY, "gcp-entry-proxy").inputs.sslCertificates, [
      "gcp-entry-certificate-31d715-id",
      "gcp-entry-certificate-906ad4-id",
    ]);
  });

  it("makes a changed domain a new certificate beside the old one, not a replacement of it", async () => {
    const before = await entryFor(["api.trade.example.com", "gcp.api.trade.example.com"]);
    const after = await entryFor(["api.trade.example.net", "gcp.api.trade.example.com"]);
    // The unchanged domain keeps its resource; the changed one is a resource of another logical
    // and physical name, which Pulumi creates, points the proxy at, and only then deletes the old.
    assert.deepEqual(certificatesOf(after.mocks), [
      ["gcp-entry-certificate-10b45d", "tachyon-prod-10b45d", ["api.trade.example.net"]],
      ["gcp-entry-certificate-906ad4", "tachyon-prod-906ad4", ["gcp.api.trade.example.com"]],
    ]);
    const logical = (m: Recorder) => m.ofType(CERTIFICATE).map((c) => c.name);
    assert.deepEqual(
      logical(after.mocks).filter((n) => logical(before.mocks).includes(n)),
      ["gcp-entry-certificate-906ad4"],
    );
    assert.deepEqual(after.mocks.one(PROXY, "gcp-entry-proxy").inputs.sslCertificates, [
      "gcp-entry-certificate-10b45d-id",
      "gcp-entry-certificate-906ad4-id",
    ]);
    // Nothing asks for delete-before-replace: no certificate is deleted while the proxy uses it.
    for (const name of logical(after.mocks)) {
      assert.deepEqual(after.replace.get(name), { deleteBeforeReplace: false, defined: false });
    }
  });

  it("refuses a host name listed twice, which would need two certificates of one name", async () => {
    await useRecordingMocks();
    assert.throws(
      () =>
        new GcpGlobalEntry("gcp-entry", {
          environment: "prod",
          baseName: "tachyon-prod",
          domains: ["api.trade.example.com", "api.trade.example.com"],
          functions: [{ name: "order", regions: ["us-east4"] }],
        }),
      {
        message: `domains: each host name gets a certificate of its own, got "api.trade.example.com" twice. List each host name once.`,
      },
    );
  });
});
