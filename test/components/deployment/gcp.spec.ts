import assert from "node:assert/strict";
import {
  deployGcpGlobal,
  deployGcpSite,
  gcpHttpFunctions,
} from "../../../components/deployment/gcp";
import { spannerSchemaDdl } from "../../../components/deployment/spanner-schema";
import type { Topology } from "../../../model/types";
import * as pulumi from "@pulumi/pulumi";
import { useRecordingMocks, valueOf, type Recorder } from "../azure-gcp-mocks";
import { topology } from "../azure-gcp-fixtures";
import { globalContext, siteContext, GCP_GLOBAL } from "./azure-gcp-context";

describe("deployGcpGlobal", () => {
  let mocks: Recorder;
  before(async () => {
    mocks = await useRecordingMocks();
    deployGcpGlobal(globalContext(topology()));
    await mocks.settle();
  });

  it("creates one global VPC with global routing and no automatic subnets", () => {
    const nets = mocks.ofType("gcp:compute/network:Network");
    assert.equal(nets.length, 1);
    assert.equal(nets[0].inputs.autoCreateSubnetworks, false);
    assert.equal(nets[0].inputs.routingMode, "GLOBAL");
  });

  it("reaches Google APIs through a Private Service Connect endpoint outside every site range", () => {
    const address = mocks.one("gcp:compute/globalAddress:GlobalAddress", "gcp-google-apis-address");
    assert.equal(address.inputs.address, "10.255.255.254");
    assert.match(address.inputs.network, /Network\/gcp-network-network$/);
    const rule = mocks.one(
      "gcp:compute/globalForwardingRule:GlobalForwardingRule",
      "gcp-google-apis-endpoint",
    );
    assert.equal(rule.inputs.name, "tachyonprodapis");
  });

  it("puts the database on the Spanner configuration covering its sites", () => {
    const instance = mocks.one("gcp:spanner/instance:Instance", "gcp-spanner-cards-instance");
    assert.equal(instance.inputs.name, "tachyon-prod-cards");
    assert.equal(instance.inputs.config, "nam-eur-asia1");
    assert.equal(instance.inputs.labels["data-class"], "pii");
  });

  it("points a serverless NEG per HTTP function and site at the site's service name", () => {
    const negs = mocks.ofType("gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup");
    assert.deepEqual(
      negs
        .map((n): unknown[] => [
          n.inputs.region,
          n.inputs.networkEndpointType,
          n.inputs.cloudRun.service,
        ])
        .sort(),
      [
        ["europe-west3", "SERVERLESS", "tachyon-prod-europe-west3-fraud-score"],
        ["europe-west3", "SERVERLESS", "tachyon-prod-europe-west3-order"],
        ["us-east4", "SERVERLESS", "tachyon-prod-us-east4-order"],
      ],
    );
  });

  it("lists every site's NEG in the function's global backend service, with outlier detection", () => {
    const order = mocks.one("gcp:compute/backendService:BackendService", "gcp-entry-order");
    assert.equal(order.inputs.loadBalancingScheme, "EXTERNAL_MANAGED");
    assert.deepEqual(order.inputs.backends.map((b: { group: string }) => b.group).sort(), [
      "gcp-entry-order-europe-west3-id",
      "gcp-entry-order-us-east4-id",
    ]);
    assert.deepEqual(order.inputs.outlierDetection, {
      consecutiveErrors: 5,
      enforcingConsecutiveErrors: 100,
      interval: { seconds: 10 },
      baseEjectionTime: { seconds: 30 },
      maxEjectionPercent: 50,
    });
  });

  it("serves the functions on one anycast address over HTTPS with QUIC", () => {
    const rule = mocks.one(
      "gcp:compute/globalForwardingRule:GlobalForwardingRule",
      "gcp-entry-https",
    );
    assert.equal(rule.inputs.ipAddress, "203.0.113.10");
    assert.equal(rule.inputs.portRange, "443");
    const proxy = mocks.one("gcp:compute/targetHttpsProxy:TargetHttpsProxy", "gcp-entry-proxy");
    assert.equal(proxy.inputs.quicOverride, "ENABLE");
    const tls = mocks.one("gcp:compute/sSLPolicy:SSLPolicy", "gcp-entry-tls");
    assert.equal(tls.inputs.minTlsVersion, "TLS_1_2");
    assert.equal(tls.inputs.profile, "MODERN");
    assert.equal(proxy.inputs.sslPolicy, "gcp-entry-tls-id");
  });

  it("puts every backend service behind a Cloud Armor policy with a per-IP throttle", () => {
    const armor = mocks.one("gcp:compute/securityPolicy:SecurityPolicy", "gcp-entry-armor");
    assert.equal(armor.inputs.type, "CLOUD_ARMOR");
    const rules = armor.inputs.rules as {
      priority: number;
      action: string;
      rateLimitOptions?: unknown;
    }[];
    assert.deepEqual(
      rules.map((r) => [r.priority, r.action]),
      [
        [1000, "throttle"],
        [2147483647, "allow"],
      ],
    );
    assert.deepEqual(rules[0].rateLimitOptions, {
      conformAction: "allow",
      exceedAction: "deny(429)",
      enforceOnKey: "IP",
      rateLimitThreshold: { count: 6000, intervalSec: 60 },
    });
    const services = mocks.ofType("gcp:compute/backendService:BackendService");
    assert.ok(services.length > 0);
    for (const s of services) {
      assert.equal(
        s.inputs.securityPolicy,
        "https://www.googleapis.com/gcp:compute/securityPolicy:SecurityPolicy/gcp-entry-armor",
      );
    }
    // One certificate per name, so one failing to provision does not hold back the other.
    const certs = mocks.ofType("gcp:compute/managedSslCertificate:ManagedSslCertificate");
    assert.deepEqual(
      certs.map((c): unknown[] => [c.name, c.inputs.name, c.inputs.managed]),
      [
        [
          "gcp-entry-certificate-31d715",
          "tachyon-prod-31d715",
          { domains: ["api.trade.example.com"] },
        ],
        [
          "gcp-entry-certificate-906ad4",
          "tachyon-prod-906ad4",
          { domains: ["gcp.api.trade.example.com"] },
        ],
      ],
    );
    const proxy = mocks.one("gcp:compute/targetHttpsProxy:TargetHttpsProxy", "gcp-entry-proxy");
    assert.equal((proxy.inputs.sslCertificates as unknown[]).length, 2);
    // Without a Route 53 zone there is nowhere to write gcp.api.<domain>.
    assert.equal(mocks.ofType("aws:route53/record:Record").length, 0);
  });

  it("names the load balancer gcp.api.<domain> in the environment's zone", async () => {
    const m = await useRecordingMocks();
    const outputs = deployGcpGlobal(globalContext(topology(), "Z123"));
    await m.settle();
    const record = m.one("aws:route53/record:Record", "gcp-entry-name").inputs;
    assert.deepEqual(
      [record.zoneId, record.name, record.type, record.ttl, record.records],
      ["Z123", "gcp.api.trade.example.com", "A", 60, ["203.0.113.10"]],
    );
    const entry = (await valueOf(pulumi.output(outputs.entry))) as Record<string, unknown>;
    assert.equal(entry.hostName, "gcp.api.trade.example.com");
  });

  it("routes /health to the first function, where the latency record's check asks", () => {
    const urlMap = mocks.one("gcp:compute/uRLMap:URLMap", "gcp-entry-urls");
    const [matcher] = urlMap.inputs.pathMatchers as { pathRules: { paths: string[] }[] }[];
    assert.deepEqual(
      matcher.pathRules.map((r) => r.paths),
      [
        ["/order", "/order/*", "/health"],
        ["/fraud-score", "/fraud-score/*"],
      ],
    );
  });
});

describe("gcpHttpFunctions", () => {
  it("lists each HTTP function with its GCP regions in topology order", () => {
    assert.deepEqual(gcpHttpFunctions(topology()), [
      { name: "order", regions: ["us-east4", "europe-west3"] },
      { name: "fraud-score", regions: ["europe-west3"] },
    ]);
  });
});

describe("deployGcpSite", () => {
  let mocks: Recorder;
  before(async () => {
    mocks = await useRecordingMocks();
    deployGcpSite(
      siteContext(topology(), "gcp:europe-west3", { gcp: GCP_GLOBAL, aws: { zoneId: "Z9" } }),
    );
    await mocks.settle();
  });
  const FUNCTION = "gcp:cloudfunctionsv2/function:Function";

  it("adds the site's subnet to the global VPC with Private Google Access", () => {
    const subnet = mocks.one("gcp:compute/subnetwork:Subnetwork", "gcp-network-subnet");
    assert.equal(subnet.inputs.network, GCP_GLOBAL.networkSelfLink);
    assert.equal(subnet.inputs.ipCidrRange, "10.50.0.0/16");
    assert.equal(subnet.inputs.region, "europe-west3");
    assert.equal(subnet.inputs.privateIpGoogleAccess, true);
  });

  it("deploys Cloud Run functions (Cloud Functions v2), never a Cloud Run service that names an unbuilt image", () => {
    assert.equal(mocks.ofType("gcp:cloudrunv2/service:Service").length, 0);
    assert.deepEqual(
      mocks
        .ofType(FUNCTION)
        .map((f) => f.inputs.name as string)
        .sort(),
      [
        "tachyon-prod-europe-west3-fraud-score",
        "tachyon-prod-europe-west3-normalize",
        "tachyon-prod-europe-west3-order",
      ],
    );
  });

  it("keeps warmInstances minimum instances, 1 vCPU and 16 requests per instance", () => {
    const order = mocks.one(FUNCTION, "gcp-order-function").inputs.serviceConfig;
    assert.equal(order.minInstanceCount, 3);
    assert.equal(order.maxInstanceCount, 100);
    assert.equal(order.availableCpu, "1");
    assert.equal(order.availableMemory, "1792Mi");
    assert.equal(order.maxInstanceRequestConcurrency, 16);
    assert.equal(order.timeoutSeconds, 10);
    assert.equal(order.allTrafficOnLatestRevision, true);
    assert.equal(
      mocks.one(FUNCTION, "gcp-fraud-score-function").inputs.serviceConfig.minInstanceCount,
      2,
    );
  });

  it("egresses to private ranges through the site subnet (Direct VPC egress)", () => {
    const config = mocks.one(FUNCTION, "gcp-normalize-function").inputs.serviceConfig;
    assert.equal(config.directVpcEgress, "VPC_EGRESS_PRIVATE_RANGES_ONLY");
    assert.equal(config.directVpcNetworkInterfaces.length, 1);
    // The API takes names, not self links.
    assert.equal(
      config.directVpcNetworkInterfaces[0].network,
      GCP_GLOBAL.networkSelfLink.slice(GCP_GLOBAL.networkSelfLink.lastIndexOf("/") + 1),
    );
    assert.doesNotMatch(config.directVpcNetworkInterfaces[0].network, /\//);
    assert.equal(
      config.directVpcNetworkInterfaces[0].subnetwork,
      mocks.one("gcp:compute/subnetwork:Subnetwork", "gcp-network-subnet").inputs.name,
    );
    assert.equal(config.vpcConnector, undefined);
  });

  it("builds the function from the bundle's source object into the site's repository", () => {
    const order = mocks.one(FUNCTION, "gcp-order-function");
    const object = mocks.one("gcp:storage/bucketObject:BucketObject", "gcp-order-source");
    assert.equal(object.inputs.bucket, "tachyon-prod-europe-west3-sources");
    assert.match(object.inputs.name, /^order\/[0-9a-f]{64}\.zip$/);
    assert.deepEqual(order.inputs.buildConfig, {
      runtime: "nodejs22",
      entryPoint: "handler",
      source: {
        storageSource: { bucket: "tachyon-prod-europe-west3-sources", object: object.inputs.name },
      },
      automaticUpdatePolicy: {},
      dockerRepository:
        "projects/tachyon-spec/locations/europe-west3/repositories/tachyon-prod-functions",
      serviceAccount: "gcp-build-identity-id",
    });
  });

  it("takes public HTTP only through the load balancer and keeps stream functions internal", () => {
    const order = mocks.one(FUNCTION, "gcp-order-function");
    assert.equal(order.inputs.serviceConfig.ingressSettings, "ALLOW_INTERNAL_AND_GCLB");
    assert.equal(order.inputs.labels.exposure, "public");
    assert.equal(order.inputs.labels["latency-class"], "critical");
    const normalize = mocks.one(FUNCTION, "gcp-normalize-function");
    assert.equal(normalize.inputs.serviceConfig.ingressSettings, "ALLOW_INTERNAL_ONLY");
    assert.equal(normalize.inputs.labels.exposure, undefined);
  });

  it("grants run.invoker on each function's own Cloud Run service", () => {
    const grants = mocks
      .ofType("gcp:cloudrunv2/serviceIamMember:ServiceIamMember")
      .map((g): unknown[] => [g.inputs.name, g.inputs.role, g.inputs.member])
      .map((g) => g.join(" "))
      .sort();
    assert.deepEqual(grants, [
      "tachyon-prod-europe-west3-fraud-score roles/run.invoker allUsers",
      "tachyon-prod-europe-west3-normalize roles/run.invoker serviceAccount:tachyon-prod-europe-west3-push@project.iam.gserviceaccount.com",
      "tachyon-prod-europe-west3-order roles/run.invoker allUsers",
      "tachyon-prod-europe-west3-order roles/run.invoker serviceAccount:tachyon-prod-europe-west3-push@project.iam.gserviceaccount.com",
    ]);
  });

  it("builds as a dedicated identity that may only read sources, push images and write logs", () => {
    const member = "serviceAccount:tachyon-prod-build-euro-7d0b03@project.iam.gserviceaccount.com";
    const grants = [
      mocks.one("gcp:storage/bucketIAMMember:BucketIAMMember", "gcp-build-read-sources"),
      mocks.one(
        "gcp:artifactregistry/repositoryIamMember:RepositoryIamMember",
        "gcp-build-push-images",
      ),
      mocks.one("gcp:projects/iAMMember:IAMMember", "gcp-build-write-logs"),
    ];
    assert.deepEqual(
      grants.map((g): unknown[] => [g.inputs.role, g.inputs.member]),
      [
        ["roles/storage.objectViewer", member],
        ["roles/artifactregistry.writer", member],
        ["roles/logging.logWriter", member],
      ],
    );
  });

  it("runs each service as its own service account, invoked by the push identity only", () => {
    const accounts = mocks
      .ofType("gcp:serviceaccount/account:Account")
      .map((a): unknown => a.inputs.accountId)
      .sort();
    assert.deepEqual(accounts, [
      "tachyon-prod-build-euro-7d0b03",
      "tachyon-prod-europe-west3-push",
      "tachyon-prod-fraud-scor-7cd215",
      "tachyon-prod-normalize-a0829a",
      "tachyon-prod-order-euro-73e094",
    ]);
    const invokers = mocks
      .ofType("gcp:cloudrunv2/serviceIamMember:ServiceIamMember")
      .map((m): unknown[] => [m.name, m.inputs.member])
      .sort();
    assert.deepEqual(invokers, [
      ["gcp-fraud-score-public-invoker", "allUsers"],
      [
        "gcp-normalize-invoker-0",
        "serviceAccount:tachyon-prod-europe-west3-push@project.iam.gserviceaccount.com",
      ],
      [
        "gcp-order-invoker-0",
        "serviceAccount:tachyon-prod-europe-west3-push@project.iam.gserviceaccount.com",
      ],
      ["gcp-order-public-invoker", "allUsers"],
    ]);
  });

  it("sends normalize's signals to order over the site's signals topic", () => {
    const normalize = mocks.one(FUNCTION, "gcp-normalize-function");
    assert.equal(
      normalize.inputs.serviceConfig.environmentVariables.TACHYON_SIGNAL_TOPIC,
      "projects/tachyon-spec/topics/tachyon-prod-europe-west3-signals",
    );
    const order = mocks.one(FUNCTION, "gcp-order-function");
    assert.equal(order.inputs.serviceConfig.environmentVariables.TACHYON_SIGNAL_TOPIC, undefined);
    const publisher = mocks.one(
      "gcp:pubsub/topicIAMMember:TopicIAMMember",
      "gcp-normalize-signals-publisher",
    );
    assert.deepEqual(
      [publisher.inputs.topic, publisher.inputs.member],
      [
        "tachyon-prod-europe-west3-signals",
        "serviceAccount:tachyon-prod-normalize-a0829a@project.iam.gserviceaccount.com",
      ],
    );
    const sub = mocks.one("gcp:pubsub/subscription:Subscription", "gcp-order-signals");
    assert.deepEqual(
      [sub.inputs.topic, sub.inputs.pushConfig.pushEndpoint, sub.inputs.labels["data-class"]],
      ["gcp-signals-topic-id", "https://tachyon-prod-europe-west3-order.a.run.app", "confidential"],
    );
  });

  it("pushes market data to normalize in order, with backoff and a dead-letter topic", () => {
    const sub = mocks.one("gcp:pubsub/subscription:Subscription", "gcp-normalize-market-data");
    assert.equal(
      sub.inputs.pushConfig.pushEndpoint,
      "https://tachyon-prod-europe-west3-normalize.a.run.app",
    );
    assert.equal(sub.inputs.enableMessageOrdering, true);
    assert.deepEqual(sub.inputs.retryPolicy, { minimumBackoff: "1s", maximumBackoff: "30s" });
    assert.equal(sub.inputs.deadLetterPolicy.maxDeliveryAttempts, 5);
    assert.match(sub.inputs.deadLetterPolicy.deadLetterTopic, /dead-letters-id$/);
    const topic = mocks.one("gcp:pubsub/topic:Topic", "gcp-pipeline-market-data");
    assert.deepEqual(topic.inputs.messageStoragePolicy, {
      allowedPersistenceRegions: ["europe-west3"],
    });
  });

  it("grants databaseUser on the workload's database to fraud-score, whose code uses it, only", () => {
    // fraud's workload names "cards"; trading's "orders" is on Azure, so order's grant is on the
    // site's own store (gcp-site-store.spec.ts).
    assert.deepEqual(
      mocks
        .ofType("gcp:spanner/databaseIAMMember:DatabaseIAMMember")
        .map((g): unknown[] => [g.name, g.inputs.database, g.inputs.role]),
      [
        ["gcp-fraud-score-spanner", "cards", "roles/spanner.databaseUser"],
        ["gcp-order-spanner", "site", "roles/spanner.databaseUser"],
      ],
    );
  });

  it("alerts on p99 request latency at the tightest budget of the site", () => {
    const p99 = mocks.one("gcp:monitoring/alertPolicy:AlertPolicy", "gcp-alerts-p99");
    const threshold = p99.inputs.conditions[0].conditionThreshold;
    assert.match(threshold.filter, /metric.type = "run.googleapis.com\/request_latencies"/);
    assert.equal(threshold.aggregations[0].perSeriesAligner, "ALIGN_PERCENTILE_99");
    assert.equal(threshold.thresholdValue, 15);
  });

  it("alerts on the backlog of both dead-letter subscriptions, market data and signals", () => {
    const policy = mocks.one("gcp:monitoring/alertPolicy:AlertPolicy", "gcp-alerts-dead-letters");
    assert.deepEqual(
      policy.inputs.conditions.map(
        (c: { conditionThreshold: { filter: string } }) =>
          /subscription_id = "([^"]+)"/.exec(c.conditionThreshold.filter)?.[1],
      ),
      ["tachyon-prod-europe-west3-market-data-dlq", "tachyon-prod-europe-west3-signals-dlq"],
    );
  });

  it("adds a latency CNAME to gcp.api.<domain>, like every other member, checked on that name", () => {
    const record = mocks.one("aws:route53/record:Record", "gcp-dns-record");
    assert.equal(record.inputs.type, "CNAME");
    assert.deepEqual(record.inputs.records, ["gcp.api.trade.example.com"]);
    assert.equal(record.inputs.setIdentifier, "gcp-europe-west3");
    const check = mocks.one("aws:route53/healthCheck:HealthCheck", "gcp-dns-health").inputs;
    assert.deepEqual(
      [check.type, check.fqdn, check.resourcePath],
      ["HTTPS", "gcp.api.trade.example.com", "/health"],
    );
  });
});

describe("deployGcpSite with the regional stack's optional keys", () => {
  const globals = { gcp: GCP_GLOBAL, aws: { zoneId: "Z9" } };
  const INTERCONNECT =
    "https://www.googleapis.com/compute/v1/projects/tachyon-net/global/interconnects/fra-zone1-1";

  it("attaches a dedicated interconnect through a Cloud Router announcing the site range", async () => {
    const mocks = await useRecordingMocks();
    const interconnect = {
      type: "DEDICATED" as const,
      interconnect: INTERCONNECT,
      bandwidth: "BPS_20G" as const,
      asn: 64514,
    };
    deployGcpSite(siteContext(topology(), "gcp:europe-west3", globals, {}, { interconnect }));
    await mocks.settle();
    const router = mocks.one("gcp:compute/router:Router", "gcp-network-router");
    assert.equal(router.inputs.bgp.asn, 64514);
    assert.deepEqual(router.inputs.bgp.advertisedIpRanges, [{ range: "10.50.0.0/16" }]);
    const attachment = mocks.one(
      "gcp:compute/interconnectAttachment:InterconnectAttachment",
      "gcp-network-attachment",
    );
    assert.equal(attachment.inputs.type, "DEDICATED");
    assert.equal(attachment.inputs.interconnect, INTERCONNECT);
    assert.equal(attachment.inputs.bandwidth, "BPS_20G");
  });

  it("sends alerts to the configured address", async () => {
    const mocks = await useRecordingMocks();
    deployGcpSite(
      siteContext(topology(), "gcp:europe-west3", globals, {}, { alertEmail: "fx@example.com" }),
    );
    await mocks.settle();
    const channel = mocks.one(
      "gcp:monitoring/notificationChannel:NotificationChannel",
      "gcp-alerts-channel",
    );
    assert.deepEqual(channel.inputs.labels, { email_address: "fx@example.com" });
  });

  it("alerts oncall@ the DNS domain and creates no attachment without them", async () => {
    const mocks = await useRecordingMocks();
    deployGcpSite(siteContext(topology(), "gcp:europe-west3", globals));
    await mocks.settle();
    const channel = mocks.one(
      "gcp:monitoring/notificationChannel:NotificationChannel",
      "gcp-alerts-channel",
    );
    assert.deepEqual(channel.inputs.labels, { email_address: "oncall@trade.example.com" });
    assert.equal(
      mocks.ofType("gcp:compute/interconnectAttachment:InterconnectAttachment").length,
      0,
    );
  });
});

describe("deployGcpSite with a stream workload other than trading", () => {
  it("pushes market data to portfolio-value and sizes it from the workload's memory", async () => {
    const mocks = await useRecordingMocks();
    const t = topology();
    const only = {
      ...t,
      workloads: [
        {
          kind: "portfolio" as const,
          sites: ["gcp:europe-west3"],
          warmInstances: 2,
          latencyBudgetMs: 500,
          dataClass: "internal" as const,
          memoryMb: 4096,
        },
      ],
    };
    deployGcpSite(
      siteContext(only, "gcp:europe-west3", { gcp: GCP_GLOBAL, aws: { zoneId: "Z9" } }),
    );
    await mocks.settle();
    const sub = mocks.one(
      "gcp:pubsub/subscription:Subscription",
      "gcp-portfolio-value-market-data",
    );
    assert.equal(
      sub.inputs.pushConfig.pushEndpoint,
      "https://tachyon-prod-europe-west3-portfolio-value.a.run.app",
    );
    const config = mocks.one(
      "gcp:cloudfunctionsv2/function:Function",
      "gcp-portfolio-value-function",
    ).inputs.serviceConfig;
    assert.deepEqual([config.availableCpu, config.availableMemory], ["1", "4096Mi"]);
    assert.equal(
      mocks.one("gcp:pubsub/topic:Topic", "gcp-pipeline-market-data").inputs.labels["data-class"],
      "internal",
    );
    // No HTTP function here: no latency record.
    assert.equal(mocks.ofType("aws:route53/record:Record").length, 0);
  });
});

describe("GCP order claims in a trading workload's Spanner database", () => {
  const trading = () => {
    const t = topology();
    return {
      ...t,
      workloads: t.workloads.map((w) => (w.kind === "trading" ? { ...w, database: "cards" } : w)),
    };
  };
  const envOf = (mocks: Recorder, fn: string): Record<string, unknown> =>
    mocks.one("gcp:cloudfunctionsv2/function:Function", `gcp-${fn}-function`).inputs.serviceConfig
      .environmentVariables as Record<string, unknown>;

  it("creates the claims table, then adds its digest column, first in the database trading uses", async () => {
    const mocks = await useRecordingMocks();
    deployGcpGlobal(globalContext(trading()));
    await mocks.settle();
    const db = mocks.one("gcp:spanner/database:Database", "gcp-spanner-cards-db");
    assert.deepEqual((db.inputs.ddls as string[]).slice(0, 2), [
      "CREATE TABLE Claims (Id STRING(128) NOT NULL, State STRING(8) NOT NULL, Result STRING(MAX), ExpiresAt TIMESTAMP NOT NULL) PRIMARY KEY (Id), ROW DELETION POLICY (OLDER_THAN(ExpiresAt, INTERVAL 0 DAY))",
      "ALTER TABLE Claims ADD COLUMN Digest STRING(MAX)",
    ]);
  });

  it("gives a database the same statements whichever workloads use it, so adding one never edits an earlier statement", async () => {
    const ddlsOf = async (t: Topology): Promise<unknown> => {
      const mocks = await useRecordingMocks();
      deployGcpGlobal(globalContext(t));
      await mocks.settle();
      return mocks.one("gcp:spanner/database:Database", "gcp-spanner-cards-db").inputs.ddls;
    };
    // Fraud alone, then trading added to the same database.
    assert.deepEqual(await ddlsOf(topology()), spannerSchemaDdl());
    assert.deepEqual(await ddlsOf(trading()), spannerSchemaDdl());
  });

  it("names the database to the order function only, which holds databaseUser on it", async () => {
    const mocks = await useRecordingMocks();
    deployGcpSite(
      siteContext(trading(), "gcp:europe-west3", { gcp: GCP_GLOBAL, aws: { zoneId: "Z9" } }),
    );
    await mocks.settle();
    assert.equal(
      envOf(mocks, "order").TACHYON_IDEMPOTENCY_SPANNER_DATABASE,
      "projects/tachyon-global/instances/tachyon-prod-cards/databases/cards",
    );
    assert.equal(envOf(mocks, "normalize").TACHYON_IDEMPOTENCY_SPANNER_DATABASE, undefined);
    const grant = mocks.one("gcp:spanner/databaseIAMMember:DatabaseIAMMember", "gcp-order-spanner");
    assert.deepEqual(
      [
        grant.inputs.project,
        grant.inputs.instance,
        grant.inputs.database,
        grant.inputs.role,
        grant.inputs.member,
      ],
      [
        "tachyon-global",
        "tachyon-prod-cards",
        "cards",
        "roles/spanner.databaseUser",
        "serviceAccount:tachyon-prod-order-euro-73e094@project.iam.gserviceaccount.com",
      ],
    );
  });

  it("names the site's own store to order when trading's database is on another cloud", async () => {
    const mocks = await useRecordingMocks();
    deployGcpSite(
      siteContext(topology(), "gcp:europe-west3", { gcp: GCP_GLOBAL, aws: { zoneId: "Z9" } }),
    );
    await mocks.settle();
    assert.equal(
      envOf(mocks, "order").TACHYON_IDEMPOTENCY_SPANNER_DATABASE,
      "projects/tachyon-spec/instances/tachyon-prod-europe-west3-site/databases/site",
    );
  });
});
