import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import * as settings from "@pulumi/pulumi/runtime/settings";
import * as state from "@pulumi/pulumi/runtime/state";
import { deployGcpGlobal, deployGcpSite } from "../../../components/deployment/gcp";
import { GlobalDeployment } from "../../../components/deployment/global";
import { RegionalDeployment } from "../../../components/deployment/regional";
import {
  GCP_SERVICE_TYPE,
  gateGcpResources,
  withGcpServiceGate,
} from "../../../components/access/gcp-service-gate";
import {
  gcpGlobalDeployables,
  gcpGlobalServices,
  gcpSiteDeployables,
  gcpSiteServices,
} from "../../../components/deployment/gcp-services";
import type { InterconnectConfig } from "../../../model/config-regional";
import type { Topology } from "../../../model/types";
import { useRecordingMocks, type Recorder } from "../azure-gcp-mocks";
import { topology } from "../azure-gcp-fixtures";
import { GCP_GLOBAL, globalContext, siteContext } from "./azure-gcp-context";

const siteOf = (t: Topology, id: string) => t.sites.find((s) => s.id === id)!;
const INTERCONNECT: InterconnectConfig = {
  type: "PARTNER",
  edgeAvailabilityDomain: "AVAILABILITY_DOMAIN_1",
};

/** Every site API of a site running functions, and the extra ones its workloads bring. */
const SITE_BASE = [
  "artifactregistry.googleapis.com",
  "cloudresourcemanager.googleapis.com",
  "compute.googleapis.com",
  "iam.googleapis.com",
  "storage.googleapis.com",
];
const FUNCTIONS = [
  "artifactregistry.googleapis.com",
  "cloudbuild.googleapis.com",
  "cloudfunctions.googleapis.com",
  "cloudresourcemanager.googleapis.com",
  "compute.googleapis.com",
  "iam.googleapis.com",
  "logging.googleapis.com",
  "monitoring.googleapis.com",
  "run.googleapis.com",
  "storage.googleapis.com",
];
const sorted = (...lists: string[][]) => [...new Set(lists.flat())].sort();

describe("the Google Cloud APIs each stack enables", () => {
  it("global: the VPC and the Google APIs endpoint, Spanner with a GCP database", () => {
    const t = topology();
    assert.deepEqual(gcpGlobalDeployables(t), [
      "global-network",
      "google-apis-endpoint",
      "spanner",
      "load-balancer",
    ]);
    assert.deepEqual(gcpGlobalServices(t), [
      "compute.googleapis.com",
      "dns.googleapis.com",
      "servicedirectory.googleapis.com",
      "spanner.googleapis.com",
    ]);
  });

  it("global: no Spanner without a GCP database, the same APIs without a load balancer", () => {
    const noGcpDb = topology({ databases: topology().databases.filter((d) => d.cloud !== "gcp") });
    const expected = [
      "compute.googleapis.com",
      "dns.googleapis.com",
      "servicedirectory.googleapis.com",
    ];
    assert.deepEqual(gcpGlobalServices(noGcpDb), expected);
    const noHttp = topology({
      databases: noGcpDb.databases,
      workloads: topology().workloads.map((w) => ({
        ...w,
        sites: w.sites.filter((s) => !s.startsWith("gcp:")),
      })),
    });
    assert.deepEqual(gcpGlobalDeployables(noHttp), ["global-network", "google-apis-endpoint"]);
    assert.deepEqual(gcpGlobalServices(noHttp), expected);
  });

  it("global: nothing when the topology has no Google Cloud site", () => {
    const t = topology({ sites: topology().sites.filter((s) => s.cloud !== "gcp") });
    assert.deepEqual(gcpGlobalDeployables(t), []);
    assert.deepEqual(gcpGlobalServices(t), []);
  });

  it("site with trading and fraud on a GCP database: functions, Pub/Sub, Spanner, alerts", () => {
    const t = topology();
    const site = siteOf(t, "gcp:europe-west3");
    assert.deepEqual(gcpSiteDeployables(t, site), [
      "site-network",
      "function-sources",
      "function-build",
      "pubsub",
      "spanner",
      "functions",
      "alerts",
    ]);
    assert.deepEqual(
      gcpSiteServices(t, site),
      sorted(FUNCTIONS, ["pubsub.googleapis.com", "spanner.googleapis.com"]),
    );
  });

  it("site with trading whose database is on another cloud: Spanner for its claims store", () => {
    const t = topology();
    assert.deepEqual(
      gcpSiteServices(t, siteOf(t, "gcp:us-east4")),
      sorted(FUNCTIONS, ["pubsub.googleapis.com", "spanner.googleapis.com"]),
    );
  });

  it("site with fraud alone on another cloud's database: Spanner for its state store, no Pub/Sub", () => {
    const t = topology({
      workloads: [{ ...topology().workloads[1], database: "orders" }],
    });
    assert.deepEqual(
      gcpSiteServices(t, siteOf(t, "gcp:europe-west3")),
      sorted(FUNCTIONS, ["spanner.googleapis.com"]),
    );
  });

  it("site with fraud alone and no database: its state in memory, no Spanner, no Pub/Sub", () => {
    const { database: _none, ...fraud } = topology().workloads[1];
    const t = topology({ workloads: [fraud] });
    assert.deepEqual(gcpSiteServices(t, siteOf(t, "gcp:europe-west3")), FUNCTIONS);
  });

  it("site without workloads: network, source bucket and build identity only", () => {
    const t = topology({ workloads: [] });
    assert.deepEqual(gcpSiteServices(t, siteOf(t, "gcp:europe-west3")), SITE_BASE);
  });

  it("site with an interconnect: the same APIs, its router and attachment being Compute Engine", () => {
    const t = topology();
    const site = siteOf(t, "gcp:europe-west3");
    assert.deepEqual(gcpSiteDeployables(t, site, { interconnect: INTERCONNECT }).slice(0, 2), [
      "site-network",
      "interconnect",
    ]);
    assert.deepEqual(
      gcpSiteServices(t, site, { interconnect: INTERCONNECT }),
      gcpSiteServices(t, site),
    );
  });
});

/** The API each Google Cloud resource type of the stacks is served by, by type module. */
const API_OF_MODULE: Record<string, string> = {
  artifactregistry: "artifactregistry.googleapis.com",
  cloudfunctionsv2: "cloudfunctions.googleapis.com",
  cloudrunv2: "run.googleapis.com",
  compute: "compute.googleapis.com",
  dns: "dns.googleapis.com",
  monitoring: "monitoring.googleapis.com",
  projects: "cloudresourcemanager.googleapis.com",
  pubsub: "pubsub.googleapis.com",
  serviceaccount: "iam.googleapis.com",
  spanner: "spanner.googleapis.com",
  storage: "storage.googleapis.com",
};

/** A deployment component as the global and regional deployments build theirs. */
class GatedParent extends pulumi.ComponentResource {
  constructor(name: string) {
    super("tachyon:spec:Parent", name, {}, withGcpServiceGate());
  }
}

/** What a registration or an invoke waits for, by resource name or invoke token. */
interface Waits {
  readonly mocks: Recorder;
  readonly deps: Map<string, string[]>;
  readonly invokes: Map<string, string[][]>;
}

/** Installs recording mocks that also keep each registration's and invoke's dependencies. */
async function mocksWithDependencies(): Promise<Waits> {
  const mocks = await useRecordingMocks();
  // As the Pulumi CLI's engine does: the SDK then sends an invoke's dependencies with it.
  (
    state as unknown as { getStore(): { supportsInvokeDependsOn: boolean } }
  ).getStore().supportsInvokeDependsOn = true;
  const deps = new Map<string, string[]>();
  const invokes = new Map<string, string[][]>();
  const monitor = settings.getMonitor() as unknown as {
    registerResource(
      req: { getName(): string; getDependenciesList(): string[] },
      cb: unknown,
    ): void;
    invoke(req: { getTok(): string; getDependsonList(): string[] }, cb: unknown): void;
  };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    deps.set(req.getName(), req.getDependenciesList());
    register(req, cb);
  };
  const invoke = monitor.invoke.bind(monitor);
  monitor.invoke = (req, cb) => {
    invokes.set(req.getTok(), [...(invokes.get(req.getTok()) ?? []), req.getDependsonList()]);
    invoke(req, cb);
  };
  return { mocks, deps, invokes };
}

function assertGated(mocks: Recorder, deps: Map<string, string[]>, services: string[]): void {
  const enabled = mocks.ofType(GCP_SERVICE_TYPE);
  assert.deepEqual(
    enabled.map((s): unknown[] => [s.name, s.inputs.service]),
    services.map((s) => [`gcp-api-${s.replace(".googleapis.com", "")}`, s]),
  );
  for (const s of enabled) {
    assert.deepEqual(s.inputs, {
      service: s.inputs.service,
      disableOnDestroy: false,
      disableDependentServices: false,
    });
  }
  const serviceUrns = enabled.map((s) => `${GCP_SERVICE_TYPE}::${s.name}`);
  const gcp = mocks.resources.filter(
    (r) => r.type.startsWith("gcp:") && r.type !== GCP_SERVICE_TYPE,
  );
  assert.ok(gcp.length > 10);
  for (const r of gcp) {
    const own = (deps.get(r.name) ?? []).map((urn) => urn.slice(urn.lastIndexOf("$") + 1));
    for (const urn of serviceUrns)
      assert.ok(own.includes(urn), `${r.type} ${r.name} waits for ${urn}`);
    const api = API_OF_MODULE[r.type.slice(4, r.type.indexOf("/"))];
    assert.ok(api !== undefined && services.includes(api), `${r.type} needs ${api}, not enabled`);
  }
}

describe("Google Cloud resources wait for their stack's APIs", () => {
  it("global: every Google Cloud resource depends on every enabled API", async () => {
    const { mocks, deps } = await mocksWithDependencies();
    const t = topology();
    deployGcpGlobal({ ...globalContext(t), parent: new GatedParent("global") });
    await mocks.settle();
    assertGated(mocks, deps, gcpGlobalServices(t));
  });

  it("site: every Google Cloud resource and project look-up, however deep, waits for every enabled API", async () => {
    const { mocks, deps, invokes } = await mocksWithDependencies();
    const t = topology();
    const globals = { gcp: GCP_GLOBAL, aws: { zoneId: "Z9" } };
    const ctx = siteContext(t, "gcp:europe-west3", globals, {}, { interconnect: INTERCONNECT });
    deployGcpSite({ ...ctx, parent: new GatedParent("site") });
    await mocks.settle();
    const services = gcpSiteServices(t, ctx.site, { interconnect: INTERCONNECT });
    assertGated(mocks, deps, services);
    // The project look-ups (build identity, Pub/Sub agents) read through Cloud Resource Manager:
    // they wait for the APIs too. Spanner paths name the project from the provider's settings
    // or the global stack's outputs, and read no API.
    const lookups = invokes.get("gcp:organizations/getProject:getProject") ?? [];
    assert.equal(lookups.length, 3);
    const urns = services.map(
      (s) =>
        `urn:pulumi:spec::tachyon::tachyon:spec:Parent$${GCP_SERVICE_TYPE}::gcp-api-${s.replace(".googleapis.com", "")}`,
    );
    for (const waits of lookups) assert.deepEqual(waits, urns);
    // Not a Google Cloud resource: the latency record waits for nothing it does not use.
    const record = deps.get("gcp-dns-record");
    assert.ok(record !== undefined);
    assert.equal(record.filter((u) => u.includes(GCP_SERVICE_TYPE)).length, 0);
  });
});

describe("waitForGcpServices", () => {
  /** A provider resource of any type, as the mocks register it. */
  class Custom extends pulumi.CustomResource {
    constructor(type: string, name: string, opts: pulumi.CustomResourceOptions) {
      super(type, name, {}, opts);
    }
  }
  const custom = (type: string, name: string, opts: pulumi.CustomResourceOptions) =>
    new Custom(type, name, opts);

  it("keeps a resource's own dependencies and adds the services; other clouds' are left alone", async () => {
    const { mocks, deps } = await mocksWithDependencies();
    const parent = new GatedParent("gate");
    const api = custom(GCP_SERVICE_TYPE, "api", { parent });
    const other = custom("aws:sqs/queue:Queue", "queue", { parent });
    gateGcpResources(parent, [api]);
    custom("gcp:pubsub/topic:Topic", "own-array", { parent, dependsOn: [other] });
    custom("gcp:pubsub/topic:Topic", "own-single", { parent, dependsOn: other });
    custom("gcp:pubsub/topic:Topic", "own-output", { parent, dependsOn: pulumi.output([other]) });
    custom("aws:sqs/queue:Queue", "not-gcp", { parent });
    await mocks.settle();
    const urn = (type: string, name: string) =>
      `urn:pulumi:spec::tachyon::tachyon:spec:Parent$${type}::${name}`;
    const both = [urn("aws:sqs/queue:Queue", "queue"), urn(GCP_SERVICE_TYPE, "api")];
    assert.deepEqual(deps.get("own-array"), both);
    assert.deepEqual(deps.get("own-single"), both);
    assert.deepEqual(deps.get("own-output"), both);
    assert.deepEqual(deps.get("not-gcp"), []);
  });
});

describe("the global and regional deployments gate their Google Cloud resources", () => {
  // A topology of Google Cloud sites alone: nothing of another cloud is built.
  const gcpOnly = (): Topology => {
    const t = topology();
    return {
      ...t,
      sites: t.sites.filter((s) => s.cloud === "gcp"),
      workloads: t.workloads.map((w) => ({
        ...w,
        sites: w.sites.filter((id) => id.startsWith("gcp:")),
      })),
      databases: t.databases.filter((d) => d.cloud === "gcp"),
    };
  };
  /** The names of the services a resource's registration waited for. */
  const waitedFor = (deps: Map<string, string[]>, name: string): string[] =>
    (deps.get(name) ?? [])
      .filter((urn) => urn.includes(`$${GCP_SERVICE_TYPE}::`))
      .map((urn) => urn.slice(urn.lastIndexOf("::") + 2));

  it("GlobalDeployment: the VPC waits for the global stack's APIs", async () => {
    const { mocks, deps } = await mocksWithDependencies();
    new GlobalDeployment("prod-global", { topology: gcpOnly() });
    await mocks.settle();
    assert.deepEqual(waitedFor(deps, "gcp-network-network"), [
      "gcp-api-compute",
      "gcp-api-dns",
      "gcp-api-servicedirectory",
      "gcp-api-spanner",
    ]);
  });

  it("RegionalDeployment: the subnet and the source bucket wait for the site's APIs", async () => {
    const { mocks, deps } = await mocksWithDependencies();
    const t = gcpOnly();
    const site = siteOf(t, "gcp:europe-west3");
    const globals: Record<string, unknown> = { gcp: GCP_GLOBAL };
    const globalStack = {
      getOutput: (key: string) => pulumi.output(globals[key]),
    } as unknown as pulumi.StackReference;
    const regional = {
      site: site.id,
      cloud: site.cloud,
      region: site.region,
      globalStack: "prod-global",
      stackPrefix: "",
      options: {},
    };
    new RegionalDeployment("prod-gcp-europe-west3", { regional, topology: t, site, globalStack });
    await mocks.settle();
    const names = gcpSiteServices(t, site).map(
      (s) => `gcp-api-${s.replace(".googleapis.com", "")}`,
    );
    assert.deepEqual(waitedFor(deps, "gcp-network-subnet"), names);
    assert.deepEqual(waitedFor(deps, "gcp-sources"), names);
  });
});
